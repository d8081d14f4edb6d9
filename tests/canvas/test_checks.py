"""Every rule of METHOD §2.6: a case that fires and one that does not."""

from __future__ import annotations

import itertools

import pytest

from canvas.core.checks import ENFORCED_BY_MODEL, RULES, Finding, Severity, has_errors, run_checks
from canvas.core.classify import place
from canvas.core.metrics import compute, nps_from_counts
from canvas.core.model import (
    BusinessType,
    Canvas,
    CustomerGroup,
    Direction,
    ExpectedResult,
    GroupKind,
    Hangout,
    Intent,
    IntentType,
    Job,
    JobKind,
    NpsMode,
    Objective,
    Pain,
    PainReliever,
    ResultMetric,
    ValueProposition,
)


def ids(canvas: Canvas, rule: str, group: str | None = None) -> list[Finding]:
    return [f for f in run_checks(canvas) if f.id == rule and (group is None or f.group == group)]


def grp(**kw) -> CustomerGroup:
    base = dict(
        name="Regulars",
        kind=GroupKind.current,
        customer_count=100,
        avg_order_value=10,
        purchases_per_year=10,
        contribution_margin_pct=50,
        retention_pct=60,
        behaviour="Buy twice a week and recommend us to friends",
    )
    base.update(kw)
    return CustomerGroup(**base)


def with_group(canvas: Canvas, group_id: str, **changes) -> Canvas:
    groups = [g.model_copy(update=changes) if g.id == group_id else g for g in canvas.groups]
    return Canvas.model_validate(
        {**canvas.model_dump(), "groups": [g.model_dump() for g in groups]}
    )


def test_every_rule_is_a_check_or_enforced_by_the_model() -> None:
    import inspect

    source = "".join(inspect.getsource(r) for r in RULES)
    covered = {f"V{n:02d}" for n in range(1, 34) if f'"V{n:02d}"' in source}
    assert covered | set(ENFORCED_BY_MODEL) == {f"V{n:02d}" for n in range(1, 34)}


def test_findings_carry_id_severity_step_group_message(bakery: Canvas) -> None:
    for f in run_checks(bakery):
        assert f.severity in "EWI" and f.step in {f"S{i}" for i in range(1, 10)}
        assert (f.message and f.message[0].isupper()) or f.message.startswith("'")
        assert set(f.to_dict()) == {"id", "severity", "step", "group", "message", "field"}


def test_severity_letters_words_and_order(bakery: Canvas) -> None:
    assert [(s.value, s.words) for s in Severity] == [("E", "Fix"), ("W", "Check"), ("I", "Idea")]
    findings = run_checks(bakery)
    assert {f.to_dict()["severity"] for f in findings} <= {"E", "W", "I"}
    for a, b in itertools.pairwise(findings):
        assert (a.step, a.severity.rank) <= (b.step, b.severity.rank)


def test_goal(blank: Canvas) -> None:
    assert ids(blank, "G01")
    assert not ids(blank.model_copy(update={"business_goal": "Lift profit 15% in a year"}), "G01")


def test_v01_names() -> None:
    assert ids(Canvas(groups=[grp(name=""), grp(name="B")]), "V01")
    dup = Canvas(groups=[grp(name="Regulars"), grp(name="regulars")])
    assert [f.severity for f in ids(dup, "V01")] == ["E"]
    assert not ids(Canvas(groups=[grp(name="A"), grp(name="B")]), "V01")


def test_v02_group_count() -> None:
    assert ids(Canvas(groups=[grp()]), "V02")
    assert ids(Canvas(groups=[grp(name=str(i)) for i in range(8)]), "V02")
    assert not ids(Canvas(groups=[grp(name=str(i)) for i in range(4)]), "V02")


def test_v03_behaviour() -> None:
    """C-08: a current group with an empty or demographic-only behaviour field warns."""
    assert ids(Canvas(groups=[grp(behaviour="")]), "V03")
    assert ids(Canvas(groups=[grp(behaviour="Women aged 30-45 living nearby")]), "V03")
    assert not ids(Canvas(groups=[grp()]), "V03")
    assert not ids(Canvas(groups=[grp(kind=GroupKind.prospective, behaviour="")]), "V03")


def test_v04_non_customers(bakery: Canvas, it_services: Canvas) -> None:
    assert ids(bakery, "V04")
    assert not ids(it_services, "V04")


def test_v05_count() -> None:
    assert ids(Canvas(groups=[grp(customer_count=0)]), "V05")[0].severity == "E"
    assert not ids(Canvas(groups=[grp(customer_count=0, kind=GroupKind.prospective)]), "V05")


