"""Safety for workbooks going out and coming in.

Going out: user text is always written as text, never as a formula (OWASP ASVS V1.2.10).
Coming in: every file is hostile until proven otherwise. The archive is checked (member count,
declared sizes, compression ratio and the bytes actually decompressed) before openpyxl sees it;
macro workbooks and encrypted or old binary files are refused; formulas are found in the raw XML so
they are reported with their text and never run.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET
from openpyxl.cell.cell import Cell

from canvas.core.document import CanvasFileError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 300
MAX_MEMBER_BYTES = 60 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
MAX_RATIO = 150
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may compress well without being a bomb
CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MACRO_MARKERS = ("vbaproject", "macroenabled", "vbadata", "xl/macrosheets/")

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class ExcelImportError(CanvasFileError):
    """A workbook we will not import. `problems` lists every reason, one plain sentence each."""


def write_text(cell: Cell, text: str) -> None:
    """Put user text in a cell so that Excel and LibreOffice always show it as text."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def header_footer_text(text: str) -> str:
    """Header and footer strings treat '&' as a code: double it so names print as typed."""
    return text.replace("&", "&&")


def _refuse(message: str) -> ExcelImportError:
    return ExcelImportError(message, [message])


def _check_kind(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(
            f"This file is {len(data) / 1024 / 1024:.1f} MB. A canvas workbook is at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            "This file is password-protected or in the old Excel 97-2003 format. Remove the "
            "password, or save it as an Excel workbook (.xlsx), and try again."
        )
    if not data.startswith(ZIP_MAGIC):
        raise _refuse(
            "This is not an Excel workbook (.xlsx). Export the workbook from the app, edit it, "
            "and import that same file."
        )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        ValueError,
        OSError,
        NotImplementedError,  # a zip version or feature Python can't read
    ):
        raise _refuse(
            "This workbook is damaged or incomplete: it could not be opened. Save it again from "
            "Excel or LibreOffice, or export a fresh copy from the app."
        ) from None
    return archive


def _check_members(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            f"This workbook holds {len(members)} parts; a canvas workbook has far fewer. "
            "It was not made by this app."
        )
    names = [m.filename.lower() for m in members]
    if any(marker in name for name in names for marker in MACRO_MARKERS):
        raise _refuse(
            "This workbook contains macros (.xlsm). For your safety, macro workbooks are not "
            "imported. Save it as an ordinary Excel workbook (.xlsx) and try again."
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise _refuse("This workbook is encrypted. Remove the password and try again.")
    declared = sum(m.file_size for m in members)
    if declared > MAX_TOTAL_BYTES or any(m.file_size > MAX_MEMBER_BYTES for m in members):
        raise _refuse(
            "This workbook unpacks to far more data than a canvas ever holds, so it was not "
            "opened (it may be a 'zip bomb')."
        )
    for m in members:
        if m.file_size > RATIO_FLOOR_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise _refuse(
                "This workbook is compressed far more than a normal workbook, so it was not "
                "opened (it may be a 'zip bomb')."
            )


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Decompress one member, stopping as soon as it grows past what it declared or the budget."""
    limit = min(info.file_size, budget, MAX_MEMBER_BYTES)
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _refuse(
                        "This workbook unpacks to more data than it says it holds, so it was not "
                        "opened (it may be a 'zip bomb')."
                    )
                parts.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise _refuse(
            "This workbook is damaged or incomplete: part of it could not be read. Save it "
            "again from Excel or LibreOffice, or export a fresh copy from the app."
        ) from None
    return b"".join(parts)


@dataclass
class ArchiveReport:
    """What the pre-check learnt: formulas per sheet name as {(row, column): '=formula'}."""

    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def _sheet_paths(parts: dict[str, bytes]) -> dict[str, str]:
    """Worksheet part path -> sheet name, from xl/workbook.xml and its relationships."""
    try:
        book = SafeET.fromstring(parts.get("xl/workbook.xml", b""))
        rels = SafeET.fromstring(parts.get("xl/_rels/workbook.xml.rels", b""))
    except Exception:
        return {}
    targets = {
        rel.get("Id"): posixpath.normpath(posixpath.join("xl", rel.get("Target", "")))
        for rel in rels.iter(f"{NS_PKG_REL}Relationship")
    }
    paths: dict[str, str] = {}
    for sheet in book.iter(f"{NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{NS_REL}id"))
        if target:
            paths[target.lstrip("/")] = sheet.get("name", "")
    return paths


CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _formulas_in(xml: bytes) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for cell in SafeET.fromstring(xml).iter(f"{NS_MAIN}c"):
        formula = cell.find(f"{NS_MAIN}f")
        match = CELL_REF.match(cell.get("r", ""))
        if formula is not None and match:
            found[(int(match[2]), _column_number(match[1]))] = "=" + (formula.text or "")
    return found


def _check_no_entities(parts: dict[str, bytes]) -> None:
    """openpyxl reads worksheets with the standard parser, so refuse DTDs and entities here."""
    for name, content in parts.items():
        upper = content.upper()
        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
            raise _refuse(
                f"This workbook holds something unsafe (an entity declaration in '{name}'), so "
                "it was not imported. Export a fresh copy from the app."
            )


def _check_content_types(parts: dict[str, bytes]) -> None:
    types = parts.get("[Content_Types].xml", b"").lower()
    if b"macroenabled" in types or b"vbaproject" in types:
        raise _refuse(
            "This workbook contains macros (.xlsm). For your safety, macro workbooks are not "
            "imported. Save it as an ordinary Excel workbook (.xlsx) and try again."
        )


def inspect_archive(data: bytes) -> ArchiveReport:
    """Refuse anything that is not a plain, reasonably sized .xlsx; find formulas in its sheets."""
    _check_kind(data)
    archive = _open_zip(data)
    _check_members(archive)
    parts: dict[str, bytes] = {}
    budget = MAX_TOTAL_BYTES
    for info in archive.infolist():
        if info.is_dir():
            continue
        content = _read_capped(archive, info, budget)
        budget -= len(content)
        name = info.filename
        if name.endswith(".xml") or name.endswith(".rels"):
            parts[name] = content
    _check_content_types(parts)
    _check_no_entities(parts)
    if "xl/workbook.xml" not in parts:
        raise _refuse(
            "This is not an Excel workbook (.xlsx): it has no workbook inside. Export the "
            "workbook from the app and import that file."
        )
    report = ArchiveReport()
    for path, name in _sheet_paths(parts).items():
        xml = parts.get(path, b"")
        if b"<f" in xml or b":f>" in xml or b":f " in xml:
            try:
                report.formulas[name] = _formulas_in(xml)
            except Exception:
                raise _refuse(
                    f"Sheet '{name}' is damaged or holds something a workbook should not "
                    "(such as entity declarations), so it was not imported."
                ) from None
    return report
