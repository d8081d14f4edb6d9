"""The expert checks of METHOD §2.6 (V01-V33) as findings in plain words.

Findings never block saving. `Severity` E means "fix before you rely on this or export it", W a
warning, I a nudge. V11, V17 and V19 are enforced by the model itself (a canvas that breaks them cannot be
loaded or saved), so they never appear here; see `ENFORCED_BY_MODEL`.

The rules live by step in `customers` (S1-S3), `business` (S4), `intents` (S6) and `offer`
(S7-S8); `findings` holds `Finding`, `Severity` and the runner. Importing this package
registers every rule, in that order.
"""

from canvas.core.checks.findings import (
    ENFORCED_BY_MODEL,
    RULES,
    Finding,
    Severity,
    has_errors,
    run_checks,
)

# Importing the rule modules registers their rules; in step order, which is the order of RULES.
# isort: off
from canvas.core.checks import customers, business, intents, offer  # noqa: F401
# isort: on

__all__ = ["ENFORCED_BY_MODEL", "RULES", "Finding", "Severity", "has_errors", "run_checks"]