def test_v06_v07_retention() -> None:
    assert ids(Canvas(groups=[grp(retention_pct=99.5)]), "V06")[0].severity == "E"
    warn = ids(Canvas(groups=[grp(retention_pct=95)]), "V07")
    assert warn and "20 years" in warn[0].message
    assert not ids(Canvas(groups=[grp(retention_pct=94)]), "V07")


def test_v08_ranges() -> None:
    assert ids(Canvas(groups=[grp(purchases_per_year=400)]), "V08")
    assert ids(Canvas(groups=[grp(avg_order_value=-1)]), "V08")
    assert ids(Canvas(groups=[grp(cost_to_serve_per_year=-5)]), "V08")
    assert not ids(Canvas(groups=[grp()]), "V08")


def test_v09_v10_margin(bakery: Canvas) -> None:
    assert ids(Canvas(groups=[grp(contribution_margin_pct=90)]), "V09")
    assert ids(Canvas(groups=[grp(contribution_margin_pct=-5)]), "V09")
    assert not ids(Canvas(groups=[grp()]), "V09")
    below = ids(bakery, "V10")
    assert [f.group for f in below] == ["delivery"] and "-$3.20" in below[0].message


def test_v12_sample_size(bakery: Canvas) -> None:
    flagged = {f.group for f in ids(bakery, "V12")}
    assert {"catering", "campers", "delivery"} <= flagged
    assert "commuters" not in flagged  # n = 64


def test_v13_clv_cac(bakery: Canvas, it_services: Canvas) -> None:
    """C-21: delivery app red (W), break-fix amber (I), cakes no flag."""
    assert [f.severity for f in ids(bakery, "V13", "delivery")] == ["W"]
    amber = ids(it_services, "V13", "breakfix")
    assert [f.severity for f in amber] == ["I"] and "barely pay back" in amber[0].message
    assert not ids(bakery, "V13", "cakes")


def test_v14_v15_vtc_against_behaviour() -> None:
    optimistic = grp(value_to_customer_score=4.5, nps_mode=NpsMode.score, nps_score_manual=-20)
    assert ids(Canvas(groups=[optimistic]), "V14")
    assert ids(Canvas(groups=[grp(value_to_customer_score=4, retention_pct=30)]), "V14")
    assert not ids(Canvas(groups=[grp(value_to_customer_score=4)]), "V14")
    modest = grp(value_to_customer_score=2, nps_mode=NpsMode.score, nps_score_manual=60)
    assert ids(Canvas(groups=[modest]), "V15")
    assert not ids(Canvas(groups=[grp(value_to_customer_score=2)]), "V15")


def test_v16_override_needs_reason(bakery: Canvas) -> None:
    """C-23: an override of one point or more needs a reason."""
    changed = with_group(bakery, "commuters", value_to_business_score=2.5)
    assert ids(changed, "V16", "commuters")
    reasoned = with_group(
        bakery,
        "commuters",
        value_to_business_score=2.5,
        vtb_override_reason="They are price-sensitive and may leave",
    )
    assert not ids(reasoned, "V16")
    assert not ids(with_group(bakery, "commuters", value_to_business_score=4.5), "V16")


def _intent(kind: str, *objectives: str, results: list[ExpectedResult] | None = None) -> Intent:
    if results is None:
        results = [ExpectedResult(metric=ResultMetric.retention_pct, baseline=50, target=60)]
    return Intent(
        type=IntentType(kind),
        objectives=[Objective(o) for o in objectives],
        expected_results=results,
    )


def _moving(kind: str, objective: str, metric: ResultMetric, now: float, target: float) -> Intent:
    """An intent with one expected result, from `now` to `target`."""
    result = ExpectedResult(metric=metric, baseline=now, target=target)
    return _intent(kind, objective, results=[result])


def test_v18_intent_missing(bakery: Canvas) -> None:
    assert ids(with_group(bakery, "cakes", intents=[]), "V18", "cakes")
    assert not ids(bakery, "V18")


def test_v20_target_total(bakery: Canvas) -> None:
    """C-10: targets must add to 100 ± 0.5: 99.9 passes, 98 fails."""
    assert not ids(with_group(bakery, "campers", target_share_pct=4.9), "V20")
    failing = ids(with_group(bakery, "campers", target_share_pct=3.0), "V20")
    assert failing[0].severity == "E" and "adds up to 98%." in failing[0].message
    assert not ids(Canvas(groups=[grp()]), "V20")  # no intents or targets yet


