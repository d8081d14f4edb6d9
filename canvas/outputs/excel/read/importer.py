"""Import: a workbook exported by this app, perhaps edited in Excel or LibreOffice, back into a canvas.

Input columns are read back and calculated (grey) columns ignored. Rows added, edited or deleted are
applied. Every problem is collected and reported at once as "Sheet 'X', row N, Column: reason"; a
failed import raises `ExcelImportError` and changes nothing.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from pydantic import ValidationError

from canvas.core.document import CanvasFileError, _plain, migrate
from canvas.core.model import Canvas
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.read.assemble import assemble
from canvas.outputs.excel.read.extras import read_extras
from canvas.outputs.excel.read.reader import Path, Reader, Where
from canvas.outputs.excel.safety import ExcelImportError, inspect_archive

MAX_PROBLEMS_SHOWN = 8


def _open(data: bytes) -> Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        OSError,
        AttributeError,
        IndexError,
    ) as exc:
        message = (
            "This workbook could not be opened: it is damaged, or holds something a workbook "
            f"should not ({type(exc).__name__}). Save it again from Excel or LibreOffice, or export a fresh copy."
        )
        raise ExcelImportError(message, [message]) from None
    except Exception as exc:  # defusedxml refusals and other parser errors
        message = (
            "This workbook holds something unsafe or unreadable "
            f"({type(exc).__name__}), so it was not imported. Export a fresh copy from the app."
        )
        raise ExcelImportError(message, [message]) from None


def import_workbook(data: bytes) -> Canvas:
    """A canvas from a workbook made by `export_workbook`. Raises ExcelImportError on any problem."""
    report = inspect_archive(data)
    workbook = _open(data)
    try:
        reader = Reader(workbook, report.formulas)
        try:
            settings = reader.settings()
            sheets = S.reading_sheets(reader.layout)
            missing = [name for name, _ in sheets if name not in workbook.sheetnames]
            if missing:
                names = ", ".join(f"'{m}'" for m in missing)
                message = f"This workbook is missing the sheet(s) {names}. Put them back as exported, or export a fresh copy."
                raise ExcelImportError(message, [message])
            tables = {name: reader.table(name, columns) for name, columns in sheets}
            document = assemble(reader, settings, tables)
            read_extras(reader, document)
        except ExcelImportError:
            raise
        except Exception as exc:  # a damaged part (zlib, XML, a malformed cell): never a traceback
            message = f"This workbook is damaged and could not be read ({type(exc).__name__}). Export a fresh copy from the app."
            raise ExcelImportError(message, [message]) from None
    finally:
        workbook.close()
    return _validate(reader, document)


def _where(reader: Reader, loc: Path) -> Where | None:
    for end in range(len(loc), 0, -1):
        found = reader.sources.get(tuple(loc[:end]))
        if found:
            return found
    return None


def _validate(reader: Reader, document: dict[str, Any]) -> Canvas:
    canvas = None
    try:
        document = migrate(document)
    except CanvasFileError as exc:
        raise ExcelImportError(str(exc), [str(exc)]) from None
    try:
        canvas = Canvas.model_validate(document)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            where = _where(reader, tuple(error["loc"]))
            text = _plain(dict(error))
            if where:
                reader.problem(where, text)
            else:
                reader.problems.append(f"The canvas: {text}.")
    problems = list(dict.fromkeys(reader.problems))
    if problems or canvas is None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        tail = f" …and {more} more." if more > 0 else ""
        raise ExcelImportError(
            f"This workbook could not be imported ({len(problems)} problem{'s' if len(problems) != 1 else ''}): "
            + " ".join(shown)
            + tail,
            problems,
        )
    return canvas
