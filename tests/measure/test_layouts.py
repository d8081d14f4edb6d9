"""Each supported layout is found from its headers, and its refunds and statuses are read right."""

from __future__ import annotations

from datetime import date

import pytest

from canvas.measure.errors import NeedsMapping
from canvas.measure.layouts import ColumnMap
from canvas.measure.limits import SkipReason
from tests.measure.files import (
    SHOPIFY_HEADER,
    SQUARE_HEADER,
    STRIPE_HEADER,
    WOO_HEADER,
    csv_bytes,
    measured,
    read,
    shopify_rows,
    square_row,
    stripe_row,
    woo_row,
    xlsx_bytes,
)


def test_square_transactions() -> None:
    data = csv_bytes(
        SQUARE_HEADER,
        [
            square_row("01/03/2025", "$12.50", "t1", "CUST1"),
            square_row("02/03/2025", "$1,007.50", "t2", "CUST1"),
            square_row("02/04/2025", "-$7.50", "t3", "CUST1", event="Refund"),
            square_row("02/05/2025", "$4.00", "t4", ""),
            square_row("02/05/2025", "$4.00", "t4", "CUST2"),  # the same transaction twice
        ],
    )
    records = read(data)
    assert records.layout.startswith("Square")
    assert records.date_format == "MM/DD/YYYY"  # Square writes month first
    assert records.rows_skipped == {
        SkipReason.walk_in.value: 1,
        SkipReason.repeated_order.value: 1,
    }
    m = measured(data)
    assert m.period.end == date(2025, 2, 4)
    (group,) = m.groups
    assert (group.customers, group.purchases, group.net_sales) == (1, 2, 1012.5)
    assert records.refunds == 1


def test_shopify_orders_count_each_order_once_and_net_refunds() -> None:
    rows = [
        *shopify_rows("#1001", "ann@mail.test", "paid", "2025-01-03 10:22:01 -0500", "50.00", "0.00", 3),
        *shopify_rows("#1002", "ANN@mail.test", "partially_refunded", "2025-02-03 11:00:00 -0500", "80.00", "20.00", 2),
        *shopify_rows("#1003", "bob@mail.test", "refunded", "2025-02-04 11:00:00 -0500", "30.00", "30.00", 1),
        *shopify_rows("#1004", "bob@mail.test", "pending", "2025-02-05 11:00:00 -0500", "30.00", "", 1),
        *shopify_rows("#1005", "cy@mail.test", "paid", "2025-02-06 09:00:00 -0500", "15.00", "", 1),
    ]  # fmt: skip
    records = read(csv_bytes(SHOPIFY_HEADER, rows))
    assert records.layout.startswith("Shopify")
    assert records.rows_skipped == {
        SkipReason.repeated_order.value: 3,
        SkipReason.not_completed.value: 1,
    }
    m = measured(csv_bytes(SHOPIFY_HEADER, rows))
    (group,) = m.groups
    # Ann: 50 + (80 - 20); Bob: a refunded order is no purchase; Cy: 15
    assert (group.customers, group.purchases, group.net_sales) == (2, 3, 125.0)


def test_stripe_payments() -> None:
    rows = [
        stripe_row("ch_1", "2025-01-03 10:22", "20.00", "0.00", "Paid", "cus_A"),
        stripe_row("ch_2", "2025-01-10 10:22", "20.00", "5.00", "Paid", "cus_A"),
        stripe_row("ch_3", "2025-01-11 10:22", "20.00", "20.00", "Refunded", "cus_B"),
        stripe_row("ch_4", "2025-01-12 10:22", "20.00", "0.00", "Failed", "cus_B"),
    ]
    records = read(csv_bytes(STRIPE_HEADER, rows))
    assert records.layout.startswith("Stripe")
    assert records.rows_skipped == {SkipReason.not_completed.value: 1}
    (group,) = measure_groups(csv_bytes(STRIPE_HEADER, rows))
    assert (group.customers, group.purchases, group.net_sales) == (1, 2, 35.0)


def test_woocommerce_orders() -> None:
    rows = [
        woo_row(1, "2025-01-03 10:22:01", "wc-completed", "45.00", "0", "a@mail.test"),
        woo_row(2, "2025-01-04 10:22:01", "wc-processing", "55.00", "0", "b@mail.test"),
        woo_row(3, "2025-01-05 10:22:01", "wc-refunded", "20.00", "20.00", "b@mail.test"),
        woo_row(4, "2025-01-06 10:22:01", "wc-cancelled", "20.00", "0", "c@mail.test"),
    ]
    records = read(csv_bytes(WOO_HEADER, rows))
    assert records.layout.startswith("WooCommerce")
    (group,) = measure_groups(csv_bytes(WOO_HEADER, rows))
    assert (group.customers, group.purchases, group.net_sales) == (2, 2, 100.0)


def test_plain_layout_in_a_workbook() -> None:
    data = xlsx_bytes(
        ["Customer", "Date", "Amount", "Segment"],
        [
            ["a", date(2025, 1, 3), 10, "Regulars"],
            ["b", date(2025, 1, 4), 12.5, "Regulars"],
            ["c", date(2025, 1, 5), 100, "Offices"],
        ],
    )
    m = measured(data, "sales.xlsx")
    assert [(g.group, g.customers, g.net_sales) for g in m.groups] == [
        ("Regulars", 2, 22.5),
        ("Offices", 1, 100.0),
    ]


def test_unknown_columns_ask_for_a_mapping_with_a_preview() -> None:
    data = csv_bytes(["Kunde", "Datum", "Betrag"], [["a", "03.01.2025", "10,50"]], sep=";")
    with pytest.raises(NeedsMapping) as caught:
        read(data)
    assert caught.value.headers == ["Kunde", "Datum", "Betrag"]
    assert caught.value.preview == [["a", "03.01.2025", "10,50"]]
    records = read(data, columns=ColumnMap(customer="Kunde", date="Datum", amount="Betrag"))
    assert records.date_format == "DD.MM.YYYY"
    assert records.table["amount"].tolist() == [10.5]


def measure_groups(data: bytes):  # type: ignore[no-untyped-def]
    return measured(data).groups
