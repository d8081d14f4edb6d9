from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from canvas.cli import main
from canvas.io import SAMPLES_DIR

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
    assert "Below zero" in out and "$267.3 at the target mix" in out


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
        "import sys, canvas.cli, canvas.checks, canvas.report, canvas.io;"
        "import pkgutil, importlib, canvas;"
        "[importlib.import_module('canvas.' + m.name) for m in pkgutil.iter_modules(canvas.__path__)"
        " if m.name != '__main__'];"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
