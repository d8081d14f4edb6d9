"""The canvas as a JSON document: schema migrations, parsing with plain-language errors, and
writing it out. No files here (`canvas.storage.files` reads and writes them).

Every document is treated as hostile: size and nesting are capped before parsing, and any problem
comes back as a `CanvasFileError` whose message a busy owner can read (never a traceback).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from canvas.core.labels import FIELD_LABELS
from canvas.core.model import SCHEMA_VERSION, Canvas, new_canvas_id, utc_now

MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_NESTING = 40
MAX_PROBLEMS_SHOWN = 8

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# MIGRATIONS[n] turns a version-n document into a version-(n+1) one. Pure dict -> dict steps.
# Add a step and a fixture in tests/canvas/fixtures/ with every bump of SCHEMA_VERSION.


def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds coached sessions: session notes and the session plan."""
    return {**document, "session_notes": [], "coach_session": None}


def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Version 3 lets a job's and a place's kind be unset (not chosen yet): every version-2
    document is a version-3 one as it is."""
    return dict(document)


def _v3_to_v4(document: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds volunteer hours and the hourly value (in-kind value), a nonprofit group's
    role, where measured figures came from, and results that are ceilings, floors or due by a date.
    Every new field has a default, so every version-3 document is a version-4 one as it is."""
    return dict(document)


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


class CanvasFileError(ValueError):
    """A file that is not a canvas we can open. The message is for the person, in plain words."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def migrate(
    document: dict[str, Any],
    migrations: dict[int, Migration] | None = None,
    current: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    chain = MIGRATIONS if migrations is None else migrations
    version = document.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise CanvasFileError(
            "This file does not say which canvas version it is, so it cannot be opened."
        )
    if version > current:
        raise CanvasFileError(
            f"This canvas was saved by a newer version of the app (file version {version}, this "
            f"app reads up to {current}). Update the app, or export it again from the newer one."
        )
    while version < current:
        document = {**chain[version](document), "schema_version": version + 1}
        version += 1
    return document


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _label(part: str | int) -> str:
    if isinstance(part, int):
        return f"item {part + 1}"
    return FIELD_LABELS.get(part, part.replace("_", " "))


NAME_SHOWN = 40  # characters of a name quoted in a message; a longer one is cut with "…"


def _short(name: str) -> str:
    return name if len(name) <= NAME_SHOWN else name[: NAME_SHOWN - 1] + "…"


def _location(loc: tuple[str | int, ...], document: Any) -> str:
    """'Customer groups › Weekday commuters › Retention %' from a pydantic error location."""
    words: list[str] = []
    node = document
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            item = node[part]
            name = item.get("name") if isinstance(item, dict) else None
            words.append(f"'{_short(name)}'" if isinstance(name, str) and name else _label(part))
            node = item
            continue
        if isinstance(part, str) and part.startswith(("function-", "tagged-union")):
            continue
        words.append(_label(part))
        node = node.get(part) if isinstance(node, dict) else None
    return " › ".join(words) if words else "The canvas"


def _too_long(text: Any, limit: Any) -> str:
    """'is 52 characters, 12 more than the 40 it can hold', or the limit alone."""
    if isinstance(text, str) and isinstance(limit, int):
        return f"is {len(text):,} characters, {len(text) - limit:,} more than the {limit:,} it can hold"
    return f"is too long (at most {limit} characters)"


PATTERN_HINTS = {
    "currency": "must be a three-letter currency code, like USD, EUR or AUD",
    "color": "must be a colour code like #1f77b4",
    "id": "must be letters, digits, '-' or '_' only",
}


def _plain(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = {k: f"{v:g}" if isinstance(v, float) else v for k, v in (error.get("ctx") or {}).items()}
    field = next((p for p in reversed(error.get("loc", ())) if isinstance(p, str)), "")
    if kind == "string_pattern_mismatch" and field in PATTERN_HINTS:
        return PATTERN_HINTS[field]
    message = str(error.get("msg", "is not valid"))
    plain = {
        "missing": "is missing",
        "extra_forbidden": "is not something a canvas has",
        "string_too_long": _too_long(error.get("input"), ctx.get("max_length")),
        "string_too_short": "is empty",
        "too_long": f"has too many entries (at most {ctx.get('max_length')})",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "greater_than": f"must be more than {ctx.get('gt')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "less_than": f"must be less than {ctx.get('lt')}",
        "multiple_of": f"must be in steps of {ctx.get('multiple_of')}",
        "enum": f"must be one of: {ctx.get('expected')}",
        "literal_error": f"must be one of: {ctx.get('expected')}",
        "string_pattern_mismatch": "is not in the expected format",
        "int_parsing": "must be a whole number",
        "int_type": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_parsing": "must be a number",
        "float_type": "must be a number",
        "finite_number": "must be an ordinary number",
        "string_type": "must be text",
        "list_type": "must be a list",
        "dict_type": "must be a set of fields",
        "model_type": "must be a set of fields",
        "bool_type": "must be yes or no",
        "datetime_parsing": "must be a date and time",
        "datetime_type": "must be a date and time",
    }.get(kind)
    if plain is None:
        plain = message.removeprefix("Value error, ")
    return plain


def describe_validation_error(exc: ValidationError, document: Any) -> list[str]:
    problems = []
    for error in exc.errors(include_url=False):
        problems.append(f"{_location(tuple(error['loc']), document)}: {_plain(dict(error))}.")
    return list(dict.fromkeys(problems))


def canvas_from_document(document: Any) -> Canvas:
    if not isinstance(document, dict):
        raise CanvasFileError("This file is not a canvas: it should hold one canvas object.")
    if _depth(document, MAX_NESTING) > MAX_NESTING:
        raise CanvasFileError("This file is nested far too deeply to be a canvas.")
    document = migrate(document)
    try:
        return Canvas.model_validate(document)
    except ValidationError as exc:
        problems = describe_validation_error(exc, document)
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        tail = f" …and {more} more." if more > 0 else ""
        raise CanvasFileError(
            "This canvas could not be opened: " + " ".join(shown) + tail, problems
        ) from None


def too_big(size: int) -> CanvasFileError:
    return CanvasFileError(
        f"This file is {size / 1024 / 1024:.1f} MB. A canvas file is at most "
        f"{MAX_JSON_BYTES // 1024 // 1024} MB."
    )


def canvas_from_json(data: str | bytes) -> Canvas:
    if len(data) > MAX_JSON_BYTES:
        raise too_big(len(data))
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise CanvasFileError(
            f"This file is not a canvas: it is not valid JSON{where}. Export the canvas from the "
            "app and try again."
        ) from None
    except RecursionError:
        raise CanvasFileError("This file is nested far too deeply to be a canvas.") from None
    return canvas_from_document(document)


def canvas_to_json(canvas: Canvas) -> str:
    return canvas.model_dump_json(indent=2) + "\n"


def as_new_canvas(canvas: Canvas) -> Canvas:
    """A copy with a fresh id and dates, for starting from a sample or an uploaded file."""
    now = utc_now()
    return canvas.model_copy(update={"id": new_canvas_id(), "created_at": now, "updated_at": now})
