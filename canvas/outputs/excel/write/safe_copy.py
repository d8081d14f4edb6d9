"""The canvas as the customer-safe workbook shows it: nothing internal left in, ids included.

Ids are often made from a group's nickname ('commuters-job1', 'delivery-gain2'); the safe copy
numbers everything instead ('group-1-job-1'), keeps every link between the items, and leaves out
the coached session and its notes. It is never imported back, so the ids need not survive."""

from __future__ import annotations

from typing import Any

from canvas.core.model import Canvas
from canvas.core.strategy import neutral_names

SAFE_CANVAS_ID = "customer-safe-copy"
GROUP_ITEMS = {  # list in a group -> the word its items are numbered with
    "jobs": "job",
    "pains": "pain",
    "gains": "gain",
    "pain_relievers": "reliever",
    "gain_creators": "creator",
}


def _number(items: list[dict[str, Any]], prefix: str, ids: dict[str, str]) -> None:
    for n, item in enumerate(items, start=1):
        ids[item["id"]] = f"{prefix}-{n}"
        item["id"] = ids[item["id"]]


def _renumber_group(group: dict[str, Any], n: int) -> dict[str, str]:
    """New ids for a group and its items, in place; old id -> new id for the links to them."""
    ids = {group["id"]: f"group-{n}"}
    group["id"] = ids[group["id"]]
    for key, word in GROUP_ITEMS.items():
        _number(group[key], f"group-{n}-{word}", ids)
    results = [r for intent in group["intents"] for r in intent["expected_results"]]
    _number(results, f"group-{n}-result", ids)
    for reliever in group["pain_relievers"]:
        reliever["pain_ids"] = [ids[i] for i in reliever["pain_ids"]]
    for creator in group["gain_creators"]:
        creator["gain_ids"] = [ids[i] for i in creator["gain_ids"]]
    proposition = group["proposition"]
    proposition["addresses"] = [ids[i] for i in proposition["addresses"]]
    return ids


def neutral_ids(canvas: Canvas) -> Canvas:
    """The canvas with every id numbered, none made from a name, and no session notes."""
    data = canvas.model_dump(mode="json")
    groups: dict[str, str] = {}
    for n, group in enumerate(data["groups"], start=1):
        old = group["id"]
        groups[old] = _renumber_group(group, n)[old]
    for n, hangout in enumerate(data["hangouts"], start=1):
        hangout["id"] = f"place-{n}"
        hangout["group_ids"] = [groups[i] for i in hangout["group_ids"]]
    for n, note in enumerate(data["lifecycle_notes"], start=1):
        note["id"] = f"stage-note-{n}"
        note["group_id"] = groups[note["group_id"]]
    data.update(id=SAFE_CANVAS_ID, session_notes=[], coach_session=None)
    return Canvas.model_validate(data)


def customer_safe(canvas: Canvas) -> Canvas:
    """Groups called 'Group 1', 'Group 2', ... (C-36), and ids that say nothing of them."""
    return neutral_ids(neutral_names(canvas))
