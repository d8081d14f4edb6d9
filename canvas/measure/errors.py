"""The errors of measuring: a file we will not read, and a file whose columns the person maps."""

from __future__ import annotations

from canvas.core.document import CanvasFileError


class SalesFileError(CanvasFileError):
    """A sales file we will not read. The message says why, in plain words; nothing changed."""


class NeedsMapping(SalesFileError):
    """The file reads, but its columns match no known layout: the person says which is which."""

    def __init__(self, message: str, headers: list[str], preview: list[list[str]]) -> None:
        super().__init__(message)
        self.headers = headers
        self.preview = preview
