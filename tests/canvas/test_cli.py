from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from canvas.cli import main
from canvas.core.document import as_new_canvas, canvas_to_json
from canvas.storage import SqliteStore, open_store
from canvas.storage.files import SAMPLES_DIR, load_canvas, load_sample

BAKERY = str(SAMPLES_DIR / "bakery.json")
IT = str(SAMPLES_DIR / "it_services.json")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvas", *args], capture_output=True, text=True, check=False
    )


def test_metrics_json_contract() -> None:
    result = run_cli("metrics", BAKERY, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["portfolio"]) >= {
        "customers",
        "annual_margin",
        "average_clv",
        "portfolio_value",
        "mix_margin_now",
        "mix_margin_target",
    }
    by_name = {g["name"]: g for g in report["groups"]}
    commuters = by_name["Weekday commuters"]
    for key in (
        "name",
        "kind",
        "margin_per_customer",
        "clv",
        "clv_future_only",
        "group_value",
        "nps",
        "nps_margin",
        "share_now_pct",
        "margin_share_pct",
        "target_share_pct",
        "quadrant",
        "tier",
        "suggested_vtb",
    ):
        assert key in commuters
    assert round(commuters["clv"], 1) == 870.2
    delivery = by_name["Delivery-app bargain buyers"]
    assert round(delivery["clv"], 1) == -4.1 and delivery["tier"] == "BZ"
    assert by_name["Office catering accounts"]["quadrant"] == "at_risk"
    assert sum(g["share_now_pct"] for g in report["groups"]) == pytest.approx(100.0)


def test_metrics_json_it_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", IT, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    by_name = {g["name"]: g for g in report["groups"]}
    assert round(by_name["Managed professional offices"]["clv"]) == 99_513
    assert by_name["Project-only clients"]["tier"] == "MGC"
    assert by_name["Legacy distributor account"]["quadrant"] == "at_risk"
    assert by_name["Cloud-first startups"]["tier"] == "prospect"
    assert round(report["portfolio"]["mix_margin_target"]) == 7_969


def test_metrics_table_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", BAKERY]) == 0
    out = capsys.readouterr().out
    assert "Weekday commuters" in out and "$870" in out and "-$4.14" in out
    assert "Below zero" in out and "$267 at the target mix" in out


