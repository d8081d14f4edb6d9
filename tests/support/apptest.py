"""Reading what an AppTest run shows: every piece of text a person could see, and how it renders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from streamlit.testing.v1 import AppTest

# Element types whose text Streamlit renders as Markdown in the browser.
MARKDOWN_RENDERED = ("markdown", "caption", "title", "header", "subheader", "divider", "latex")
ALERTS = ("error", "warning", "info", "success", "exception", "toast")


def no_exceptions(app: AppTest) -> None:
    """Fail with the messages of every exception the run showed, if any."""
    assert not app.exception, [e.value for e in app.exception]


def walk(node: Any) -> Iterator[Any]:
    """The node of AppTest's element tree and everything under it, depth first."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def shown_text(app: AppTest) -> list[tuple[str, str, bool]]:
    """(element type, text, rendered as Markdown?) for everything the run put on the page,
    including widget labels and help, which Streamlit also renders as Markdown."""
    found: list[tuple[str, str, bool]] = []
    for node in walk(app._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        for attr in ("value", "body", "label", "help", "placeholder"):
            value = getattr(proto, attr, None) if proto is not None else None
            if isinstance(value, str) and value:
                markdown = attr in ("label", "help") or kind in MARKDOWN_RENDERED + ALERTS
                if kind == "text" or attr == "placeholder":
                    markdown = False
                found.append((kind, value, markdown))
    return found


def html_elements(app: AppTest) -> list[str]:
    """Bodies of everything rendered as raw HTML (st.html, markdown with unsafe_allow_html)."""
    bodies = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if getattr(node, "type", "") == "html" or getattr(proto, "allow_html", False):
            bodies.append(getattr(proto, "body", ""))
    return bodies


def all_text(app: AppTest) -> str:
    """Every piece of text the run put on the page, one per line."""
    return "\n".join(text for _, text, _ in shown_text(app))


def text_field(app: AppTest, label: str) -> Any:
    """The text input or text area whose label starts with `label`."""
    return next(w for w in [*app.text_input, *app.text_area] if w.label.startswith(label))


def errors(app: AppTest) -> list[str]:
    """The bodies of the `st.error` boxes the run showed."""
    return [e.value for e in app.error]
