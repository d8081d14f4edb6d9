"""Classification of METHOD §2.5: suggested value-to-business score, quadrant, value tier, and the
intents those suggest. Thresholds come from the canvas so they stay visible and tunable."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from canvas.core import thresholds as T
from canvas.core.metrics import CanvasMetrics, GroupMetrics
from canvas.core.model import Canvas, Confidence, CustomerGroup, Thresholds


class Quadrant(StrEnum):
    sweet_spot = "sweet_spot"
    value_leak = "value_leak"
    at_risk = "at_risk"
    poor_fit = "poor_fit"


class Tier(StrEnum):  # Peppers & Rogers value tiers, applied to groups
    MVC = "MVC"
    MGC = "MGC"
    BZ = "BZ"
    middle = "middle"
    prospect = "prospect"


def _clamp_score(value: float) -> float:
    return min(5.0, max(1.0, value))


def suggested_vtb(metrics: GroupMetrics, group: CustomerGroup, average_clv: float | None) -> float:
    """Value to the business suggested by lifetime value against the portfolio average, plus advocacy.
    A group valued in kind is ranked by its in-kind lifetime value against the same (cash) average."""
    clv = metrics.valued_clv
    if clv <= 0:
        base = 1.0
    elif not average_clv or average_clv <= 0:
        base = 3.0
    elif clv < 0.5 * average_clv:
        base = 2.0
    elif clv < average_clv:
        base = 3.0
    elif clv < 2 * average_clv:
        base = 4.0
    else:
        base = 5.0
    adjustment = 0.0
    if metrics.nps is not None:
        if metrics.nps.score >= T.HIGH_NPS:
            adjustment += 0.5
        elif metrics.nps.score < 0:
            adjustment -= 0.5
    if group.referrals_per_10_per_year is not None and group.referrals_per_10_per_year >= 2:
        adjustment += 0.5
    return _clamp_score(base + adjustment)


def is_estimate(group: CustomerGroup) -> bool:
    """A prospect, or economics whose weakest input is a guess: its place on the map is a guess.
    Figures measured from sales records make a group's place known, whatever else is guessed."""
    if not group.is_in_portfolio:
        return True
    return group.measured is None and group.confidence.weakest == Confidence.guess


@dataclass(frozen=True)
class Placement:
    """Where a group sits on the value-exchange map, and which P&R value tier it falls in."""

    group_id: str
    vtc: float | None
    vtb: float  # the owner's score, or the suggestion until they give one
    vtb_suggested: float
    vtb_is_suggestion: bool
    quadrant: Quadrant | None  # None until value to the customer is scored
    vtc_near_line: bool
    vtb_near_line: bool
    tier: Tier
    growable: bool  # MVC with room in share of wallet
    is_estimate: bool  # a prospect, or economics that are mostly guesses

    @property
    def near_line(self) -> bool:
        return self.vtc_near_line or self.vtb_near_line


def quadrant_of(vtc: float, vtb: float, thresholds: Thresholds) -> Quadrant:
    high_c = vtc >= thresholds.quadrant_line
    high_b = vtb >= thresholds.quadrant_line
    if high_c and high_b:
        return Quadrant.sweet_spot
    if high_c:
        return Quadrant.value_leak
    if high_b:
        return Quadrant.at_risk
    return Quadrant.poor_fit


def _near(score: float | None, thresholds: Thresholds) -> bool:
    return score is not None and thresholds.near_line_low <= score < thresholds.near_line_high


def tier_of(
    group: CustomerGroup, metrics: GroupMetrics, average_clv: float | None, thresholds: Thresholds
) -> tuple[Tier, bool]:
    if not group.is_in_portfolio:
        return Tier.prospect, False
    clv = metrics.valued_clv  # volunteers give time, not cash: valued in kind, not below zero
    if clv <= 0:
        return Tier.BZ, False
    sow = group.share_of_wallet_pct
    has_room = sow is not None and sow <= thresholds.growable_share_of_wallet_pct
    line = thresholds.tier_multiple * average_clv if average_clv and average_clv > 0 else None
    if line is not None and clv >= line:
        return Tier.MVC, has_room
    if has_room and line is not None and (metrics.potential_value or 0) >= line:
        return Tier.MGC, False
    return Tier.middle, False


def place(canvas: Canvas, metrics: CanvasMetrics) -> dict[str, Placement]:
    average = metrics.portfolio.average_clv
    thresholds = canvas.thresholds
    placements: dict[str, Placement] = {}
    for group in canvas.groups:
        gm = metrics.of(group)
        suggestion = suggested_vtb(gm, group, average)
        vtb = group.value_to_business_score
        shown_vtb = vtb if vtb is not None else suggestion
        vtc = group.value_to_customer_score
        tier, growable = tier_of(group, gm, average, thresholds)
        placements[group.id] = Placement(
            group_id=group.id,
            vtc=vtc,
            vtb=shown_vtb,
            vtb_suggested=suggestion,
            vtb_is_suggestion=vtb is None,
            quadrant=quadrant_of(vtc, shown_vtb, thresholds) if vtc is not None else None,
            vtc_near_line=_near(vtc, thresholds),
            vtb_near_line=_near(shown_vtb, thresholds),
            tier=tier,
            growable=growable,
            is_estimate=is_estimate(group),
        )
    return placements


def suggested_intents(placement: Placement) -> list[str]:
    """Plain-language intent suggestions from the quadrant and the tier. The owner decides."""
    suggestions: list[str] = []
    by_quadrant = {
        Quadrant.sweet_spot: ["grow (share)", "maintain"],
        Quadrant.value_leak: ["re-engineer", "grow (value)"],
        Quadrant.at_risk: ["re-engineer", "maintain"],
        Quadrant.poor_fit: ["retire", "re-engineer"],
    }
    by_tier = {
        Tier.MVC: ["maintain"],
        Tier.MGC: ["grow (value)"],
        Tier.BZ: ["re-engineer", "retire"],
        Tier.prospect: ["grow (share)"],
    }
    if placement.quadrant is not None:
        suggestions += by_quadrant[placement.quadrant]
    suggestions += by_tier.get(placement.tier, [])
    return list(dict.fromkeys(suggestions))


def nps_is_estimate(group: CustomerGroup, gm: GroupMetrics) -> bool:
    """Is this group's recommendation score an estimate (shown hollow and dashed)?"""
    return (
        is_estimate(group)
        or group.confidence.nps == Confidence.guess
        or (gm.nps is not None and gm.nps.is_estimate)
    )