def test_v21_target_direction(bakery: Canvas, it_services: Canvas) -> None:
    """C-11: retire lower, grow (share) higher, maintain within 5 points, others free."""
    assert not ids(bakery, "V21") and not ids(it_services, "V21")
    assert ids(with_group(bakery, "delivery", target_share_pct=25), "V21", "delivery")
    assert ids(with_group(bakery, "brunch", target_share_pct=15), "V21", "brunch")
    maintain_only = [_intent("maintain", "retain")]
    assert ids(with_group(bakery, "commuters", intents=maintain_only, target_share_pct=55), "V21")
    assert not ids(
        with_group(bakery, "commuters", intents=maintain_only, target_share_pct=48), "V21"
    )


def test_v22_expected_results(bakery: Canvas) -> None:
    no_result = [_intent("maintain", "retain", results=[])]
    assert ids(with_group(bakery, "commuters", intents=no_result), "V22", "commuters")
    flat = [_moving("grow", "acquire", ResultMetric.customer_count, 350, 350)]
    assert ids(with_group(bakery, "brunch", intents=flat), "V22", "brunch")
    wrong_way = [_moving("retire", "eliminate_unprofitable", ResultMetric.customer_count, 420, 600)]
    assert ids(with_group(bakery, "delivery", intents=wrong_way), "V22", "delivery")
    maintain_down = [_moving("maintain", "retain", ResultMetric.retention_pct, 60, 50)]
    assert ids(with_group(bakery, "commuters", intents=maintain_down), "V22")
    assert not ids(bakery, "V22")


def test_v23_growth_focus() -> None:
    """C-07: 5 of 6 on grow (share) asks which to grow; none growing asks where growth comes from."""
    many = Canvas(
        groups=[grp(name=str(i), intents=[_intent("grow", "acquire")]) for i in range(5)]
        + [grp(name="x", intents=[_intent("maintain", "retain")])]
    )
    assert "best" in ids(many, "V23")[0].message
    none = Canvas(
        groups=[grp(name=str(i), intents=[_intent("maintain", "retain")]) for i in range(3)]
    )
    assert "Where will growth" in ids(none, "V23")[0].message
    some = Canvas(
        groups=[
            grp(name="a", intents=[_intent("grow", "upsell")]),
            grp(name="b", intents=[_intent("maintain", "retain")]),
        ]
    )
    assert not ids(some, "V23")


def test_v24_at_risk_growth(bakery: Canvas, it_services: Canvas) -> None:
    """C-03: at-risk group with grow (share) but no re-engineer warns."""
    assert not ids(bakery, "V24")  # catering has re-engineer + grow
    grow_only = [_intent("grow", "acquire")]
    assert ids(with_group(bakery, "catering", intents=grow_only), "V24", "catering")
    assert ids(with_group(it_services, "distributor", intents=grow_only), "V24", "distributor")


def test_v25_retire_big(bakery: Canvas) -> None:
    retire = [_moving("retire", "eliminate_unprofitable", ResultMetric.customer_count, 900, 0)]
    assert ids(with_group(bakery, "commuters", intents=retire, target_share_pct=40), "V25")
    assert not ids(bakery, "V25")


def test_v26_against_the_exchange(bakery: Canvas) -> None:
    """C-05: a below-zero group with grow (share) is flagged; so is a sweet spot only re-engineered."""
    grow = [_intent("grow", "acquire")]
    assert ids(with_group(bakery, "delivery", intents=grow, target_share_pct=30), "V26", "delivery")
    reeng = [_intent("re_engineer", "upsell")]
    assert ids(with_group(bakery, "commuters", intents=reeng), "V26", "commuters")
    assert not ids(bakery, "V26")


def test_v27_v28_propositions(bakery: Canvas) -> None:
    """C-09: two levels for every group that is not retired."""
    assert not ids(bakery, "V27")  # delivery is retired and has no why
    empty = with_group(bakery, "cakes", proposition=ValueProposition())
    assert ids(empty, "V27", "cakes")
    for why, what in (
        ("Cheap prices and a discount deal", "Custom cakes"),  # pricey
        ("Your moment, made by hand", "Something nice for everyone"),  # vague
    ):
        offer = ValueProposition(why_for_group=why, what=what)
        assert ids(with_group(bakery, "cakes", proposition=offer), "V28", "cakes"), why
    assert not ids(bakery, "V28")


