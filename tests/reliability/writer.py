"""A second process that saves one canvas over and over, printing each committed revision.

Used by the SIGKILL tests: `python -m tests.reliability.writer <store> <canvas id>`. Each save sets the
business goal to "edit <revision>", so the content of every revision is known.
"""

from __future__ import annotations

import sys

from canvas.storage import open_store


def main(path: str, canvas_id: str) -> None:
    store = open_store(path)
    stored = store.load(canvas_id)
    assert stored is not None
    canvas, revision = stored
    while True:
        canvas.business_goal = f"edit {revision + 1}"
        canvas, revision = store.save(canvas, revision)
        print(revision, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
