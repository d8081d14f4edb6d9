"""Findings, their severity, and the runner: `run_checks` applies every rule in `RULES`.

A rule is a function of a `Context` that yields findings; `@rule` adds it to `RULES`, in the
order the rule modules are imported by the package (the order of the steps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from enum import StrEnum

from canvas.core.classify import Placement, place
from canvas.core.labels import FIELD_LABELS, field_label, group_label, money
from canvas.core.metrics import CanvasMetrics, compute
from canvas.core.model import Canvas, CustomerGroup

ENFORCED_BY_MODEL = {
    "V11": "Recommendation counts cannot be negative and an estimated score stays within -100..100.",
    "V17": "Choose one or two intents per group, at most.",
    "V19": "Grow and retire, or maintain and retire, cannot be chosen together.",
}


class Severity(StrEnum):
    """How urgent a finding is. The values are the letters of the JSON and CLI output; the members
    are listed most urgent first, which is the order findings are sorted in."""

    error = "E"
    warning = "W"
    note = "I"

    @property
    def words(self) -> str:
        """What the app and the workbook call it."""
        return _SEVERITY_WORDS[self]

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


_SEVERITY_WORDS = {Severity.error: "Fix", Severity.warning: "Check", Severity.note: "Idea"}


@dataclass(frozen=True)
class Finding:
    id: str
    severity: Severity
    step: str  # "S1".."S9"
    group: str | None  # group id
    message: str
    # The field it is about: a key of FIELD_LABELS, whose on-screen label the message quotes; None
    # where it is about a whole step or the canvas (G01 aside: V02, V04, V23, V32).
    field: str | None = None

    def __post_init__(self) -> None:
        if self.field is not None and self.field not in FIELD_LABELS:
            raise ValueError(f"{self.id}: {self.field!r} is not a key of FIELD_LABELS")

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class Step:
    """The findings of one step, by severity:
    `S4.warning("V07", group.id, message, field="retention_pct")`."""

    id: str  # "S1".."S9"

    def error(self, check: str, group: str | None, message: str, field: str | None) -> Finding:
        return Finding(check, Severity.error, self.id, group, message, field)

    def warning(self, check: str, group: str | None, message: str, field: str | None) -> Finding:
        return Finding(check, Severity.warning, self.id, group, message, field)

    def note(self, check: str, group: str | None, message: str, field: str | None) -> Finding:
        return Finding(check, Severity.note, self.id, group, message, field)


@dataclass(frozen=True)
class Context:
    canvas: Canvas
    metrics: CanvasMetrics
    placements: dict[str, Placement]

    def name(self, group: CustomerGroup) -> str:
        return group_label(group.name)

    def money(self, amount: float | None) -> str:
        return money(amount, self.canvas.currency)

    def label(self, field: str) -> str:
        """A field's on-screen label, quoted as messages quote it: "'Retention %'"."""
        return f"'{field_label(field, self.canvas)}'"


Rule = Callable[[Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def run_checks(canvas: Canvas, metrics: CanvasMetrics | None = None) -> list[Finding]:
    metrics = metrics or compute(canvas)
    ctx = Context(canvas, metrics, place(canvas, metrics))
    findings = [finding for check in RULES for finding in check(ctx)]
    return sorted(findings, key=lambda f: (f.step, f.severity.rank))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.error for f in findings)
