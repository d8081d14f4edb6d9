"""The committed JSON schema of the canvas file, one file per schema version."""

from __future__ import annotations

import json
from pathlib import Path

from canvas.core.model import SCHEMA_VERSION, Canvas

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


def schema_path(version: int = SCHEMA_VERSION) -> Path:
    return SCHEMA_DIR / f"canvas-v{version}.schema.json"


def current_schema_text() -> str:
    return json.dumps(Canvas.model_json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    schema_path().write_text(current_schema_text())
    print(f"wrote {schema_path()}")
