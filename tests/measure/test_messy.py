"""What real exports hold: symbols, separators, date formats, refunds, walk-ins, repeats, blanks."""

from __future__ import annotations

from datetime import date

import pytest

from canvas.measure.errors import SalesFileError
from canvas.measure.figures import Period
from canvas.measure.limits import SkipReason
from tests.measure.files import csv_bytes, measured, read

HEADER = ["customer", "date", "amount"]


def amounts(*cells: str, sep: str = ",") -> list[float]:
    rows = [[f"c{i}", "2025-01-03", cell] for i, cell in enumerate(cells)]
    return read(csv_bytes(HEADER, rows, sep=sep)).table["amount"].tolist()


def test_currency_symbols_and_thousands_separators() -> None:
    assert amounts("$1,234.50", "€ 12.00", "AUD 7", "(3.50)", "£0.99") == [
        1234.5,
        12.0,
        7.0,
        -3.5,
        0.99,
    ]


def test_decimal_comma_with_semicolons() -> None:
    assert amounts("1.234,50", "12,5", "3", sep=";") == [1234.5, 12.5, 3.0]


@pytest.mark.parametrize(
    ("cells", "label", "first"),
    [
        (["2025-01-31", "2025-02-01"], "YYYY-MM-DD", date(2025, 1, 31)),
        (["31/01/2025", "01/02/2025"], "DD/MM/YYYY", date(2025, 1, 31)),
        (["01/31/2025", "02/01/2025"], "MM/DD/YYYY", date(2025, 1, 31)),
        (["31.01.2025", "01.02.2025"], "DD.MM.YYYY", date(2025, 1, 31)),
        (["2025-01-31T09:30:00Z", "2025-02-01T10:00:00Z"], "YYYY-MM-DD", date(2025, 1, 31)),
        (["31/01/25 9:30", "01/02/25 10:00"], "DD/MM/YY", date(2025, 1, 31)),
    ],
)
def test_one_date_format_per_file_said_back(cells: list[str], label: str, first: date) -> None:
    records = read(csv_bytes(HEADER, [["a", cell, "5"] for cell in cells]))
    assert records.date_format == label
    assert records.table["date"].iloc[0].date() == first


def test_ambiguous_dates_read_day_first_and_a_stray_format_is_counted() -> None:
    records = read(csv_bytes(HEADER, [["a", "03/04/2025", "5"], ["a", "April 5th", "5"]]))
    assert records.date_format == "DD/MM/YYYY"
    assert records.table["date"].iloc[0].date() == date(2025, 4, 3)
    assert records.rows_skipped == {SkipReason.bad_date.value: 1}


def test_refunds_are_netted_never_purchases() -> None:
    rows = [["a", "2025-01-03", "40"], ["a", "2025-01-04", "-10"], ["b", "2025-01-05", "-5"]]
    m = measured(csv_bytes(HEADER, rows))
    (group,) = m.groups
    assert (group.customers, group.purchases, group.net_sales) == (1, 1, 25.0)
    assert group.avg_sale == 25.0


def test_refund_status_column_turns_a_positive_amount_into_a_refund() -> None:
    data = csv_bytes(
        ["customer", "date", "amount", "status"],
        [["a", "2025-01-03", "40", "paid"], ["a", "2025-01-04", "10", "Refunded"]],
    )
    (group,) = measured(data).groups
    assert (group.purchases, group.net_sales) == (1, 30.0)


def test_walk_ins_are_counted_and_reported_but_not_customers() -> None:
    rows = [["", "2025-01-03", "4.50"], ["  ", "2025-01-03", "5.50"], ["a", "2025-01-03", "9"]]
    records = read(csv_bytes(HEADER, rows))
    assert records.rows_skipped == {SkipReason.walk_in.value: 2}
    assert records.walk_in_sales == 10.0
    assert measured(csv_bytes(HEADER, rows)).customers == 1


def test_repeated_order_ids_count_once() -> None:
    data = csv_bytes(
        ["customer", "date", "amount", "order id"],
        [["a", "2025-01-03", "9", "A1"], ["a", "2025-01-03", "9", "A1"], ["a", "2025-01-04", "9", "A2"]],
    )  # fmt: skip
    assert read(data).rows_skipped == {SkipReason.repeated_order.value: 1}
    assert measured(data).groups[0].purchases == 2


def test_blank_lines_bom_and_carriage_returns() -> None:
    data = b"\xef\xbb\xbfcustomer,date,amount\r\na,2025-01-03,5\r\n\r\n,,\r\nb,2025-01-04,6\r\n\r\n"
    records = read(data)
    assert records.rows_used == 2
    assert records.rows_skipped == {SkipReason.blank.value: 3}
    assert records.rows == 5


def test_tabs_and_windows_encoding() -> None:
    data = "customer\tdate\tamount\nRené\t2025-01-03\t€5\n".encode("cp1252")
    assert read(data).table["amount"].tolist() == [5.0]


