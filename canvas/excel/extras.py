"""Canvas fields the sheets do not show (added by later versions of the model), kept as JSON on a
hidden sheet so that every field still makes the round trip. They are validated by the model like
everything else on the way back in."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from canvas.core.model import Canvas
from canvas.excel.cells import as_text
from canvas.excel.sheets import put

if TYPE_CHECKING:
    from canvas.excel.importer import Reader

EXTRAS = "Extras"
CHUNK = 4000
MAX_ROWS = 5000
SHOWN_FIELDS = frozenset(
    {
        "schema_version", "id", "business_name", "business_type", "currency", "business_goal",
        "why_statement", "values", "strategy_horizon_months", "discount_rate_pct",
        "clv_horizon_years", "target_total_customers", "first_moves", "share_basis", "thresholds",
        "groups", "hangouts", "lifecycle_notes", "created_at", "updated_at",
    }
)  # fmt: skip


def extra_fields() -> list[str]:
    return [name for name in Canvas.model_fields if name not in SHOWN_FIELDS]


def extras_sheet(workbook: Workbook, canvas: Canvas) -> None:
    ws = workbook.create_sheet(EXTRAS)
    for col, header in enumerate(("Field", "Part", "JSON"), start=1):
        put(ws, 1, col, header)
    row = 1
    dumped = canvas.model_dump(mode="json", include=set(extra_fields()))
    for name, value in dumped.items():
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        for part, start in enumerate(range(0, len(text), CHUNK), start=1):
            row += 1
            put(ws, row, 1, name)
            put(ws, row, 2, part)
            put(ws, row, 3, text[start : start + CHUNK])
    ws.sheet_state = "hidden"


def read_extras(reader: Reader, document: dict[str, Any]) -> None:
    if EXTRAS not in reader.wb.sheetnames:
        return
    ws = reader.wb[EXTRAS]
    ws.reset_dimensions()
    wanted = set(extra_fields())
    parts: dict[str, list[str]] = {}
    first_row: dict[str, int] = {}
    for number, cells in enumerate(ws.iter_rows(min_row=2, max_col=3, values_only=True), start=2):
        if number > MAX_ROWS:
            reader.problems.append(f"Sheet '{EXTRAS}' has more than {MAX_ROWS:,} rows.")
            return
        name = as_text(cells[0] if cells else None).strip()
        if name in wanted:
            parts.setdefault(name, []).append(as_text(cells[2] if len(cells) > 2 else None))
            first_row.setdefault(name, number)
    for name, chunks in parts.items():
        where = (EXTRAS, first_row[name], name)
        reader.source((name,), where)
        try:
            document[name] = json.loads("".join(chunks))
        except (json.JSONDecodeError, RecursionError):
            reader.problem(where, "is damaged; export a fresh copy from the app")
