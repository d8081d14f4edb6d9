"""Accepted figures into a canvas, and `python -m canvas measure` (its JSON contract and exits)."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import pytest

from canvas.cli import EXIT_BAD_FILE, EXIT_OK, main
from canvas.core.editing import EditError
from canvas.core.model import Confidence
from canvas.measure.apply import apply_measurement
from canvas.storage.files import SAMPLES_DIR, load_canvas, load_sample
from tests.measure.files import csv_bytes, measured

SALES = SAMPLES_DIR / "sales" / "bakery_sales.csv.gz"
HEADER = ["customer", "date", "amount", "segment"]
ROWS = [
    ["ann@mail.test", "2023-02-10", "8.00", "Weekday commuters"],
    ["ann@mail.test", "2025-01-10", "6.00", "Weekday commuters"],
    ["bob@mail.test", "2023-02-12", "7.00", "Weekday commuters"],
    ["cy@mail.test", "2025-01-11", "450.00", "office catering ACCOUNTS"],
    ["dee@mail.test", "2025-01-11", "20.00", "Dog walkers"],
]


def small() -> bytes:
    return csv_bytes(HEADER, ROWS)


def test_accepted_figures_become_measured_with_their_source() -> None:
    canvas = load_sample("bakery")
    m = measured(small(), "till export.csv", as_of=date(2025, 1, 31))
    changed, unmatched = apply_measurement(canvas, m, accepted=["Weekday commuters"])
    assert unmatched == []
    commuters = next(g for g in changed.groups if g.name == "Weekday commuters")
    assert (commuters.customer_count, commuters.avg_order_value) == (1, 6.0)
    assert (commuters.purchases_per_year, commuters.retention_pct) == (1.0, 50.0)
    assert commuters.confidence.customer_count == Confidence.measured
    assert commuters.confidence.retention_pct == Confidence.measured
    assert commuters.measured is not None
    assert commuters.measured.file_name == "till export.csv"
    assert (commuters.measured.period_start, commuters.measured.period_end) == (
        date(2024, 2, 1),
        date(2025, 1, 31),
    )
    assert commuters.measured.rows_used == 5
    original = next(g for g in canvas.groups if g.name == "Weekday commuters")
    assert commuters.contribution_margin_pct == original.contribution_margin_pct
    assert commuters.cost_to_serve_per_year == original.cost_to_serve_per_year
    others = [g for g in changed.groups if g.name != "Weekday commuters"]
    assert all(g.measured is None for g in others)


def test_groups_match_by_name_and_unknown_groups_are_named() -> None:
    m = measured(small(), as_of=date(2025, 1, 31))
    changed, unmatched = apply_measurement(load_sample("bakery"), m)
    assert unmatched == ["Dog walkers"]
    office = next(g for g in changed.groups if g.name == "Office catering accounts")
    assert office.measured is not None and office.avg_order_value == 450.0
    assert "retention_pct" not in office.measured.fields  # no earlier customers in this group


def test_no_customer_id_reaches_the_canvas() -> None:
    m = measured(small(), as_of=date(2025, 1, 31))
    changed, _ = apply_measurement(load_sample("bakery"), m)
    text = changed.model_dump_json()
    assert "@mail.test" not in text


def test_full_retention_is_kept_under_the_models_limit() -> None:
    rows = [
        ["a", "2023-02-10", "5", "Weekday commuters"],
        ["a", "2025-01-10", "5", "Weekday commuters"],
    ]
    changed, _ = apply_measurement(load_sample("bakery"), measured(csv_bytes(HEADER, rows)))
    assert next(g for g in changed.groups if g.name == "Weekday commuters").retention_pct == 99.0


def test_a_refused_figure_changes_nothing() -> None:
    rows = [
        ["a", "2025-01-10", "-5", "Weekday commuters"],
        ["a", "2025-01-11", "2000000000", "Weekday commuters"],
    ]
    with pytest.raises(EditError):
        apply_measurement(load_sample("bakery"), measured(csv_bytes(HEADER, rows)))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvas", *args], capture_output=True, text=True, check=False
    )


def test_json_contract_with_bgnbd() -> None:
    result = run_cli("measure", str(SALES), "--bgnbd", "--json")
    assert result.returncode == EXIT_OK, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {
        "rows", "rows_used", "rows_skipped", "customers", "period", "date_format",
        "top20_share_pct", "groups", "bgnbd",
    }  # fmt: skip
    assert set(report["period"]) == {"start", "end"}
    assert set(report["bgnbd"]) >= {"r", "alpha", "a", "b", "time_unit"}
    assert report["bgnbd"]["time_unit"] == "weeks"
    for group in report["groups"]:
        assert set(group) >= {
            "group", "customers", "purchases", "net_sales", "avg_sale", "purchases_per_year",
            "retention_pct", "revenue_share_pct", "p_alive_avg", "expected_purchases_12m",
        }  # fmt: skip
    assert report["customers"] == 2018 and report["date_format"] == "YYYY-MM-DD"
    assert report["rows_skipped"] == {"no customer (walk-in sale)": 6888}


def test_retention_is_null_without_an_earlier_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sales = tmp_path / "s.csv"
    sales.write_bytes(csv_bytes(HEADER, ROWS[1:2]))
    assert main(["measure", str(sales), "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["groups"][0]["retention_pct"] is None


def test_as_of_group_column_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sales = tmp_path / "s.csv"
    sales.write_bytes(csv_bytes([*HEADER, "channel"], [[*r, "shop"] for r in ROWS]))
    assert main(["measure", str(sales), "--as-of", "2025-12-31", "--group-column", "channel"]) == 0
    out = capsys.readouterr().out
    assert "Period 2025-01-01 to 2025-12-31" in out and "shop" in out
    assert main(["measure", str(sales), "--as-of", "2024-06-30"]) == 0
    assert "No customer bought anything in these 12 months" in capsys.readouterr().out


def test_writes_the_accepted_figures_into_a_canvas(tmp_path: Path) -> None:
    out = tmp_path / "measured.json"
    code = main(
        ["measure", str(SALES), "--canvas", str(SAMPLES_DIR / "bakery.json"), "-o", str(out)]
    )
    assert code == EXIT_OK
    canvas = load_canvas(out)
    assert all(g.measured is not None for g in canvas.groups)
    assert all(g.confidence.purchases_per_year == Confidence.measured for g in canvas.groups)
    assert "c10" not in out.read_text()  # customer ids never leave the import


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "31/12/2024"], "not a date like 2025-06-30"),
        (["--group-column", "nope"], "no column named 'nope'"),
        (["--customer-column", "customer"], "give all three"),
        (["-o", "x.json"], "Give both --canvas IN.json and -o OUT.json"),
    ],
)
def test_plain_errors(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sales = tmp_path / "s.csv"
    sales.write_bytes(small())
    with pytest.raises(SystemExit) if args[0] == "--as-of" else nullcontext() as exited:
        assert main(["measure", str(sales), *args]) == EXIT_BAD_FILE
    if exited is not None:
        assert exited.value.code == EXIT_BAD_FILE  # argparse's own exit for a bad option
    assert message in capsys.readouterr().err


def test_unknown_columns_name_the_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sales = tmp_path / "s.csv"
    sales.write_bytes(csv_bytes(["Kunde", "Datum", "Betrag"], [["a", "2025-01-03", "5"]]))
    assert main(["measure", str(sales)]) == EXIT_BAD_FILE
    err = capsys.readouterr().err
    assert "Kunde, Datum, Betrag" in err and "--customer-column" in err
    mapped = main([
        "measure", str(sales), "--customer-column", "Kunde", "--date-column", "Datum",
        "--amount-column", "Betrag", "--json",
    ])  # fmt: skip
    assert mapped == EXIT_OK and json.loads(capsys.readouterr().out)["customers"] == 1


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", str(tmp_path / "none.csv")]) == EXIT_BAD_FILE
    assert "Could not read 'none.csv'" in capsys.readouterr().err


def test_proposed_groups_by_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", str(SALES), "--propose-groups", "--json"]) == EXIT_OK
    groups = {g["group"]: g for g in json.loads(capsys.readouterr().out)["groups"]}
    assert "Top 10% by spend" in groups
    assert sum(g["customers"] for g in groups.values()) == 2018
