"""Import: a workbook exported by this app, perhaps edited in Excel or LibreOffice, back into a canvas.

Input columns are read back and calculated (grey) columns ignored. Rows added, edited or deleted are
applied. Every problem is collected and reported at once as "Sheet 'X', row N, Column: reason"; a
failed import raises `ExcelImportError` and changes nothing.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from pydantic import ValidationError

from canvas.core.document import CanvasFileError, _plain, migrate
from canvas.core.editing import Row
from canvas.core.model import SCHEMA_VERSION, Canvas
from canvas.excel import spec as S
from canvas.excel.assemble import BAD as _BAD
from canvas.excel.assemble import assemble
from canvas.excel.cells import (
    CellProblem,
    as_text,
    check_length,
    read_choice,
    read_labels,
    read_number,
    read_refs,
)
from canvas.excel.extras import read_extras
from canvas.excel.safety import ExcelImportError, inspect_archive
from canvas.excel.spec import Column, Kind, Setting

MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 10
MAX_PROBLEMS_SHOWN = 8
NOT_OURS = (
    "This workbook was not made by the customer strategy canvas app, so it cannot be imported. "
    "Export the workbook from the app, edit that copy, and import it."
)
INPUT_SHEETS = (
    (S.GROUPS, S.GROUP_COLUMNS),
    (S.VTC, S.VTC_COLUMNS),
    (S.VTB, S.VTB_INPUTS),
    (S.INTENTS, S.INTENT_COLUMNS),
    (S.PORTFOLIO, S.PORTFOLIO_COLUMNS),
    (S.PROPOSITIONS, S.PROPOSITION_COLUMNS),
    (S.HANGOUTS, S.HANGOUT_COLUMNS),
    (S.LIFECYCLE, S.LIFECYCLE_COLUMNS),
)
Where = tuple[str, int, str]
Path = tuple[str | int, ...]


class SheetRow(Row):
    """One table row, parsed: a `Row` that also knows where it came from."""

    def __init__(self, sheet: str, number: int, headers: dict[str, str]) -> None:
        super().__init__()
        self.sheet = sheet
        self.number = number
        self.headers = headers

    def where(self, key: str) -> Where:
        return (self.sheet, self.number, self.headers.get(key, key))


class Reader:
    def __init__(self, workbook: Workbook, formulas: dict[str, dict[tuple[int, int], str]]) -> None:
        self.wb = workbook
        self.formulas = formulas
        self.problems: list[str] = []
        self.sources: dict[Path, Where] = {}

    # ---------- problems ----------

    def problem(self, where: Where, message: str) -> None:
        sheet, row, header = where
        self.problems.append(f"Sheet '{sheet}', row {row}, {header}: {message}.")

    def source(self, path: Path, where: Where) -> None:
        self.sources.setdefault(path, where)

    # ---------- cells ----------

    def parse(self, column: Column, raw: Any, where: Where, formula: str | None) -> Any:
        if formula is not None:
            if column.kind in (Kind.text, Kind.id):
                return formula  # a formula in a text cell is kept as its text, never run
            raise CellProblem(
                f"holds a formula ({formula[:40]}); type the value itself, formulas are not read"
            )
        check_length(raw)
        kind = column.kind
        if kind in (Kind.text, Kind.id):
            return as_text(raw).strip()
        if kind == Kind.choice:
            return read_choice(column, raw)
        if kind == Kind.labels:
            return read_labels(column, raw)
        if kind == Kind.refs:
            return read_refs(raw)
        return read_number(column, raw)

    # ---------- sheets ----------

    def _header_map(
        self, sheet: str, rows: Iterator[tuple[Any, ...]], columns: Sequence[Column]
    ) -> tuple[int, dict[str, int]] | None:
        wanted = {c.header.casefold(): c.key for c in columns if not c.derived}
        for number, values in enumerate(rows, start=1):
            found = {
                as_text(v).strip().casefold(): i for i, v in enumerate(values) if v is not None
            }
            if len(wanted.keys() & found.keys()) >= max(1, len(wanted) // 2):
                missing = [
                    c.header for c in columns if not c.derived and c.header.casefold() not in found
                ]
                for header in missing:
                    self.problems.append(
                        f"Sheet '{sheet}': the column '{header}' is missing. Put it back as exported."
                    )
                return number, {wanted[h]: i for h, i in found.items() if h in wanted}
            if number >= HEADER_SEARCH_ROWS:
                break
        self.problems.append(
            f"Sheet '{sheet}': the table's header row is missing, so nothing on it could be read."
        )
        return None

    def table(self, sheet: str, columns: Sequence[Column]) -> list[SheetRow]:
        ws = self.wb[sheet]
        ws.reset_dimensions()  # never trust the size a file declares; MAX_ROWS caps the reading
        inputs = [c for c in columns if not c.derived]
        by_key = {c.key: c for c in inputs}
        width = max(len(columns) + 40, 60)
        rows_iter = ws.iter_rows(values_only=True, max_col=width)
        found = self._header_map(sheet, rows_iter, columns)
        if found is None:
            return []
        header_row, positions = found
        headers = {c.key: c.header for c in columns}
        text_keys = [k for k in positions if by_key[k].kind in (Kind.text, Kind.id)]
        formulas = self.formulas.get(sheet, {})
        rows: list[SheetRow] = []
        for number, values in enumerate(rows_iter, start=header_row + 1):
            if number - header_row > MAX_ROWS:
                self.problems.append(
                    f"Sheet '{sheet}' has more than {MAX_ROWS:,} rows; a canvas never needs that many."
                )
                break
            row = SheetRow(sheet, number, headers)
            row.update(dict.fromkeys(text_keys, ""))
            blank = True
            for key, index in positions.items():
                raw = values[index] if index < len(values) else None
                formula = formulas.get((number, index + 1))
                if raw is None and formula is None:
                    continue
                try:
                    value = self.parse(by_key[key], raw, row.where(key), formula)
                except CellProblem as exc:
                    self.problem(row.where(key), str(exc))
                    row[key] = _BAD
                    blank = False
                    continue
                if value not in ("", None, []):
                    blank = False
                row[key] = value
            if not blank:
                rows.append(row)
        return rows

    def settings(self) -> dict[str, Any]:
        if S.SETTINGS not in self.wb.sheetnames:
            raise ExcelImportError(NOT_OURS, [NOT_OURS])
        ws = self.wb[S.SETTINGS]
        known = {s.key: s for s in (*S.SETTINGS_ROWS, *S.FILE_ROWS)}
        values: dict[str, Any] = {}
        for number, cells in enumerate(
            ws.iter_rows(values_only=True, max_col=3, max_row=200), start=1
        ):
            key = as_text(cells[0]).strip() if cells else ""
            if key not in known or key in values:
                continue
            setting = known[key]
            raw = cells[2] if len(cells) > 2 else None
            where = (S.SETTINGS, number, setting.label)
            self.source(("settings", key), where)
            try:
                values[key] = self.parse(
                    _setting_column(setting),
                    raw,
                    where,
                    self.formulas.get(S.SETTINGS, {}).get((number, 3)),
                )
            except CellProblem as exc:
                self.problem(where, str(exc))
                values[key] = _BAD
        self._check_file(values)
        return values

    def _check_file(self, values: dict[str, Any]) -> None:
        if values.get("file_format") != S.FILE_FORMAT:
            raise ExcelImportError(NOT_OURS, [NOT_OURS])
        version = values.get("workbook_version")
        schema = values.get("schema_version")
        if not isinstance(version, int) or not isinstance(schema, int):
            message = "This workbook does not say which version made it, so it cannot be imported. Export a fresh copy from the app."
            raise ExcelImportError(message, [message])
        if version > S.WORKBOOK_VERSION or schema > SCHEMA_VERSION:
            message = (
                f"This workbook was made by a newer version of the app (canvas version {schema}, "
                f"this app reads up to {SCHEMA_VERSION}). Update the app, or export it again from the newer one."
            )
            raise ExcelImportError(message, [message])
        if values.get("edition") == S.EDITION_SAFE:
            message = (
                "This is the customer-safe copy, made for sharing outside the business. It leaves out "
                "internal notes, so importing it would lose them. Import the full workbook instead."
            )
            raise ExcelImportError(message, [message])


def _setting_column(setting: Setting) -> Column:
    choices = S.LISTS_BY_NAME.get(setting.list_name or "")
    return Column(
        setting.key,
        setting.label,
        setting.kind,
        choices=choices,
        optional=setting.optional,
        bounds=setting.bounds,
    )


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
            missing = [name for name, _ in INPUT_SHEETS if name not in workbook.sheetnames]
            if missing:
                names = ", ".join(f"'{m}'" for m in missing)
                message = f"This workbook is missing the sheet(s) {names}. Put them back as exported, or export a fresh copy."
                raise ExcelImportError(message, [message])
            tables = {name: reader.table(name, columns) for name, columns in INPUT_SHEETS}
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