def test_v29_profile() -> None:
    functional = grp(jobs=[Job(text="Get fed", kind=JobKind.functional)])
    assert ids(Canvas(groups=[functional]), "V29")
    pain = Pain(id="p1", text="Queues", severity=5)
    full = grp(
        jobs=[Job(text="Get fed"), Job(text="Feel welcome", kind=JobKind.emotional)],
        pains=[pain],
        pain_relievers=[PainReliever(text="Order ahead", pain_ids=["p1"])],
    )
    assert not ids(Canvas(groups=[full]), "V29")
    unrelieved = full.model_copy(update={"pain_relievers": []})
    assert "Queues" in ids(Canvas(groups=[unrelieved]), "V29")[0].message


def test_v30_hangouts(bakery: Canvas) -> None:
    """C-38: a grow (share) group with no place, or only broadcast places, warns."""
    assert not ids(bakery, "V30")
    no_places = bakery.model_copy(update={"hangouts": []})
    assert ids(no_places, "V30", "brunch")
    broadcast = Hangout(name="Flyers", direction=Direction.we_broadcast, group_ids=["brunch"])
    only_broadcast = bakery.model_copy(update={"hangouts": [broadcast]})
    assert ids(only_broadcast, "V30", "brunch")


def test_v31_concentration(it_services: Canvas) -> None:
    """C-26: no flag at 8.7%; the distributor at 25% of revenue warns."""
    assert not ids(it_services, "V31")
    bigger = with_group(it_services, "distributor", avg_order_value=52_750)
    assert ids(bigger, "V31", "distributor")


def test_v31_nonprofit_funders() -> None:
    donors = grp(
        name="Monthly donors",
        customer_count=400,
        avg_order_value=20,
        purchases_per_year=12,
        contribution_margin_pct=90,
    )
    funders = grp(
        name="Foundations",
        customer_count=2,
        avg_order_value=50_000,
        purchases_per_year=1,
        contribution_margin_pct=95,
    )
    canvas = Canvas(business_type=BusinessType.nonprofit, groups=[donors, funders])
    found = ids(canvas, "V31", funders.id)
    assert found and "supporters" in found[0].message and "cash income" in found[0].message


def test_v32_in_kind_kept_apart() -> None:
    """C-37: volunteer value is reported on its own and never added to cash totals."""
    volunteers = grp(
        name="Volunteers",
        customer_count=40,
        avg_order_value=0,
        purchases_per_year=0,
        in_kind_value_per_year=1_200,
    )
    canvas = Canvas(business_type=BusinessType.nonprofit, groups=[volunteers])
    assert ids(canvas, "V32")
    from canvas.core.metrics import compute

    assert compute(canvas).portfolio.annual_margin == 0
    assert compute(canvas).portfolio.in_kind_value == 48_000
    assert not ids(canvas.model_copy(update={"business_type": BusinessType.other}), "V32")


def test_errors_and_ordering(bakery: Canvas) -> None:
    assert not has_errors(run_checks(bakery))
    findings = run_checks(with_group(bakery, "campers", target_share_pct=3.0))
    assert has_errors(findings)
    assert [f.step for f in findings] == sorted(f.step for f in findings)


@pytest.mark.parametrize("sample", ["bakery", "it_services"])
def test_samples_have_no_errors(sample: str, request: pytest.FixtureRequest) -> None:
    assert not has_errors(run_checks(request.getfixturevalue(sample)))


# ---------- every finding names its field by the label it has on screen ----------

WHOLE_STEP = {"V02", "V04", "V23", "V32"}  # about a step or the canvas: no field


