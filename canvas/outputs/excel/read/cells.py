"""Reading one cell back: text, numbers, percentages and choices, with a plain reason when it fails."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from canvas.outputs.excel.layout import Column, Kind

MAX_CELL_CHARS = 5000
NUMBER_JUNK = re.compile(r"[,\s$€£¥]|[A-Z]{3}$")
SPLIT = re.compile(r"[;\n]")


class _Bad:
    """A cell that could not be read; its problem is already reported."""

    def __repr__(self) -> str:
        return "<unreadable cell>"


BAD = _Bad()


class CellProblem(ValueError):
    """Why one cell could not be read, in words for the person who typed it."""


def as_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date | time):
        return raw.isoformat()
    return str(raw)


def check_length(raw: Any) -> None:
    if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
        raise CellProblem(
            f"is far too long ({len(raw):,} characters; a canvas cell holds at most a few hundred)"
        )


def _number(raw: Any) -> tuple[float, bool]:
    """The number in a cell, and whether it was typed as text with a '%' sign."""
    if isinstance(raw, bool | datetime | date | time):
        raise CellProblem("must be a number")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellProblem("must be an ordinary number")
        return float(raw), False
    text = NUMBER_JUNK.sub("", str(raw).strip().upper())
    percent = text.endswith("%")
    text = text.rstrip("%")
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    try:
        value = float(Decimal(text))
    except (InvalidOperation, ValueError):
        raise CellProblem(f"must be a number, not '{as_text(raw)[:40]}'") from None
    if value != value or abs(value) == float("inf"):
        raise CellProblem("must be an ordinary number")
    return value, percent


def _times_100(value: float) -> float:
    """0.58 -> 58.0 exactly (floating point would give 57.99999999999999)."""
    return float(Decimal(repr(value)) * 100)


def _bounds(column: Column, value: float) -> None:
    if column.bounds is None:
        return
    low, high = column.bounds
    if not low <= value <= high:
        text = column.bounds_text or f"between {low:,g} and {high:,g}"
        unit = "%" if column.kind == Kind.pct and not column.bounds_text else ""
        raise CellProblem(f"must be {text}{unit}")


def read_number(column: Column, raw: Any) -> float | int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value, typed_percent = _number(raw)
    if column.kind == Kind.pct:
        value = value if typed_percent else _times_100(value)
    _bounds(column, value)
    if column.kind == Kind.int:
        if not float(value).is_integer():
            raise CellProblem("must be a whole number")
        return int(value)
    return value


def _lookup(options: Iterable[tuple[str, str]], token: str) -> str | None:
    key = token.strip().casefold()
    for value, label in options:
        if key in (value.casefold(), label.casefold()):
            return value
    if key.endswith(" months"):
        return _lookup(options, key.removesuffix(" months"))
    return None


def _options(column: Column) -> list[tuple[str, str]]:
    """The (value, label) choices a cell may hold: the column's own, then other wordings'."""
    return [*(column.choices or {}).items(), *column.other_choices]


def read_choice(column: Column, raw: Any) -> str | None:
    text = as_text(raw).strip()
    if not text:
        return None
    options = column.choices or {}
    value = _lookup(_options(column), text)
    if value is None:
        choices = ", ".join(options.values())
        raise CellProblem(f"'{text[:40]}' is not one of the choices ({choices})")
    return value


def read_labels(column: Column, raw: Any) -> list[str]:
    tokens = [t.strip() for t in SPLIT.split(as_text(raw)) if t.strip()]
    options = column.choices or {}
    values, unknown = [], []
    for token in tokens:
        value = _lookup(_options(column), token)
        (values if value is not None else unknown).append(value or token)
    if unknown:
        choices = "; ".join(options.values())
        raise CellProblem(f"'{unknown[0][:40]}' is not one of the choices ({choices})")
    return values


def read_date(raw: Any) -> str | None:
    """A date cell, or text such as 2027-12-31, as YYYY-MM-DD."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    try:
        return date.fromisoformat(as_text(raw).strip()).isoformat()
    except ValueError:
        raise CellProblem(f"must be a date such as 2027-12-31, not '{as_text(raw)[:40]}'") from None


def read_refs(raw: Any) -> list[str]:
    return [t.strip() for t in SPLIT.split(as_text(raw)) if t.strip()]
