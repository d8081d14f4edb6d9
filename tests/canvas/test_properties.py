"""Property tests for the invariants: round trips, shares, lifetime value and retention."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from canvas.core.document import canvas_from_json, canvas_to_json
from canvas.core.metrics import clv_from_today, compute, largest_remainder
from canvas.core.model import Canvas, CustomerGroup, GroupKind
from tests.support.fuzz import seeded

money = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
text = st.text(max_size=40)


@st.composite
def groups(draw: st.DrawFn) -> CustomerGroup:
    return CustomerGroup(
        name=draw(text),
        kind=draw(st.sampled_from(list(GroupKind))),
        customer_count=draw(st.integers(min_value=0, max_value=100_000)),
        avg_order_value=draw(money),
        purchases_per_year=draw(st.floats(min_value=0, max_value=365)),
        contribution_margin_pct=draw(st.floats(min_value=-100, max_value=100)),
        cost_to_serve_per_year=draw(money),
        retention_pct=draw(st.floats(min_value=0, max_value=99)),
        value_to_customer_score=draw(st.none() | st.sampled_from([1 + i / 2 for i in range(9)])),
        target_share_pct=draw(st.none() | st.floats(min_value=0, max_value=100)),
    )


canvases = st.builds(
    Canvas,
    business_name=text,
    business_goal=st.text(max_size=400),
    discount_rate_pct=st.floats(min_value=0, max_value=30),
    groups=st.lists(groups(), max_size=8),
)


@seeded
@settings(max_examples=150, deadline=None)
@given(canvases)
def test_json_round_trip_is_identity(canvas: Canvas) -> None:
    again = canvas_from_json(canvas_to_json(canvas))
    assert again == canvas
    assert canvas_to_json(again) == canvas_to_json(canvas)


@seeded
@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12))
def test_shares_add_to_exactly_100(counts: list[int]) -> None:
    shares = largest_remainder(counts)
    if sum(counts) == 0:
        assert shares == [0.0] * len(counts)
    else:
        assert round(sum(shares) * 10) == 1000
        assert all(
            abs(s - c / sum(counts) * 100) < 0.1 + 1e-9 for s, c in zip(shares, counts, strict=True)
        )


@seeded
@settings(max_examples=150, deadline=None)
@given(canvases)
def test_portfolio_shares_add_to_100(canvas: Canvas) -> None:
    metrics = compute(canvas)
    current = [g for g in canvas.groups if g.is_in_portfolio]
    total = sum(metrics.of(g).share_now_pct for g in canvas.groups)
    assert round(total * 10) == (1000 if current else 0)


@seeded
@given(
    st.floats(min_value=0.01, max_value=1e6),
    st.floats(min_value=0, max_value=98),
    st.floats(min_value=0.1, max_value=1),
    st.floats(min_value=0, max_value=30),
)
def test_clv_rises_with_retention(margin: float, retention: float, step: float, d: float) -> None:
    assert clv_from_today(margin, retention + step, d) > clv_from_today(margin, retention, d)
