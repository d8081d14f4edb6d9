"""Last-resort recovery of canvas revisions from a damaged store file, page by page.

When SQLite itself refuses a file (a broken header, or a truncated file whose B-trees point past
its end), the rows are often still there: every leaf page of a table holds whole records, and long
ones continue in overflow pages. This reads the file as SQLite's documented format
(fileformat2.html): table leaf pages, record headers and overflow chains, and yields the records
that are complete. Every page that reads as a table leaf is used, wherever it is (a page cut in two
at the end of a truncated file reads as zeros past the cut).

Since store version 2 a revision body is zlib-compressed (a BLOB), so a revision takes a leaf cell
and at most an overflow page or two, written next to each other; version 1 wrote the JSON as text,
about eight pages a revision, and in a small file SQLite moved every leaf to its end (a cut there
lost every row). Freed pages hold no stale copies to read: this SQLite build zeroes them
(SECURE_DELETE).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HEADER = b"SQLite format 3\x00"
TABLE_LEAF = 0x0D
ROW_COLUMNS = 6  # both tables: revisions and canvases
PAGE_SIZES = (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536)


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


def _leaf_pointers(page: bytes, offset: int) -> list[int] | None:
    """The cell offsets of a table leaf page, or None if the page is not a plausible one."""
    size = len(page)
    if page[offset] != TABLE_LEAF:
        return None
    count = int.from_bytes(page[offset + 3 : offset + 5], "big")
    first_cell = int.from_bytes(page[offset + 5 : offset + 7], "big") or 65536
    end = offset + 8 + 2 * count
    if end > size or not end <= first_cell <= size:
        return None
    pointers = [int.from_bytes(page[at : at + 2], "big") for at in range(offset + 8, end, 2)]
    if any(not end <= cell < size for cell in pointers):
        return None
    return pointers


def guess_page_size(data: bytes) -> int:
    """The page size of a file whose header is gone: the size at which most pages read as
    plausible table leaves (a smaller size cuts them, a larger one skips every other page)."""
    best, best_count = 4096, 0
    for size in PAGE_SIZES:
        count = sum(
            _leaf_pointers(data[start : start + size], 0) is not None
            for start in range(size, len(data) - size + 1, size)
        )
        if count > best_count:
            best, best_count = size, count
    return best


class PageFile:
    def __init__(self, data: bytes) -> None:
        self.data = data
        size = int.from_bytes(data[16:18], "big")
        size = 65536 if size == 1 else size
        if not data.startswith(HEADER) or size < 512 or size & (size - 1):
            size = guess_page_size(data)  # a broken header; assume no reserved bytes
            self.usable = size
        else:
            self.usable = size - data[20]
        self.page_size = size
        self.pages = -(-len(data) // self.page_size)  # a last page cut short reads as zeros

    def page(self, number: int) -> bytes | None:
        if not 1 <= number <= self.pages:
            return None
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size].ljust(self.page_size, b"\0")

    def payload(self, page: bytes, cell: int, chain: list[int] | None = None) -> bytes | None:
        """The whole payload of the table-leaf cell at `cell`, following its overflow chain (whose
        page numbers are added to `chain`)."""
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
                if chain is not None:
                    chain.append(next_page)
                chunk = overflow[4 : 4 + min(remaining, self.usable - 4)]
                parts.append(chunk)
                remaining -= len(chunk)
                next_page = int.from_bytes(overflow[:4], "big")
        data = b"".join(parts)
        return data if len(data) == size else None

    def leaf_cells(self) -> Iterator[tuple[int, bytes, int]]:
        """(page number, page, cell offset) of every cell of every page that reads as a table
        leaf."""
        for number in range(1, self.pages + 1):
            page = self.page(number)
            if page is None:
                continue
            pointers = _leaf_pointers(page, 100 if number == 1 else 0)
            for cell in pointers or ():
                yield number, page, cell


def _record(payload: bytes) -> list[object] | None:
    """Decode a record of integers, text and blobs (what the store's tables hold)."""
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
        elif serial >= 12:
            length = (serial - 12 - serial % 2) // 2
            if at + length > len(payload):
                return None
            chunk = payload[at : at + length]
            values.append(chunk.decode("utf-8", errors="strict") if serial % 2 else chunk)
            at += length
        else:
            return None  # a float: not one of our rows
    return values


def _records(data: bytes) -> Iterator[tuple[list[object], list[int]]]:
    """Every complete row of six columns, with the numbers of the pages it was read from."""
    if len(data) < 100:
        return
    pages = PageFile(data)
    for number, page, cell in pages.leaf_cells():
        chain = [number]
        try:
            payload = pages.payload(page, cell, chain)
            values = _record(payload) if payload else None
        except (IndexError, UnicodeDecodeError):
            continue
        if values is not None and len(values) == ROW_COLUMNS:
            yield values, chain


RevisionRow = tuple[str, int, str, str, str, "str | bytes"]


@dataclass
class Scan:
    """What a page-by-page read found: revision rows (with stale copies, so repeats), and for
    each canvas id seen in the canvases table its highest revision and whether it was deleted."""

    revisions: list[RevisionRow] = field(default_factory=list)
    latest: dict[str, int] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    cut_short: bool = False  # the file is shorter than its header says
    pages: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # where each row lies


def cut_short(data: bytes) -> bool:
    if not data.startswith(HEADER) or len(data) < 100:
        return False
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1):
        return False
    pages = int.from_bytes(data[28:32], "big")
    valid = pages > 0 and data[24:28] == data[92:96]  # SQLite's rule for the in-header size
    return len(data) % size != 0 or (valid and len(data) < pages * size)


def scan(path: Path) -> Scan:
    data = path.read_bytes()
    found = Scan(cut_short=cut_short(data))
    for values, chain in _records(data):
        canvas_id, second, third, fourth, fifth, sixth = values
        if not isinstance(canvas_id, str) or not isinstance(second, str | int):
            continue
        if (  # revisions: canvas_id, revision, saved_at, business_name, note, body
            isinstance(second, int)
            and all(isinstance(v, str) for v in (third, fourth, fifth))
            and isinstance(sixth, str | bytes)
        ):
            found.revisions.append((canvas_id, second, third, fourth, fifth, sixth))  # type: ignore[arg-type]
            found.pages[canvas_id, second] = chain
        elif (  # canvases: id, business_name, group_count, revision, updated_at, deleted_at
            isinstance(second, str)
            and isinstance(third, int)
            and isinstance(fourth, int)
            and isinstance(fifth, str)
            and (sixth is None or isinstance(sixth, str))
        ):
            found.latest[canvas_id] = max(fourth, found.latest.get(canvas_id, 0))
            if sixth is not None:
                found.deleted.add(canvas_id)
    return found


def scan_revisions(path: Path) -> Iterator[RevisionRow]:
    """Every complete (canvas_id, revision, saved_at, business_name, note, body) row in the file;
    the body is text (store version 1) or compressed bytes."""
    yield from scan(path).revisions


def scan_deleted_ids(path: Path) -> set[str]:
    """Ids of canvases whose row (or any stale copy of it) is marked deleted."""
    return scan(path).deleted
