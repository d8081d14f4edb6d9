"""A revision as a row holds it: the canvas id pattern, time stamps, and the compressed body."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime

from canvas.core.document import MAX_JSON_BYTES

CANVAS_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")  # the pattern of Canvas.id


def now_utc() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def looks_like_id(canvas_id: object) -> bool:
    return isinstance(canvas_id, str) and CANVAS_ID.fullmatch(canvas_id) is not None


def parse_time(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def pack_body(body: str) -> bytes:
    """A revision body as stored since STORE_VERSION 2: the JSON, zlib-compressed to about a
    fifth, so a revision takes one or two pages of the file, not eight, and a file cut short
    still holds whole revisions where SQLite wrote them (salvage_pages.py)."""
    return zlib.compress(body.encode("utf-8"), 6)


def unpack_body(value: object) -> str | None:
    """The JSON of a stored body: TEXT as written by version 1, or a compressed BLOB. None if it
    does not unpack (damaged, or bigger than any canvas may be)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, bytes):
        return None
    unpacker = zlib.decompressobj()
    try:
        data = unpacker.decompress(value, MAX_JSON_BYTES + 1)
        if not unpacker.eof or len(data) > MAX_JSON_BYTES:
            return None
        return data.decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return None
