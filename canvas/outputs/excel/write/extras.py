"""Canvas fields the sheets do not show (added by later versions of the model), written as JSON on a
hidden sheet so that every field still makes the round trip (`read.extras` reads them back)."""

from __future__ import annotations

import json

from openpyxl import Workbook

from canvas.core.model import Canvas
from canvas.outputs.excel.layout import CHUNK, EXTRAS, extra_fields
from canvas.outputs.excel.write.sheets import put


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
