"""Fuzzing both importers: a valid canvas or a clean CanvasFileError, never anything else."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvas.core.document import CanvasFileError, canvas_from_json
from canvas.core.model import Canvas
from canvas.outputs.excel import import_workbook
from tests.reliability.hostile import bakery_json, bakery_xlsx
from tests.support.fuzz import seeded

RUNS = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            found += paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += paths(value, (*prefix, index))
    return found


BASE = json.loads(bakery_json())
PATHS = [p for p in paths(BASE) if p]


def mutate(document: Any, path: tuple, value: Any, delete: bool) -> Any:
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


@st.composite
def json_documents(draw) -> bytes:  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "random", "bytes"]))
    if kind == "random":
        return json.dumps(draw(values)).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    document = json.loads(bakery_json())
    for _ in range(draw(st.integers(1, 4))):
        live = [p for p in paths(document) if p]
        path = draw(st.sampled_from(live))
        mutate(document, path, draw(values), draw(st.booleans()))
    text = json.dumps(document)
    if draw(st.integers(0, 9)) == 0:  # sometimes cut the text short too
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode()


def opens_or_refuses(read, data: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        canvas = read(data)
    except CanvasFileError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert isinstance(canvas, Canvas)


@seeded
@RUNS
@given(json_documents())
def test_json_importer_never_crashes(data: bytes) -> None:
    opens_or_refuses(canvas_from_json, data)


XLSX = bakery_xlsx()
with zipfile.ZipFile(io.BytesIO(XLSX)) as _archive:
    MEMBERS = {info.filename: _archive.read(info) for info in _archive.infolist()}
SHEETS = sorted(n for n in MEMBERS if n.startswith(("xl/worksheets/", "xl/sharedStrings")))


@st.composite
def workbooks(draw) -> bytes:  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(["cells", "cells", "cells", "bytes", "members"]))
    if kind == "bytes":  # flip, cut or insert bytes anywhere in the archive
        data = bytearray(XLSX)
        for _ in range(draw(st.integers(1, 8))):
            where = draw(st.integers(0, len(data) - 1))
            data[where] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
        return bytes(data)
    parts = dict(MEMBERS)
    if kind == "members":
        for name in draw(st.lists(st.sampled_from(sorted(parts)), max_size=3)):
            parts.pop(name, None)
    else:  # change the text of cells inside the sheet XML
        for _ in range(draw(st.integers(1, 4))):
            name = draw(st.sampled_from(SHEETS))
            xml = parts[name].decode()
            starts = [
                i for i in range(len(xml)) if xml.startswith("<v>", i) or xml.startswith("<t>", i)
            ]
            if not starts:
                continue
            at = draw(st.sampled_from(starts)) + 3
            end = xml.find("<", at)
            replacement = draw(
                st.one_of(
                    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40),
                    st.integers(-(10**12), 10**12).map(str),
                    st.sampled_from(["-1", "1e400", "NaN", "=1+1", "", "9" * 30]),
                )
            )
            escaped = replacement.replace("&", "&amp;").replace("<", "&lt;")
            parts[name] = (xml[:at] + escaped + xml[end:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.timeout(900)  # a thousand workbooks take minutes on a busy two-core machine
@seeded
@RUNS
@given(workbooks())
def test_excel_importer_never_crashes(data: bytes) -> None:
    opens_or_refuses(import_workbook, data)


def damaged_deflate_stream() -> bytes:
    data = bytearray(XLSX)
    data[data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10] ^= 0xFF
    return bytes(data)


def test_damaged_compressed_part_is_refused_in_plain_words() -> None:
    with pytest.raises(CanvasFileError):
        import_workbook(damaged_deflate_stream())


def bad_number_in_extras() -> bytes:
    parts = dict(MEMBERS)
    name = "xl/worksheets/sheet15.xml"  # Extras
    parts[name] = parts[name].replace(b'<c r="B2" t="n"><v>1</v>', b'<c r="B2" t="n"><v>:</v>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return out.getvalue()


def test_malformed_cell_on_extras_sheet_is_refused_in_plain_words() -> None:
    try:
        import_workbook(bad_number_in_extras())
    except CanvasFileError:
        return
    except ValueError:
        raise


def needs_a_newer_zip_version() -> bytes:
    """The bakery workbook whose first central-directory entry asks for zip version 6.4."""
    data = bytearray(XLSX)
    data[data.find(b"PK\x01\x02") + 6] = 64  # "version needed to extract"
    return bytes(data)


def test_workbook_needing_a_newer_zip_version_is_refused_in_plain_words() -> None:
    with pytest.raises(CanvasFileError):
        import_workbook(needs_a_newer_zip_version())
