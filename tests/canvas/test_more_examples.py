"""METHOD §4.3: a nonprofit canvas and a coach's own practice, with the rules of §2 and §5."""

from __future__ import annotations

import pytest

from canvas.core.checks import has_errors, run_checks
from canvas.core.classify import Tier, place
from canvas.core.metrics import compute
from canvas.core.model import Canvas
from canvas.core.strategy import one_page
from canvas.outputs.report import metrics_report


def test_nonprofit_keeps_volunteer_time_apart_from_cash(nonprofit: Canvas) -> None:
    """C-37 / V32: in-kind value is reported on its own, never in cash totals."""
    metrics = compute(nonprofit)
    cash = sum(metrics.of(g).group_margin for g in nonprofit.groups)
    assert metrics.portfolio.annual_margin == pytest.approx(cash)
    assert metrics.portfolio.in_kind_value == pytest.approx(45 * 4 * 45 * 31.8)
    v32 = [f for f in run_checks(nonprofit) if f.id == "V32"]
    assert v32 and "never added to cash totals" in v32[0].message


def test_nonprofit_wording_and_no_false_alarms(nonprofit: Canvas) -> None:
    findings = run_checks(nonprofit)
    assert not has_errors(findings)
    assert not [f for f in findings if f.id in {"V09", "V10"}]  # gifts have no cost of goods
    assert any("supporter" in f.message for f in findings)
    placements = place(nonprofit, compute(nonprofit))
    # 180 hours at $31.80, less $450 support: valued in kind, they are among the most valuable
    assert placements["volunteers"].tier == Tier.MVC
    assert "Share of supporters now → target" in dict(one_page(nonprofit).rows)


def test_nonprofit_few_funders_warn(nonprofit: Canvas) -> None:
    """C-26: a few funders carrying a large share of cash income must warn."""
    assert not [f for f in run_checks(nonprofit) if f.id == "V31"]
    bigger = nonprofit.model_copy(
        update={
            "groups": [
                g.model_copy(update={"avg_order_value": 40_000}) if g.id == "sponsors" else g
                for g in nonprofit.groups
            ]
        }
    )
    warned = [f for f in run_checks(bigger) if f.id == "V31"]
    assert warned and "cash income" in warned[0].message


def test_coaching_practice(coaching: Canvas) -> None:
    report = metrics_report(coaching)
    by_id = {g["id"]: g for g in report["groups"]}
    assert by_id["owners"]["tier"] == "MVC" and by_id["owners"]["quadrant"] == "sweet_spot"
    assert by_id["successors"]["tier"] == "prospect"
    assert report["portfolio"]["mix_margin_target"] > report["portfolio"]["mix_margin_now"]
    findings = run_checks(coaching)
    assert not has_errors(findings)
    assert not [f for f in findings if f.id in {"V21", "V16", "V29"}]
