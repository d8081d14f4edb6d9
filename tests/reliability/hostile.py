"""The list of hostile inputs: uploads (JSON and Excel), text typed into fields, and canvas links.

Each entry is (id, where, payload). `where` is "json", "xlsx", "text" or "url".
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from functools import cache
from typing import Any

import openpyxl

from canvas.core.document import canvas_to_json
from canvas.outputs.excel import export_workbook
from canvas.storage.files import load_sample

MB = 1024 * 1024


@cache
def bakery_json() -> str:
    return canvas_to_json(load_sample("bakery"))


@cache
def bakery_xlsx() -> bytes:
    return export_workbook(load_sample("bakery"))


def bakery_doc(**changes: Any) -> bytes:
    document = json.loads(bakery_json())
    document.update(changes)
    return json.dumps(document).encode()


def bakery_group(**changes: Any) -> bytes:
    document = json.loads(bakery_json())
    document["groups"][0].update(changes)
    return json.dumps(document).encode()


def nested(depth: int) -> bytes:
    document = json.loads(bakery_json())
    inner: Any = "deep"
    for _ in range(depth):
        inner = {"x": inner}
    document["groups"][0]["description"] = inner
    return json.dumps(document).encode()


def rezip(data: bytes, change=None, extra: dict[str, bytes] | None = None) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info)
            if change is not None:
                content = change(info.filename, content)
            if content is not None:
                dst.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def edit_cells(edit) -> bytes:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(io.BytesIO(bakery_xlsx()))
    edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def find(workbook, sheet: str, predicate):  # type: ignore[no-untyped-def]
    for row in workbook[sheet].iter_rows():
        for cell in row:
            if predicate(cell.value):
                return cell
    raise LookupError(sheet)


def set_name(value: str):  # type: ignore[no-untyped-def]
    def edit(workbook) -> None:  # type: ignore[no-untyped-def]
        find(workbook, "Settings", lambda v: v == "Crumb & Co.").value = value

    return edit


def set_setting(key: str, value: object):  # type: ignore[no-untyped-def]
    def edit(workbook) -> None:  # type: ignore[no-untyped-def]
        cell = find(workbook, "Settings", lambda v: v == key)
        workbook["Settings"].cell(cell.row, 3).value = value

    return edit


def first_count_to(value: object):  # type: ignore[no-untyped-def]
    def edit(workbook) -> None:  # type: ignore[no-untyped-def]
        sheet = workbook["Value to business"]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if type(cell.value) is int:
                    cell.value = value
                    return
        raise LookupError("no number")

    return edit


def first_count_to_text(workbook) -> None:  # type: ignore[no-untyped-def]
    sheet = workbook["Value to business"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if type(cell.value) is int:
                cell.value = "lots"
                return
    raise LookupError("no number")


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def with_prolog(prolog: bytes, part: str = "xl/workbook.xml"):  # type: ignore[no-untyped-def]
    def change(name: str, content: bytes) -> bytes:
        return prolog + content.split(b"?>", 1)[-1] if name == part else content

    return change


def zip_bomb() -> bytes:
    """A small file that inflates a sheet to 200 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * MB))
    return out.getvalue()


def many_members() -> bytes:
    return rezip(bakery_xlsx(), extra={f"xl/media/image{n}.png": b"x" for n in range(1000)})


def macro_workbook() -> bytes:
    return rezip(
        bakery_xlsx(),
        lambda name, content: (
            content.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            if name == "[Content_Types].xml"
            else content
        ),
        extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"},
    )


