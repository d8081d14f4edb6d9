"""Last-resort recovery of canvas revisions from a damaged store file, page by page.

When SQLite itself refuses a file (a truncated file's B-trees point past its end), the rows are often
still there: every leaf page of the `revisions` table holds whole records, and long bodies continue
in overflow pages. This reads the file as SQLite's documented format (fileformat2.html): table leaf
pages, record headers and overflow chains, and yields the records that are complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

HEADER = b"SQLite format 3\x00"
TABLE_LEAF = 0x0D
REVISION_COLUMNS = 6  # canvas_id, revision, saved_at, business_name, note, body


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's big-endian variable-length integer: (value, offset after it)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def _local_size(payload: int, usable: int) -> int:
    """How much of a table-leaf cell's payload sits on the page (the rest overflows)."""
    most = usable - 35
    if payload <= most:
        return payload
    least = ((usable - 12) * 32 // 255) - 23
    size = least + (payload - least) % (usable - 4)
    return size if size <= most else least


class PageFile:
    def __init__(self, data: bytes) -> None:
        self.data = data
        size = int.from_bytes(data[16:18], "big")
        size = 65536 if size == 1 else size
        if not data.startswith(HEADER) or size < 512 or size & (size - 1):
            size = 4096  # a broken header: assume SQLite's default page size, no reserved bytes
            self.usable = size
        else:
            self.usable = size - data[20]
        self.page_size = size
        self.pages = len(data) // self.page_size

    def page(self, number: int) -> bytes | None:
        if not 1 <= number <= self.pages:
            return None
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]

    def payload(self, page: bytes, cell: int) -> bytes | None:
        """The whole payload of the table-leaf cell at `cell`, following its overflow chain."""
        size, at = _varint(page, cell)
        _, at = _varint(page, at)  # rowid
        local = _local_size(size, self.usable)
        parts = [page[at : at + local]]
        if local < size:
            next_page = int.from_bytes(page[at + local : at + local + 4], "big")
            remaining = size - local
            seen: set[int] = set()
            while remaining > 0:
                overflow = self.page(next_page)
                if overflow is None or next_page in seen:
                    return None  # the chain runs past the end of the file
                seen.add(next_page)
                chunk = overflow[4 : 4 + min(remaining, self.usable - 4)]
                parts.append(chunk)
                remaining -= len(chunk)
                next_page = int.from_bytes(overflow[:4], "big")
        data = b"".join(parts)
        return data if len(data) == size else None

    def leaf_cells(self) -> Iterator[tuple[bytes, int]]:
        for number in range(1, self.pages + 1):
            page = self.page(number)
            offset = 100 if number == 1 else 0
            if page is None or page[offset] != TABLE_LEAF:
                continue
            count = int.from_bytes(page[offset + 3 : offset + 5], "big")
            pointers = page[offset + 8 : offset + 8 + 2 * count]
            for i in range(count):
                cell = int.from_bytes(pointers[2 * i : 2 * i + 2], "big")
                if 0 < cell < self.page_size:
                    yield page, cell


def _record(payload: bytes) -> list[object] | None:
    """Decode a record of integers and text (what the revisions table holds)."""
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    values: list[object] = []
    at = header_size
    widths = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}
    for serial in types:
        if serial == 0:
            values.append(None)
        elif serial in widths:
            width = widths[serial]
            values.append(int.from_bytes(payload[at : at + width], "big", signed=True))
            at += width
        elif serial in (8, 9):
            values.append(int(serial == 9))
        elif serial >= 13 and serial % 2 == 1:
            length = (serial - 13) // 2
            values.append(payload[at : at + length].decode("utf-8", errors="strict"))
            at += length
        else:
            return None  # a blob or a float: not a revisions row
    return values


def _records(path: Path) -> Iterator[list[object]]:
    data = path.read_bytes()
    if len(data) < 100:
        return
    pages = PageFile(data)
    for page, cell in pages.leaf_cells():
        try:
            payload = pages.payload(page, cell)
            values = _record(payload) if payload else None
        except (IndexError, UnicodeDecodeError):
            continue
        if values is not None and len(values) == REVISION_COLUMNS:
            yield values


def scan_revisions(path: Path) -> Iterator[tuple[str, int, str, str, str, str]]:
    """Every complete (canvas_id, revision, saved_at, business_name, note, body) row in the file."""
    for values in _records(path):
        canvas_id, revision, saved_at, name, note, body = values
        if (
            isinstance(canvas_id, str)
            and isinstance(revision, int)
            and all(isinstance(v, str) for v in (saved_at, name, note, body))
        ):
            yield canvas_id, revision, saved_at, name, note, body  # type: ignore[misc]


def scan_deleted_ids(path: Path) -> set[str]:
    """Ids of canvases rows marked deleted (id, name, groups, revision, updated_at, deleted_at)."""
    deleted = set()
    for values in _records(path):
        canvas_id, name, groups, revision, _updated_at, deleted_at = values
        if (
            isinstance(canvas_id, str)
            and isinstance(name, str)
            and isinstance(groups, int)
            and isinstance(revision, int)
            and isinstance(deleted_at, str)
        ):
            deleted.add(canvas_id)
    return deleted
