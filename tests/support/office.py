"""LibreOffice for the workbook tests: finding it, and converting workbooks to PDF or .xlsx.

Without LibreOffice (or poppler's tools, or Carlito, the metric twin of Calibri that makes
LibreOffice lay a workbook out as Excel does) a test skips with a reason, except where CI=true:
there it fails. scripts/test installs all three where it can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MISSING = {
    "soffice": "LibreOffice is not installed (Debian: apt-get install -y libreoffice-calc-nogui)",
    "pdftotext": "poppler's tools are not installed (Debian: apt-get install -y poppler-utils)",
    "carlito": "the Carlito font is not installed (Debian: apt-get install -y fonts-crosextra-carlito)",
}
TIMEOUT = 300


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}. CI=true, so this is a failure, not a skip.")
    pytest.skip(reason)


def require_soffice() -> str:
    """The LibreOffice executable. Missing: a failure where CI=true, else a skip."""
    path = shutil.which("soffice")
    if path is None:
        _missing(MISSING["soffice"])
    return str(path)


def require_print_tools() -> str:
    """LibreOffice, with poppler and Carlito to read back what it prints."""
    soffice = require_soffice()
    if shutil.which("pdftotext") is None:
        _missing(MISSING["pdftotext"])
    match = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True, check=False)
    if "carlito" not in match.stdout.lower():
        _missing(MISSING["carlito"])
    return soffice


def convert(soffice: str, files: list[Path], to: str, out: Path, profile: Path) -> list[Path]:
    """Convert `files` with one LibreOffice run (starting it is the slow part)."""
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", to, "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=TIMEOUT,
    )  # fmt: skip
    return [out / f"{f.stem}.{to}" for f in files]