def incompressible(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/media/noise.bin", secrets.token_bytes(size))
    return out.getvalue()


def empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


UPLOADS: list[tuple[str, str, object]] = [
    # JSON upload: (id, file name, bytes or a callable making them)
    ("json-not-json", "canvas.json", b"this is not JSON at all"),
    ("json-empty-file", "canvas.json", b""),
    ("json-truncated", "canvas.json", lambda: bakery_json().encode()[:5000]),
    ("json-oversized-6mb", "canvas.json", lambda: b'{"pad": "' + b"x" * (6 * MB) + b'"}'),
    ("json-deep-array-nesting", "canvas.json", b"[" * 200_000 + b"]" * 200_000),
    ("json-deep-object-nesting", "canvas.json", lambda: nested(60)),
    ("json-top-level-list", "canvas.json", b"[1, 2, 3]"),
    ("json-null", "canvas.json", b"null"),
    ("json-wrong-types", "canvas.json", lambda: bakery_group(customer_count="lots")),
    ("json-future-schema-version", "canvas.json", lambda: bakery_doc(schema_version=99)),
    ("json-schema-version-text", "canvas.json", lambda: bakery_doc(schema_version="one")),
    ("json-not-utf8", "canvas.json", b"\xff\xfe\x00\x00{\x00\x00\x00"),
    ("json-nan-and-infinity", "canvas.json", lambda: bakery_json().replace("\"retention_pct\": 60.0", "\"retention_pct\": NaN", 1).encode()),
    ("json-huge-number", "canvas.json", lambda: bakery_group(customer_count=10**400)),
    ("json-unknown-fields", "canvas.json", lambda: bakery_doc(__proto__={"admin": True})),
    ("json-10000-char-name", "canvas.json", lambda: bakery_doc(business_name="A" * 10_000)),
    ("json-negative-count", "canvas.json", lambda: bakery_group(customer_count=-5)),
    ("json-bad-canvas-id", "canvas.json", lambda: bakery_doc(id="../../etc/passwd")),
    ("json-wrong-extension", "canvas.txt", lambda: bakery_json().encode()),
    ("json-as-xlsx", "canvas.xlsx", lambda: bakery_json().encode()),
    # Excel upload
    ("xlsx-random-bytes", "canvas.xlsx", lambda: secrets.token_bytes(4096)),
    ("xlsx-truncated", "canvas.xlsx", lambda: bakery_xlsx()[: len(bakery_xlsx()) // 2]),
    ("xlsx-zip-bomb", "canvas.xlsx", zip_bomb),
    ("xlsx-too-many-members", "canvas.xlsx", many_members),
    ("xlsx-oversized-11mb", "canvas.xlsx", lambda: incompressible(11 * MB)),
    ("xlsx-entity-expansion", "canvas.xlsx", lambda: rezip(bakery_xlsx(), with_prolog(ENTITY_BOMB))),
    ("xlsx-external-entity", "canvas.xlsx", lambda: rezip(bakery_xlsx(), with_prolog(XXE))),
    ("xlsx-macro-enabled", "canvas.xlsx", macro_workbook),
    ("xlsm-extension", "canvas.xlsm", lambda: bakery_xlsx()),
    ("xlsx-not-our-workbook", "canvas.xlsx", empty_workbook),
    ("xlsx-formula-in-number", "canvas.xlsx", lambda: edit_cells(first_count_to("=1000*1000"))),
    ("xlsx-dde-formula-in-number", "canvas.xlsx", lambda: edit_cells(first_count_to("=cmd|' /C calc'!A0"))),
    ("xlsx-wrong-type-in-number", "canvas.xlsx", lambda: edit_cells(first_count_to_text)),
    ("xlsx-future-schema-version", "canvas.xlsx", lambda: edit_cells(set_setting("schema_version", 99))),
    ("xlsx-10000-char-name", "canvas.xlsx", lambda: edit_cells(set_name("B" * 10_000))),
]  # fmt: skip


def upload_bytes(payload: object) -> bytes:
    return payload() if callable(payload) else payload  # type: ignore[return-value]


# Formulas in text cells are not refused: they become plain text, and are written back as text.
FORMULA_TEXTS = ['=HYPERLINK("http://127.0.0.1:9/","Click")', "=cmd|' /C calc'!A0", "@SUM(A1)"]

# Text typed into fields: (id, field label, value, outcome). "kept": stored exactly, shown as inert
# text; "refused": a message, and nothing is saved (a text too long says its length: no field cuts
# a paste without a word).
TEXTS: list[tuple[str, str, str, str]] = [
    ("text-script-tag", "Business name", "<script>alert(1)</script>", "kept"),
    ("text-img-onerror", "Business goal", '<img src=x onerror="alert(1)"> grow lunch', "kept"),
    ("text-markdown-image", "Business name", "![p](http://127.0.0.1:9/p.png)", "kept"),
    (
        "text-markdown-js-link",
        "Business goal",
        "[Verify your account](javascript:alert(1))",
        "kept",
    ),
    ("text-markdown-heading", "Business goal", "# BIG\n---\n> quoted **bold** `code`", "kept"),
    ("text-right-to-left", "Business name", "مخبز الحي \u202egpj.exe", "kept"),
    ("text-emoji", "Business name", "🥐☕️👩‍👩‍👧 Bakery 🇦🇺", "kept"),
    ("text-10000-char-name", "Business name", "N" * 10_000, "refused"),
    ("text-10000-char-goal", "Business goal", "G" * 10_000, "refused"),
    ("text-path-like", "Business name", "../../etc/passwd", "kept"),
    ("text-windows-path", "Business name", "C:\\Windows\\System32\\con", "kept"),
    ("text-sql-like", "Business name", "Robert'); DROP TABLE canvases;--", "kept"),
    ("text-nul-and-controls", "Business name", "nul\x00bell\x07", "kept"),
    ("text-formula-in-values", "Values (up to 5", "=1+1, @SUM(A1), +cmd", "kept"),
    ("text-bad-currency", "Currency", "<b>", "refused"),
]

UNKNOWN = secrets.token_urlsafe(16)

# Canvas links: (id, value of ?canvas=). "<edited>" and "<deleted>" are filled in by the test.
URLS: list[tuple[str, str]] = [
    ("url-unknown-id", UNKNOWN),
    ("url-edited-id", "<edited>"),
    ("url-deleted-id", "<deleted>"),
    ("url-too-short", "abc"),
    ("url-sql-like", "' OR '1'='1' --"),
    ("url-path-like", "../../data/canvas.db"),
    ("url-10000-chars", "x" * 10_000),
    ("url-script", "<script>alert(1)</script>"),
    ("url-right-to-left", "\u202eabcdefghijklmnopqrstuvwxyz"),
    ("url-percent-encoded", "%2e%2e%2f%2e%2e%2fetc"),
]

COUNT = len(UPLOADS) + len(TEXTS) + len(URLS)