def test_check_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", BAKERY]) == 0
    assert "V13" in capsys.readouterr().out
    doc = json.loads(Path(BAKERY).read_text())
    doc["groups"][4]["target_share_pct"] = 3.0
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    assert main(["check", str(broken), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {"id": "V20", "severity": "E"}.items() <= next(
        f for f in findings if f["id"] == "V20"
    ).items()


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b'{"schema_version": 99}',
        b'{"groups": [{"retention_pct": "high"}]}',
        b"[1, 2, 3]",
        b"\xff\xfe\x00garbage",
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_bad_files_exit_2_without_traceback(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    for command in ("metrics", "check"):
        result = run_cli(command, str(bad))
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.strip() and "\n" not in result.stderr.strip()


def test_missing_file_and_help(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "Could not read" in result.stderr
    help_text = run_cli("--help").stdout
    assert "metrics" in help_text and "check" in help_text


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (6 * 1024 * 1024))
    result = run_cli("metrics", str(big))
    assert result.returncode == 2 and "MB" in result.stderr


def test_canvas_package_never_imports_streamlit() -> None:
    code = (
        "import sys, canvas.cli, canvas.core.checks, canvas.outputs.report, canvas.core.document;"
        "import pkgutil, importlib, canvas;"
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(canvas.__path__, 'canvas.')"
        " if m.name != 'canvas.__main__'];"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- store list / store export ---------------------------------------------------------------


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    """A store with two canvases: the bakery at revision 2 (renamed), the IT example at 1."""
    path = tmp_path / "canvas.db"
    store = open_store(path)
    bakery = store.create(as_new_canvas(load_sample("bakery"))).canvas
    bakery.business_name = "Crumb & Co. (renamed)"
    store.save(bakery, base_revision=1)
    store.create(as_new_canvas(load_sample("it_services")))
    store.close()
    return path


def stored_ids(path: Path) -> dict[str, str]:
    store = SqliteStore(path)
    try:
        return {s.business_name: s.id for s in store.list_canvases()}
    finally:
        store.close()


def test_store_list_text_and_json(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = stored_ids(store_file)
    assert main(["store", "list", "--store", str(store_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[0] == ids["Northgate IT"] and "Northgate IT" in lines[0]
    bakery = lines[1].split()
    assert bakery[0] == ids["Crumb & Co. (renamed)"] and bakery[-2] == "2"
    assert bakery[-1].endswith("Z") and len(bakery[-1]) == len("2024-05-01T09:30:00Z")

    assert main(["store", "list", "--store", str(store_file), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [set(item) for item in listed] == [{"id", "name", "revision", "saved_at"}] * 2
    assert {item["name"]: (item["id"], item["revision"]) for item in listed} == {
        "Northgate IT": (ids["Northgate IT"], 1),
        "Crumb & Co. (renamed)": (ids["Crumb & Co. (renamed)"], 2),
    }
    assert all(item["saved_at"] in " ".join(lines) for item in listed)


def test_store_list_uses_canvas_store_env(
    store_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CANVAS_STORE", str(store_file))
    assert main(["store", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_store_export_latest_and_revision_round_trip(store_file: Path, tmp_path: Path) -> None:
    canvas_id = stored_ids(store_file)["Crumb & Co. (renamed)"]
    store = SqliteStore(store_file)
    latest = store.load(canvas_id)
    first = store.load_revision(canvas_id, 1)
    store.close()
    assert latest is not None and latest.revision == 2 and first is not None

    out = tmp_path / "latest.json"
    assert (
        main(["store", "export", "-o", str(out), "--store", str(store_file), "--", canvas_id]) == 0
    )
    assert load_canvas(out) == latest.canvas
    assert out.read_text(encoding="utf-8") == canvas_to_json(latest.canvas)

    old = tmp_path / "first.json"
    args = ["store", "export", "-o", str(old), "--store", str(store_file), "--revision", "1"]
    assert main([*args, "--", canvas_id]) == 0
    assert load_canvas(old) == first
    assert load_canvas(old).business_name == "Crumb & Co."


def test_store_export_to_stdout(store_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canvas_id = stored_ids(store_file)["Northgate IT"]
    assert main(["store", "export", "-o", "-", "--store", str(store_file), "--", canvas_id]) == 0
    store = SqliteStore(store_file)
    stored = store.load(canvas_id)
    store.close()
    assert stored is not None
    assert capsys.readouterr().out == canvas_to_json(stored.canvas)


@pytest.mark.parametrize(
    ("canvas_id", "revision"),
    [("x" * 22, None), ("not an id", None), ("x" * 22, "1"), (None, "7"), (None, "0")],
)
def test_store_export_unknown_id_or_revision(
    store_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    canvas_id: str | None,
    revision: str | None,
) -> None:
    canvas_id = canvas_id or stored_ids(store_file)["Northgate IT"]
    out = tmp_path / "out.json"
    # an id may start with "-" (as random ids do now and then): it goes after "--"
    args = ["store", "export", "-o", str(out), "--store", str(store_file)]
    revision_args = ["--revision", revision] if revision else []
    assert main([*args, *revision_args, "--", canvas_id]) == 2
    captured = capsys.readouterr()
    assert not out.exists() and captured.out == ""
    message = captured.err.strip()
    assert message and "\n" not in message and canvas_id not in message
    assert ("revision" in message) == (revision == "7" or revision == "0")


def test_store_missing_file_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nothing" / "canvas.db"
    out = tmp_path / "out.json"
    for args in (["list"], ["list", "--json"], ["export", "x" * 22, "-o", str(out)]):
        result = run_cli("store", *args, "--store", str(missing))
        assert result.returncode == 2 and result.stdout == ""
        assert "Traceback" not in result.stderr
        assert result.stderr.strip() and "\n" not in result.stderr.strip()
    assert not missing.parent.exists() and not out.exists()


def test_store_refuses_a_file_that_is_not_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("not a database")
    assert main(["store", "list", "--store", str(other)]) == 2
    assert "not a canvas store" in capsys.readouterr().err
    assert other.read_text() == "not a database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_store_list_adds_no_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.db"
    open_store(empty).close()
    assert main(["store", "list", "--store", str(empty), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["store", "list", "--store", str(empty)]) == 0
    assert capsys.readouterr().out == ""
    assert stored_ids(empty) == {}


def test_store_damaged_or_newer_exits_2(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert main(["store", "list", "--store", str(damaged)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "damaged" in captured.err and "\n" not in captured.err.strip()

    with closing(sqlite3.connect(store_file)) as conn:
        conn.execute("PRAGMA user_version = 99")
    assert main(["store", "list", "--store", str(store_file)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "newer version" in captured.err


def test_onepager_writes_a_letter_pdf_and_refuses_other_files(tmp_path: Path) -> None:
    out = tmp_path / "page.pdf"
    done = run_cli("onepager", IT, "-o", str(out), "--customer-safe", "--paper", "letter")
    assert done.returncode == 0, done.stderr
    assert "US Letter" in done.stdout
    box = re.search(rb"/MediaBox\s*\[\s*([\d.\s-]+)\]", out.read_bytes())
    assert box and [float(v) for v in box.group(1).split()] == [0, 0, 792, 612]
    wrong = run_cli("onepager", IT, "-o", str(tmp_path / "page.txt"))
    assert wrong.returncode == 2 and ".pdf or .png" in wrong.stderr
