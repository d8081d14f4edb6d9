"""Canvas files on disk: reading a canvas JSON file, and the worked examples in `sample_data/`."""

from __future__ import annotations

from pathlib import Path

from canvas.core.document import MAX_JSON_BYTES, CanvasFileError, canvas_from_json, too_big
from canvas.core.metrics import largest_remainder
from canvas.core.model import Canvas


def load_canvas(path: str | Path) -> Canvas:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_JSON_BYTES:
            raise too_big(size)
        data = file.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        raise CanvasFileError(f"Could not read '{file.name}': {exc.strerror.lower()}.") from None
    return canvas_from_json(data)


SAMPLES_DIR = Path(__file__).resolve().parents[2] / "sample_data"
SAMPLES = {
    "blank": "blank.json",
    "bakery": "bakery.json",
    "it_services": "it_services.json",
    "nonprofit": "nonprofit.json",
    "coaching": "coaching.json",
}


def load_sample(name: str) -> Canvas:
    return load_canvas(SAMPLES_DIR / SAMPLES[name])


def scaled_sample(name: str, groups: int) -> Canvas:
    """A worked example grown to `groups` customer groups (copies with their own ids and names,
    places re-linked, equal target shares): for benchmarks and tests of large canvases."""
    base = load_sample(name)
    copies: dict[str, list[str]] = {}
    made = []
    shares = largest_remainder([1] * groups)
    for n in range(groups):
        group = base.groups[n % len(base.groups)].model_dump()
        group_id, suffix = f"g{n}", f"-{n}"
        copies.setdefault(group["id"], []).append(group_id)
        group |= {
            "id": group_id,
            "name": f"{group['name'][:30]} {n + 1}",
            "target_share_pct": shares[n],
        }
        for key in ("jobs", "pains", "gains", "pain_relievers", "gain_creators"):
            for item in group[key]:
                item["id"] += suffix
        for item in group["pain_relievers"]:
            item["pain_ids"] = [p + suffix for p in item["pain_ids"]]
        for item in group["gain_creators"]:
            item["gain_ids"] = [g + suffix for g in item["gain_ids"]]
        group["proposition"]["addresses"] = [a + suffix for a in group["proposition"]["addresses"]]
        made.append(group)
    hangouts = [
        h.model_dump() | {"group_ids": [c for g in h.group_ids for c in copies.get(g, [])]}
        for h in base.hangouts
    ]
    document = base.model_dump() | {"groups": made, "hangouts": hangouts, "lifecycle_notes": []}
    return Canvas.model_validate(document)
