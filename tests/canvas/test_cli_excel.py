from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from canvas.storage.files import SAMPLES_DIR

BAKERY = SAMPLES_DIR / "bakery.json"
NONPROFIT = SAMPLES_DIR / "nonprofit.json"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvas", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("sample", [BAKERY, NONPROFIT], ids=["bakery", "nonprofit"])
def test_export_then_import_gives_the_same_canvas(tmp_path: Path, sample: Path) -> None:
    book, back = tmp_path / "canvas.xlsx", tmp_path / "back.json"
    result = run_cli("export", str(sample), "-o", str(book))
    assert result.returncode == 0, result.stderr
    result = run_cli("import", str(book), "-o", str(back))
    assert result.returncode == 0, result.stderr
    assert json.loads(back.read_text()) == json.loads(sample.read_text())


def test_customer_safe_export_cannot_be_imported(tmp_path: Path) -> None:
    book = tmp_path / "safe.xlsx"
    assert run_cli("export", str(BAKERY), "-o", str(book), "--customer-safe").returncode == 0
    result = run_cli("import", str(book), "-o", str(tmp_path / "x.json"))
    assert result.returncode == 2
    assert "customer-safe" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_bad_file_exits_2_with_the_problems(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("name,customers\nA,1\n")
    result = run_cli("import", str(fake), "-o", str(tmp_path / "x.json"))
    assert result.returncode == 2
    assert result.stderr.startswith("This workbook could not be imported:\n- ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.json").exists()
