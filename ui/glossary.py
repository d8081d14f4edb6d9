"""The method's words explained where they appear: help tooltips and a folded list of terms, all
from the glossary in `canvas.core.labels` (one name and one explanation per concept)."""

from __future__ import annotations

import streamlit as st

from canvas.core.labels import term, wording
from canvas.core.model import Canvas

# The words the one-page strategy uses, in the order a reader meets them.
STRATEGY_TERMS = (
    "lifetime_value",
    "recommendation_score",
    "give_or_take",
    "rough_guide",
    "quadrant",
    "tier",
    "intent",
)


def explained(canvas: Canvas, keys: tuple[str, ...], title: str = "What the words mean") -> None:
    """A folded list of the method's words that a screen uses, each with its explanation, and
    the corners, tiers and intents when `keys` holds "quadrant", "tier" or "intent"."""
    with st.expander(title):
        for key in keys:
            found = term(key, canvas)
            st.markdown(f"- **{found.name[:1].upper()}{found.name[1:]}**: {found.explain}")
            for sub in _kinds(canvas, key):
                one = term(sub, canvas)
                st.markdown(f"    - **{one.name}**: {one.explain}")


def _kinds(canvas: Canvas, key: str) -> list[str]:
    """The glossary keys of each corner, tier or intent under their general term."""
    return [k for k in wording(canvas).glossary if k.startswith(f"{key}:")]