def test_every_row_is_used_or_counted() -> None:
    rows = [
        ["a", "2025-01-03", "5"],
        ["", "2025-01-03", "5"],
        ["b", "not a date", "5"],
        ["c", "2025-01-03", "five"],
        ["d", "2025-01-03", "0"],
        ['=HYPERLINK("x")', "2025-01-03", "5"],
    ]
    records = read(csv_bytes(HEADER, rows))
    assert records.rows_used + sum(records.rows_skipped.values()) == records.rows == 6
    assert set(records.rows_skipped) == {
        SkipReason.walk_in.value,
        SkipReason.bad_date.value,
        SkipReason.bad_amount.value,
        SkipReason.zero_amount.value,
        SkipReason.formula.value,
    }


def test_period_is_the_12_months_to_the_as_of_date() -> None:
    assert Period.ending(date(2025, 6, 30)) == Period(date(2024, 7, 1), date(2025, 6, 30))
    assert Period.ending(date(2024, 2, 29)).start == date(2023, 3, 1)
    assert Period.ending(date(2025, 6, 30)).before() == Period(date(2023, 7, 1), date(2024, 6, 30))


def test_retention_needs_the_earlier_year() -> None:
    rows = [
        ["a", "2023-02-10", "5"],
        ["b", "2023-03-10", "5"],
        ["a", "2025-01-10", "5"],
        ["c", "2025-01-11", "5"],
    ]
    m = measured(csv_bytes(HEADER, rows), as_of=date(2025, 1, 31))
    assert m.has_earlier_year and m.groups[0].retention_pct == 50.0
    short = measured(csv_bytes(HEADER, rows[2:]))
    assert not short.has_earlier_year and short.groups[0].retention_pct is None


def test_each_sale_counts_in_its_own_year_and_none_outside_them() -> None:
    """The period and the earlier year are counted in one pass: a sale on either side of each
    edge lands in the right year or in none."""
    rows = [
        ["a", "2023-06-30", "500"],  # the day before the earlier year: in no year
        ["a", "2023-07-01", "2"],  # the earlier year's first day
        ["b", "2024-06-30", "3"],  # the earlier year's last day
        ["b", "2024-07-01", "7"],  # the period's first day
        ["c", "2025-06-30", "11"],  # the as-of date: the period's last day
        ["c", "2025-07-01", "1000"],  # after the as-of date: in no year
        ["d", "2023-07-01", "5"],
    ]
    m = measured(csv_bytes(HEADER, rows), as_of=date(2025, 6, 30))
    assert m.has_earlier_year and (m.customers, m.net_sales) == (2, 18.0)
    group = m.groups[0]
    assert (group.purchases, group.customers) == (2, 2)
    assert group.retention_pct == pytest.approx(100 / 3)  # of a, b and d, only b came back


def test_a_customers_group_is_the_one_on_their_latest_sale() -> None:
    rows = [
        ["x", "2025-01-01", "5", "Old"],
        ["x", "2025-02-01", "5", "New"],
        ["x", "2025-02-01", "5", "Newer"],  # the same day: the later row decides
        ["y", "2025-03-01", "5", "Solo"],
        ["y", "2025-01-01", "5", "Earlier"],  # earlier in time, later in the file
    ]
    m = measured(csv_bytes([*HEADER, "group"], rows))
    assert {g.group: g.customers for g in m.groups} == {"Newer": 1, "Solo": 1}


def test_top_20_percent_share() -> None:
    rows = [[f"c{i}", "2025-01-03", "100" if i < 2 else "10"] for i in range(10)]
    assert measured(csv_bytes(HEADER, rows)).top20_share_pct == pytest.approx(200 / 280 * 100)


def test_a_line_with_too_many_fields_is_counted_not_misread() -> None:
    data = (
        b"customer,date,amount\n"
        b'"Ann\nSmith",2025-01-03,5\n'  # a quoted line break is one row
        b"Bob,2025-01-03,1,234.50\n"  # an unquoted thousands separator: one field too many
    )
    records = read(data)
    assert records.rows_skipped == {SkipReason.bad_line.value: 1}
    assert records.rows == 2 and records.table["amount"].tolist() == [5.0]


def test_customer_ids_keep_their_leading_zeros_and_every_digit() -> None:
    rows = [
        ["123", "2025-01-03", "5"],
        ["0123", "2025-01-03", "5"],
        ["12345678901234567890123", "2025-01-03", "5"],
        ["12345678901234567890124", "2025-01-03", "5"],
    ]
    assert measured(csv_bytes(HEADER, rows)).customers == 4


def test_a_file_with_only_its_column_names() -> None:
    with pytest.raises(SalesFileError, match="no sales rows"):
        measured(b"customer,date,amount\n")
