"""User text inside Markdown: shown exactly as typed, never as links, images, HTML or formulas."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()|<>~$:=!])")
_LINE_START = re.compile(r"^([#+\-.>])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def md(text: str) -> str:
    """Escape Markdown (and Streamlit's $…$ maths and :emoji:/:color[] directives) in user text."""
    flat = text.replace("\r", " ").replace("\n", " ")
    escaped = _LINE_START.sub(r"\\\1", _SPECIAL.sub(r"\\\1", flat))
    return _NUMBERED.sub(r"\1\\\2", escaped)
