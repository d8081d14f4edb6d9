"""The checks of steps 7 and 8: value propositions, and where the groups gather."""

from __future__ import annotations

import re
from collections.abc import Iterator

from canvas.core import thresholds as T
from canvas.core.checks.findings import Context, Finding, Step, rule
from canvas.core.labels import DIRECTIONS
from canvas.core.model import CustomerGroup, Direction

S7, S8 = Step("S7"), Step("S8")

# ---------- S7 value propositions ----------


@rule
def v27_propositions(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if group.is_retired:
            continue
        missing = [
            (field, f"a {ctx.label(field)} ({meaning})")
            for field, meaning, text in (
                ("why_for_group", "what you stand for, for them", group.proposition.why_for_group),
                ("what", "what you offer them", group.proposition.what),
            )
            if not text
        ]
        if missing:
            yield S7.warning(
                "V27",
                group.id,
                f"'{ctx.name(group)}' still needs {' and '.join(part for _, part in missing)}.",
                field=missing[0][0],
            )


OFFER_WORDS = re.compile(
    r"\b(price|prices|priced|pricing|cheap|cheaper|discount|discounts|offer|deal|deals|product|"
    r"products|\$|€|£|%|free|sale|fee|fees|cost|costs)\b",
    re.IGNORECASE,
)


def _mostly_offer_words(text: str) -> bool:
    words = re.findall(r"[\w$€£%]+", text)
    return bool(words) and len(OFFER_WORDS.findall(text)) / len(words) >= T.OFFER_WORDS_SHARE


def _names_an_offer(group: CustomerGroup) -> bool:
    what = group.proposition.what.casefold()
    if not group.products_services:
        return len(what.split()) >= T.OFFER_MIN_WORDS
    term = re.compile(rf"\w{{{T.OFFER_TERM_MIN_CHARS},}}")
    terms = {w for p in group.products_services for w in term.findall(p.casefold())}
    return any(term in what for term in terms)


@rule
def v28_levels(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        prop = group.proposition
        if prop.why_for_group and _mostly_offer_words(prop.why_for_group):
            yield S7.note(
                "V28",
                group.id,
                f"The {ctx.label('why_for_group')} for '{ctx.name(group)}' talks mostly about price "
                f"or product. It should say what you stand for; the {ctx.label('what')} says what "
                "you offer.",
                field="why_for_group",
            )
        if prop.what and not _names_an_offer(group):
            yield S7.note(
                "V28",
                group.id,
                f"The {ctx.label('what')} for '{ctx.name(group)}' does not name a product or "
                "service you offer them.",
                field="what",
            )


# ---------- S8 hangouts ----------


@rule
def v30_hangouts(ctx: Context) -> Iterator[Finding]:
    for group in ctx.canvas.groups:
        if not group.has_grow_share:
            continue
        places = ctx.canvas.hangouts_for(group.id)
        if not places:
            yield S8.warning(
                "V30",
                group.id,
                f"You want more of '{ctx.name(group)}'. Where do they gather? Add a place and "
                f"choose them under {ctx.label('group_ids')}: places in person first, then online.",
                field="group_ids",
            )
        elif all(h.direction == Direction.we_broadcast for h in places):
            yield S8.warning(
                "V30",
                group.id,
                f"Every place listed for '{ctx.name(group)}' has {ctx.label('direction')} set to "
                f"'{DIRECTIONS[Direction.we_broadcast]}'. Add a place where they come to you, or "
                "where you meet and talk.",
                field="direction",
            )
