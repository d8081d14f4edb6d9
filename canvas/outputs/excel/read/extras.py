"""Canvas fields the sheets do not show, read back from the hidden sheet as JSON. They are
validated by the model like everything else."""

from __future__ import annotations

import json
from typing import Any

from canvas.outputs.excel.layout import EXTRAS, extra_fields
from canvas.outputs.excel.read.cells import as_text
from canvas.outputs.excel.read.reader import Reader

MAX_ROWS = 5000


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