def _variants() -> list[Canvas]:
    """The samples, and many changes of them that set off every rule that can fire."""
    import random

    from canvas.storage.files import SAMPLES, load_sample

    rnd = random.Random(16)
    choices = {
        "retention_pct": [0, 30, 60, 96, 99, 99.5],
        "contribution_margin_pct": [-20, 0, 40, 95],
        "cost_to_serve_per_year": [-1, 0, 50, 5000],
        "purchases_per_year": [0, 12, 400],
        "avg_order_value": [-5, 0, 20],
        "acquisition_cost": [None, 5, 500, 50000],
        "customer_count": [0, 1, 3, 500],
        "value_to_customer_score": [None, 1, 2, 4.5, 5],
        "value_to_business_score": [None, 1, 5],
        "vtb_override_reason": ["", "We know them"],
        "nps_mode": ["counts", "score", "unknown"],
        "nps_promoters": [0, 5, 40],
        "nps_detractors": [0, 8, 30],
        "nps_score_manual": [None, -40, 60],
        "behaviour": ["", "Young parents", "Buy twice a week and recommend us"],
        "name": ["", "Regulars"],
        "kind": ["current", "prospective", "lapsed"],
        "target_share_pct": [None, 0, 10, 60],
        "volunteer_hours_per_year": [None, 100],
        "role": [None, "volunteers"],
    }
    intents = [[], ["grow"], ["maintain"], ["retire"], ["re_engineer"], ["grow", "re_engineer"]]
    canvases = []
    for sample in SAMPLES:
        base = load_sample(sample)
        canvases.append(base)
        for _ in range(40):
            doc = base.model_dump(mode="json")
            for group in doc["groups"]:
                for field, values in choices.items():
                    if rnd.random() < 0.3:
                        group[field] = rnd.choice(values)
                if rnd.random() < 0.3:
                    group["intents"] = [
                        {"type": t, "objectives": rnd.choice([[], ["acquire"]])}
                        for t in rnd.choice(intents)
                    ]
                if rnd.random() < 0.2:
                    group["jobs"] = [j | {"kind": "functional"} for j in group["jobs"]]
                if rnd.random() < 0.2:
                    group["pains"], group["gains"], group["pain_relievers"] = [], [], []
                if rnd.random() < 0.2:
                    group["proposition"]["why_for_group"] = rnd.choice(
                        ["", "Cheap prices, discount"]
                    )
                    group["proposition"]["what"] = rnd.choice(["", "Love"])
            if rnd.random() < 0.3:
                doc["hangouts"] = [h | {"direction": "we_broadcast"} for h in doc["hangouts"]]
            if rnd.random() < 0.2:
                doc["hangouts"] = []
            if rnd.random() < 0.2:
                doc["business_goal"] = ""
            try:
                canvases.append(Canvas.model_validate(doc))
            except ValueError:
                continue
    return canvases


def test_every_finding_names_its_field_by_its_on_screen_label() -> None:
    from canvas.core.labels import FIELD_LABELS, field_label

    seen = set()
    for canvas in _variants():
        for f in run_checks(canvas):
            seen.add(f.id)
            if f.field is None:
                assert f.id in WHOLE_STEP, f
                continue
            assert f.field in FIELD_LABELS, f
            assert f"'{field_label(f.field, canvas)}'" in f.message, f
    assert seen >= {f"V{n:02d}" for n in range(1, 34)} - set(ENFORCED_BY_MODEL), seen


def test_v03_names_the_behaviour_field_not_who_they_are() -> None:
    thin = grp(behaviour="Young professionals nearby", description="")
    [found] = ids(Canvas(groups=[thin]), "V03")
    assert found.field == "behaviour"
    assert "'How they buy, spend and recommend'" in found.message
    assert "description" not in found.message and "Who they are" not in found.message


def test_an_nps_of_exactly_50_from_counts_is_50(bakery: Canvas) -> None:
    """#12: 15 promoters, 9 passives and 2 detractors give 50, not 49.999…, so the +0.5 of the
    suggested score and V15 (a low value score beside a high recommendation) both apply."""
    assert nps_from_counts(15, 9, 2).score == 50

    def answers(promoters: int, passives: int, detractors: int) -> dict[str, object]:
        return {
            "nps_mode": NpsMode.counts,
            "nps_promoters": promoters,
            "nps_passives": passives,
            "nps_detractors": detractors,
        }

    counts, plain = answers(15, 9, 2), answers(14, 10, 2)
    high, below = with_group(bakery, "cakes", **counts), with_group(bakery, "cakes", **plain)
    suggested = place(high, compute(high))["cakes"].vtb_suggested
    assert suggested == place(below, compute(below))["cakes"].vtb_suggested + 0.5
    low_value = with_group(bakery, "cakes", value_to_customer_score=2.0, **counts)
    assert ids(low_value, "V15", "cakes")


def test_v21_leaves_a_retired_group_at_zero_alone(bakery: Canvas) -> None:
    """#12: a group whose share rounds to 0.0 is not told its target of 0 is 'not below today'."""
    retire = [_intent("retire", "eliminate_unprofitable")]
    tiny = with_group(bakery, "catering", intents=retire, customer_count=0, target_share_pct=0)
    assert compute(tiny).of(tiny.group("catering")).share_now_pct == 0.0
    assert not ids(tiny, "V21", "catering")


def test_v31_speaks_of_one_customer_in_the_singular(bakery: Canvas) -> None:
    one = with_group(bakery, "catering", customer_count=1, avg_order_value=500_000.0)
    (finding,) = ids(one, "V31", "catering")
    assert "is 1, and that customer brings" in finding.message
    assert "if that customer leaves" in finding.message
