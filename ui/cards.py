"""Group cards: a bordered card per group, in rows, with the group's chart colour along its top
edge. On a phone Streamlit stacks the columns, so the cards read one under another instead of a
wide table that scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator

import streamlit as st

from canvas.core.colors import group_colors
from canvas.core.labels import group_label
from canvas.core.model import Canvas, CustomerGroup
from ui.text import md


def group_cards(canvas: Canvas, per_row: int = 3, key: str = "card") -> Iterator[CustomerGroup]:
    """Yield each of the canvas's groups, in order, while its card is the active container: what
    the caller writes between two yields goes into that group's card, under its name. `key`
    tells two sets of cards on one page apart."""
    groups, colors = canvas.groups, group_colors(canvas)
    edges = "".join(
        f".st-key-{key}-{n} {{border-top: 6px solid {colors[g.id]};}}" for n, g in enumerate(groups)
    )  # checked hex colours (the model's pattern or the palette) and our own keys, no user text
    st.markdown(f"<style>{edges}</style>", unsafe_allow_html=True)
    for start in range(0, len(groups), per_row):
        row = groups[start : start + per_row]
        for offset, (column, group) in enumerate(zip(st.columns(per_row), row, strict=False)):
            with column, st.container(border=True, key=f"{key}-{start + offset}"):
                st.markdown(f"**{md(group_label(group.name))}**")
                yield group


def label_and_text(label: str, text: str, empty: str = "Not written yet") -> None:
    """A small label over its text, or over a quiet note when there is no text yet."""
    body = md(text) if text else f":gray[_{empty}_]"
    st.markdown(f":gray[{label}]  \n{body}")
