"""Chart specs (METHOD §3 "Chart:" lines, checks C-28..C-31): they build, validate, and say what
the method asks for. Specs are plain Vega-Lite dicts, validated here against the Vega-Lite JSON
schema that altair ships (the app never validates at run time); nothing is rendered here."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from altair.vegalite.v6.schema.core import load_schema

from canvas.core.classify import place
from canvas.core.colors import group_colors
from canvas.core.labels import display_names
from canvas.core.metrics import compute, needs_answered
from canvas.core.model import Canvas, CustomerGroup
from canvas.outputs import charts
from canvas.outputs.charts import base, business_value, value_map
from canvas.storage.files import scaled_sample

Spec = dict[str, Any]


def all_charts(canvas: Canvas) -> dict[str, Spec]:
    metrics = compute(canvas)
    placements = place(canvas, metrics)
    return {
        "mix": charts.portfolio_mix_chart(canvas, metrics),
        "mix_margin": charts.portfolio_mix_chart(canvas, metrics, basis="annual_margin"),
        "vtc": charts.value_to_customer_chart(canvas),
        "clv": charts.clv_chart(canvas, metrics),
        "pareto": charts.pareto_chart(canvas, metrics),
        "nps": charts.nps_chart(canvas, metrics),
        "map": charts.value_map_chart(canvas, metrics, placements),
        "map_margin": charts.value_map_chart(canvas, metrics, placements, size_by="margin"),
        "target": charts.target_mix_chart(canvas, metrics),
        "hangouts": charts.hangout_matrix_chart(canvas),
    }


def walk(node: Any) -> Iterator[Spec]:
    """Every dict inside a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def rows(spec: Spec) -> list[Spec]:
    """Every data row in a spec: the chart's own data and each layer's inline values."""
    return [
        row
        for node in walk(spec)
        if isinstance(node.get("data"), dict)
        for row in node["data"].get("values", [])
    ]


@cache
def vega_lite_validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid(spec: Spec, name: str) -> None:
    """The whole spec against the Vega-Lite v6 JSON schema; the first errors go in the message."""
    errors = sorted(vega_lite_validator().iter_errors(spec), key=lambda e: list(e.absolute_path))
    assert not errors, f"{name}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5]
    )


def color_scales(spec: Spec) -> list[Spec]:
    """Scales of every colour-like channel bound to the group field."""
    found = []
    for node in walk(spec):
        enc = node.get("encoding")
        if not isinstance(enc, dict):
            continue
        for channel in ("color", "stroke", "fill"):
            ch = enc.get(channel)
            if not isinstance(ch, dict):
                continue
            condition = ch.get("condition")
            conditions = condition if isinstance(condition, list) else [condition]
            for candidate in (ch, *conditions):
                if isinstance(candidate, dict) and candidate.get("field") == "group":
                    found.append(candidate["scale"])
    return found


@pytest.fixture(params=["bakery", "it_services", "blank"])
def sample(request: pytest.FixtureRequest) -> Canvas:
    return request.getfixturevalue(request.param)


def test_every_chart_builds_and_validates(sample: Canvas) -> None:
    for name, spec in all_charts(sample).items():
        assert spec is not None, name
        assert isinstance(spec, dict), name
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6"), name
        assert_valid(spec, name)


def font_sizes(spec: Spec) -> list[float]:
    return [
        value
        for node in walk(spec)
        for key, value in node.items()
        if key in base.FONT_SIZE_KEYS and isinstance(value, int | float)
    ]


def test_presenter_charts_scale_every_font_and_stay_valid(sample: Canvas) -> None:
    for name, spec in all_charts(sample).items():
        before = font_sizes(spec)
        larger = charts.with_larger_text(spec, 1.5)
        assert_valid(larger, name)
        assert sorted(font_sizes(larger)) == sorted(
            [round(v * 1.5, 1) for v in before] + [round(base.DEFAULT_TEXT_SIZE * 1.5, 1)]
        ), name
        assert font_sizes(spec) == before, f"{name}: the original spec was changed"
        assert larger["data"] == spec.get("data"), name


def test_a_focused_chart_dims_every_group_but_one_and_stays_valid(sample: Canvas) -> None:
    """Presenter view: the group being discussed stays in full colour on every chart."""
    if not sample.groups:
        return
    focus = display_names(sample)[sample.groups[0].id]
    for name, spec in all_charts(sample).items():
        focused = charts.with_focus(spec, focus)
        assert_valid(focused, name)
        by_group = [
            node
            for node in walk(focused)
            if isinstance(node.get("encoding"), dict)
            and any(
                isinstance(node["encoding"].get(c), dict)
                and node["encoding"][c].get("field") == "group"
                for c in base.GROUP_CHANNELS
            )
        ]
        for node in by_group:
            opacity = node["encoding"]["opacity"]
            if "condition" in opacity:
                assert opacity["condition"]["test"] == f"datum.group === {json.dumps(focus)}"
                assert opacity["value"] == base.FOCUS_DIMMED, name
        assert "datum.group ===" not in json.dumps(spec), f"{name}: the original spec was changed"
    value_map = charts.with_focus(all_charts(sample)["map"], focus)
    tests = [
        node["encoding"]["opacity"]["condition"]["test"]
        for node in walk(value_map)
        if "condition" in node.get("encoding", {}).get("opacity", {})
    ]
    assert set(tests) == {f"datum.group === {json.dumps(focus)}"}, "the bubbles are not focused"


@pytest.mark.parametrize("canvas_name", ["bakery", "it_services", "blank", "sixty"])
def test_every_spec_is_valid_vega_lite(request: pytest.FixtureRequest, canvas_name: str) -> None:
    if canvas_name == "sixty":
        canvas = scaled_sample("bakery", 60)
        assert len(canvas.groups) == 60 and any(h.group_ids for h in canvas.hangouts)
    else:
        canvas = request.getfixturevalue(canvas_name)
    specs = all_charts(canvas)
    assert len(specs) == 10
    for name, spec in specs.items():
        assert_valid(spec, f"{canvas_name} {name}")


def test_the_validator_refuses_a_broken_spec(bakery: Canvas) -> None:
    spec = all_charts(bakery)["map"]
    spec["layer"][0]["mark"]["type"] = "bubble"
    assert list(vega_lite_validator().iter_errors(spec))


def test_blank_canvas_gives_a_plain_words_placeholder(blank: Canvas) -> None:
    for name, spec in all_charts(blank).items():
        texts = [r.get("message") for r in rows(spec)]
        assert base.EMPTY_TEXT in texts, name


def test_colours_are_the_same_for_a_group_in_every_chart(bakery: Canvas) -> None:
    names = display_names(bakery)
    colors = group_colors(bakery)
    expected = {names[g.id]: colors[g.id] for g in bakery.groups}
    seen = 0
    for name, spec in all_charts(bakery).items():
        for scale in color_scales(spec):
            assert dict(zip(scale["domain"], scale["range"], strict=True)) == expected, name
            seen += 1
    assert seen >= 8


def test_value_map_uses_the_same_1_to_5_scale_and_lines_at_3_5(bakery: Canvas) -> None:
    spec = all_charts(bakery)["map"]
    domains = [
        node["scale"]["domain"]
        for node in walk(spec)
        if node.get("field") in ("x", "y") and "scale" in node
    ]
    assert domains and all(d == list(value_map.DOMAIN) for d in domains)
    assert value_map.DOMAIN[0] < 1 and value_map.DOMAIN[1] > 5  # room round the 1-5 square
    assert {r["v"] for r in rows(spec) if "v" in r} == {3.5}
    rule_channels = sorted(
        channel
        for node in walk(spec)
        if isinstance(node.get("mark"), dict) and node["mark"].get("type") == "rule"
        for channel, enc in node["encoding"].items()
        if enc.get("field") == "v"
    )
    assert rule_channels == ["x", "y"]


@pytest.mark.parametrize(
    ("size_by", "words"), [("customers", "number of customers"), ("margin", "annual margin")]
)
def test_value_map_size_legend_says_what_bubble_area_means(
    bakery: Canvas, size_by: str, words: str
) -> None:
    metrics = compute(bakery)
    spec = charts.value_map_chart(bakery, metrics, place(bakery, metrics), size_by)
    titles = [n["title"] for n in walk(spec) if n.get("field") == "amount" and "title" in n]
    assert titles and all(words in t and "Bubble area" in t for t in titles)


def test_value_map_quadrant_words_and_tooltips(it_services: Canvas) -> None:
    spec = all_charts(it_services)["map"]
    texts = {r.get("text") for r in rows(spec)}
    assert {"Sweet spot", "At risk", "Value leak", "Poor fit"} <= texts
    offices = next(r for r in rows(spec) if r.get("group") == "Managed professional offices")
    assert offices["quadrant"] == "Sweet spot"
    assert offices["tier"] == "Most valuable"
    assert offices["clv_text"] == "$99,513"


def test_value_map_draws_prospects_and_estimates_hollow(
    it_services: Canvas, bakery: Canvas
) -> None:
    it_rows = rows(all_charts(it_services)["map"])
    startups = next(r for r in it_rows if r.get("group") == "Cloud-first startups")
    assert startups["estimate"] and startups["prospect"] and startups["figures"] == "Estimate"
    offices = next(r for r in it_rows if r.get("group") == "Managed professional offices")
    assert not offices["estimate"]
    campers = next(r for r in rows(all_charts(bakery)["map"]) if r.get("group") == "Laptop campers")
    assert campers["estimate"]  # confidence: guess
    spec = all_charts(it_services)["map"]
    bubble_encodings = [
        n["encoding"]
        for n in walk(spec)
        if isinstance(n.get("mark"), dict)
        and n["mark"].get("type") == "circle"
        and "strokeDash" in n.get("encoding", {})
    ]
    assert len(bubble_encodings) == 2  # current groups sized by amount, prospects fixed
    for enc in bubble_encodings:
        assert enc["fillOpacity"]["condition"]["value"] == base.HOLLOW_OPACITY
        assert enc["strokeDash"]["scale"]["range"][1] == base.DASH


def test_value_map_leaves_out_unscored_groups_and_says_so(bakery: Canvas) -> None:
    bakery.groups[0].value_to_customer_score = None
    spec = all_charts(bakery)["map"]
    assert "Weekday commuters" not in {r.get("group") for r in rows(spec)}
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "Not on the map yet" in subtitle and "Weekday commuters" in subtitle


def test_jitter_separates_equal_scores_without_crossing_the_line() -> None:
    moved = value_map._jitter({"a": (3.5, 4.0), "b": (3.5, 4.0), "c": (2.0, 2.0)}, 3.5)
    assert moved["c"] == (2.0, 2.0)
    assert moved["a"] != moved["b"]
    assert all(x >= 3.5 and y >= 3.5 for x, y in (moved["a"], moved["b"]))
    edge = value_map._jitter({"a": (5.0, 5.0), "b": (5.0, 5.0)}, 3.5)
    assert all(1 <= v <= 5 for point in edge.values() for v in point)


def test_clv_chart_shows_the_delivery_group_negative_in_red(bakery: Canvas) -> None:
    spec = all_charts(bakery)["clv"]
    delivery = next(r for r in rows(spec) if r.get("group") == "Delivery-app bargain buyers")
    assert delivery["clv"] < 0 and delivery["negative"]
    assert delivery["clv_text"].startswith("-$4.14")
    colors = [
        n["encoding"]["color"]
        for n in walk(spec)
        if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "bar"
    ]
    assert colors[0]["condition"] == {"test": "datum.negative", "value": base.NEGATIVE_RED}
    zero_rules = [r for r in rows(spec) if r.get("x") == 0.0]
    assert zero_rules


def test_clv_chart_marks_estimates(it_services: Canvas) -> None:
    spec = all_charts(it_services)["clv"]
    startups = next(r for r in rows(spec) if r.get("group") == "Cloud-first startups")
    assert startups["estimate"] and "estimate" in startups["clv_text"]


def test_pareto_starts_at_zero_and_matches_the_worked_example(bakery: Canvas) -> None:
    points = [
        (r["customers_pct"], r["margin_pct"])
        for r in rows(all_charts(bakery)["pareto"])
        if "customers_pct" in r
    ]
    assert points[0] == (0.0, 0.0)
    assert (0.9, 6.9) in points
    assert (45.5, 82.1) in points
    assert points == sorted(points)


def test_pareto_has_the_80_20_reference(it_services: Canvas) -> None:
    data = rows(all_charts(it_services)["pareto"])
    assert {"x": 20, "y": 80, "text": "80/20"} in data
    assert (31.7, 88.4) in [(r.get("customers_pct"), r.get("margin_pct")) for r in data]


def test_pareto_labels_do_not_overlap() -> None:
    points = [(62.8, 95.3, "Weekend brunch families"), (68.3, 97.5, "Laptop campers")]
    (x1, y1, _), (x2, y2, _) = business_value._pareto_label_spots(points)
    assert (x1, x2) == (62.8, 68.3)
    assert abs(y1 - y2) >= 4.5


def test_pareto_says_why_it_passes_100_when_a_group_loses_money(
    bakery: Canvas, it_services: Canvas
) -> None:
    """#16: a group that loses money makes the curve climb past 100% and fall back; the chart
    names the group, says by how much, and marks 100% (all the margin) with a rule."""
    delivery = next(g for g in bakery.groups if g.id == "delivery")
    losing = bakery.model_copy(update={"groups": [
        g if g is not delivery else g.model_copy(update={"cost_to_serve_per_year": 150.0})
        for g in bakery.groups
    ]})  # fmt: skip
    spec = all_charts(losing)["pareto"]
    peak = max(p.margin_pct for p in compute(losing).pareto)
    assert peak > 110
    said = spec["title"]["subtitle"][-1]
    assert "'Delivery-app bargain buyers' lose money" in said
    assert f"make {peak:.1f}% of your margin" in said and f"take {peak - 100:.1f}%" in said
    assert {"y": 100} in rows(spec)
    plain = all_charts(it_services)["pareto"]  # every group makes money
    assert {"y": 100} not in rows(plain)
    assert not any("lose money" in line for line in plain["title"]["subtitle"])


def test_pareto_names_keep_clear_of_the_80_20_mark() -> None:
    ((x, label_y, right_aligned),) = business_value._pareto_label_spots([(20.0, 86.0, "Commuters")])
    left, right = (x - 11.45, x) if right_aligned else (x, x + 11.45)
    for other_left, other_right, other_y in business_value.MARKER_SPACE:
        overlaps = left < other_right and other_left < right and abs(label_y - other_y) < 4.5
        assert not overlaps, (label_y, other_y)


def test_nps_chart_has_whiskers_fixed_domain_and_hollow_estimates(bakery: Canvas) -> None:
    spec = all_charts(bakery)["nps"]
    data = rows(spec)
    commuters = next(r for r in data if r.get("group") == "Weekday commuters")
    assert commuters["low"] < commuters["nps"] < commuters["high"]
    delivery = next(r for r in data if r.get("group") == "Delivery-app bargain buyers")
    assert delivery["estimate"] and delivery["low"] is None
    domains = [n["scale"]["domain"] for n in walk(spec) if n.get("field") == "nps" and "scale" in n]
    assert domains == [[-100, 100]]
    assert any(
        isinstance(n.get("mark"), dict)
        and n["mark"].get("type") == "rule"
        and "x2" in n["encoding"]
        for n in walk(spec)
        if "encoding" in n
    )


def test_target_mix_shows_prospects_from_zero(it_services: Canvas) -> None:
    data = rows(all_charts(it_services)["target"])
    startups = next(r for r in data if r.get("group") == "Cloud-first startups")
    assert startups["now"] == 0.0 and startups["target"] == 7.0
    assert startups["intent"] == "Grow"
    offices = next(r for r in data if r.get("group") == "Managed professional offices")
    assert offices["intents"] == "Grow + Maintain"


def test_value_to_customer_chart_shows_the_top_needs_covered(bakery: Canvas) -> None:
    data = rows(all_charts(bakery)["vtc"])
    delivery = next(r for r in data if r.get("group") == "Delivery-app bargain buyers")
    assert delivery["note"] == "covers 0 of 2"
    commuters = next(r for r in data if r.get("group") == "Weekday commuters")
    assert commuters["note"] == "covers 2 of 4"


def test_needs_answered_counts_top_ranked_pains_and_gains(bakery: Canvas) -> None:
    assert needs_answered(bakery.group("commuters")) == (2, 4)
    assert needs_answered(bakery.group("delivery")) == (0, 2)
    assert needs_answered(CustomerGroup(name="Empty")) is None


def test_hangout_matrix_lists_every_link(bakery: Canvas) -> None:
    data = rows(all_charts(bakery)["hangouts"])
    links = sum(len(h.group_ids) for h in bakery.hangouts)
    assert len(data) == links
    app = next(r for r in data if r["place"] == "Our order-ahead app")
    assert app["stages"] == 2 and app["direction"] == "They come to us"


def test_nonprofit_wording_in_titles(bakery: Canvas) -> None:
    bakery.business_type = "nonprofit"
    spec = all_charts(bakery)["clv"]
    assert "supporter" in spec["title"]["text"]


def test_duplicate_and_empty_names_keep_one_colour_per_group(bakery: Canvas) -> None:
    bakery.groups[1].name = bakery.groups[0].name
    bakery.groups[2].name = ""
    names = list(display_names(bakery).values())
    assert len(set(names)) == len(names)
    scale = base.group_color_scale(bakery)
    assert len(set(scale["domain"])) == len(bakery.groups)
    for name, spec in all_charts(bakery).items():
        assert_valid(spec, name)


def test_unknown_options_are_refused(bakery: Canvas) -> None:
    metrics = compute(bakery)
    builders: list[Callable[[], object]] = [
        lambda: charts.portfolio_mix_chart(bakery, metrics, basis="revenue"),
        lambda: charts.value_map_chart(bakery, metrics, place(bakery, metrics), size_by="x"),
    ]
    for build in builders:
        with pytest.raises(ValueError):
            build()


def charts_source() -> ast.Module:
    """Every module of the charts package, as one syntax tree."""
    folder = Path(charts.__file__).parent
    return ast.Module(
        body=[
            node
            for path in sorted(folder.glob("*.py"))
            for node in ast.parse(path.read_text(encoding="utf-8")).body
        ],
        type_ignores=[],
    )


def test_charts_module_never_imports_streamlit() -> None:
    tree = charts_source()
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "streamlit" not in imported


def test_charts_module_builds_plain_dicts_without_altair() -> None:
    """Building through altair cost tens to hundreds of milliseconds a chart; plain dicts cost
    well under one."""
    tree = charts_source()
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not {m for m in modules if m.split(".")[0] in ("altair", "pandas")}


def test_chart_modules_use_only_the_public_names_of_base() -> None:
    """The chart modules call the shared pieces as `base.<name>`: public names that exist."""
    used = {
        node.attr
        for node in ast.walk(charts_source())
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "base"
    }
    assert used, "the chart modules no longer use base"
    assert not {name for name in used if name.startswith("_") or not hasattr(base, name)}


def test_each_call_builds_a_new_spec(bakery: Canvas) -> None:
    """Callers may change a spec (the one-pager resizes the map): no two specs share a part."""

    def parts(node: Any) -> Iterator[int]:
        if isinstance(node, dict | list):
            yield id(node)
            for value in node.values() if isinstance(node, dict) else node:
                yield from parts(value)

    first, second = all_charts(bakery), all_charts(bakery)
    for name in first:
        assert first[name] == second[name], name
        assert not set(parts(first[name])) & set(parts(second[name])), name


def test_the_registry_builds_every_chart_the_screens_ask_for_by_name(bakery: Canvas) -> None:
    """The screens look charts up by name (`show_chart("value_map")`): one registry holds them."""
    root = Path(__file__).resolve().parents[2]
    asked = {
        name
        for path in [*root.glob("pages/*.py"), *root.glob("ui/**/*.py")]
        for name in re.findall(r'show_chart\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert asked and asked <= set(charts.CHARTS)
    metrics = compute(bakery)
    placements = place(bakery, metrics)
    direct = all_charts(bakery)
    assert charts.build_chart("value_map", bakery, metrics, placements) == direct["map"]
    assert charts.build_chart("hangouts", bakery, metrics, placements) == direct["hangouts"]
    for name in charts.CHARTS:
        assert charts.build_chart(name, bakery, metrics, placements)["$schema"] == base.SCHEMA


def _dashed_for_estimates(spec: Spec) -> bool:
    """Some layer draws the 'figures' field with the dashed-outline scale."""
    return any(
        node.get("field") == "figures" and node.get("scale") == base.figures_dash_scale()
        for node in walk(spec)
    )


@pytest.mark.parametrize("chart", ["pareto", "mix", "mix_margin", "target"])
def test_every_portfolio_chart_marks_estimates(bakery: Canvas, chart: str) -> None:
    """C-31 (#12): the Pareto, today's mix and the target mix mark a guessed group as the map and
    the lifetime-value chart do: dashed and pale, and said in the subtitle or label."""
    campers = next(g for g in bakery.groups if g.id == "campers")  # confidence: guess
    spec = all_charts(bakery)[chart]
    row = next(r for r in rows(spec) if r.get("group") == "Laptop campers")
    assert row["estimate"] and row["figures"] == base.ESTIMATE
    assert _dashed_for_estimates(spec)
    said = " ".join(spec["title"]["subtitle"]) + str(row.get("label", ""))
    assert "guess" in said or "estimate" in said.lower()
    known = bakery.model_copy(
        update={
            "groups": [
                g.model_copy(update={"confidence": g.confidence.set_all("estimated")})
                if g.id == campers.id
                else g
                for g in bakery.groups
            ]
        }
    )
    row = next(r for r in rows(all_charts(known)[chart]) if r.get("group") == "Laptop campers")
    assert not row["estimate"]


def test_in_kind_groups_carry_their_own_mark(nonprofit: Canvas) -> None:
    """#12: the map and the lifetime-value chart show a group valued in kind with its own label,
    at its in-kind figure, never as a group that loses money."""
    specs = all_charts(nonprofit)
    volunteers = next(r for r in rows(specs["clv"]) if r.get("group") == "Weekend volunteers")
    assert volunteers["in_kind"] and not volunteers["negative"]
    assert volunteers["clv"] == pytest.approx((180 * 31.80 - 450) * 1.10 / 0.35)
    assert base.IN_KIND_MARK in volunteers["clv_text"]
    on_map = next(r for r in rows(specs["map"]) if r.get("group") == "Weekend volunteers")
    assert on_map["label"].endswith(base.IN_KIND_MARK)
    for name in ("clv", "map"):
        assert base.IN_KIND_NOTE in specs[name]["title"]["subtitle"]
    donors = next(r for r in rows(specs["clv"]) if r.get("group") == "Monthly donors")
    assert not donors["in_kind"] and base.IN_KIND_MARK not in donors["clv_text"]


def map_rows(canvas: Canvas) -> list[Spec]:
    return [r for r in rows(all_charts(canvas)["map"]) if "label_x" in r]


def map_frame() -> value_map.Frame:
    return value_map.Frame(value_map.NOMINAL_WIDTH, value_map.MAP_HEIGHT)


@pytest.mark.parametrize("name", ["bakery", "it_services", "nonprofit"])
def test_value_map_bubbles_fit_inside_the_padded_axes(
    request: pytest.FixtureRequest, name: str
) -> None:
    frame = map_frame()
    low, high = value_map.DOMAIN
    for row in map_rows(request.getfixturevalue(name)):
        left, bottom, right, top = value_map._bubble_box(frame, row)
        assert low <= left and right <= high and low <= bottom and top <= high, row["group"]


@pytest.mark.parametrize("name", ["bakery", "it_services", "nonprofit"])
def test_value_map_names_sit_beside_their_bubbles_clear_of_lines_and_each_other(
    request: pytest.FixtureRequest, name: str
) -> None:
    canvas = request.getfixturevalue(name)
    frame, line = map_frame(), canvas.thresholds.quadrant_line
    boxes = []
    for row in map_rows(canvas):
        box = frame.text_box(
            row["label_x"], row["label_y"], row["label"], row["align"], value_map.LABEL_SIZE
        )
        assert not box[0] < line < box[2] and not box[1] < line < box[3], row["group"]
        # the nearest edge of the name is within a few pixels of the bubble's edge
        gap_x = max(box[0] - row["x"], row["x"] - box[2], 0.0) * frame.kx
        gap_y = max(box[1] - row["y"], row["y"] - box[3], 0.0) * frame.ky
        assert max(gap_x, gap_y) <= row["radius"] + value_map.GAP + 1, row["group"]
        boxes.append(box)
    assert not any(value_map._overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_value_map_quadrant_names_stay_in_their_outer_corners(it_services: Canvas) -> None:
    """The IT canvas has a bubble in the top-right corner (4.5, 5): the name stays put."""
    spots = {
        r["text"]: (r["x"], r["y"])
        for r in rows(all_charts(it_services)["map"])
        if r.get("text") in value_map.labels.QUADRANTS.values()
    }
    low, high = value_map.DOMAIN
    for key, (sx, sy) in value_map.QUADRANT_CORNERS.items():
        x, y = spots[value_map.labels.QUADRANTS[key]]
        assert x > 5 - 0.5 if sx > 0 else x < 1 + 0.5, key
        assert 5 < y <= high if sy > 0 else low <= y < 1, key  # in the padding, off the lines


def test_intent_chart_draws_every_intent_and_puts_words_by_the_dots(bakery: Canvas) -> None:
    spec = all_charts(bakery)["target"]
    targets = [r for r in rows(spec) if "slot" in r]
    commuters = [r["intent"] for r in targets if r["group"] == "Weekday commuters"]
    assert sorted(commuters) == ["Grow", "Maintain"]
    for row in (r for r in rows(spec) if "label_x" in r):
        ends = [row["now"]] + ([row["target"]] if row["target"] is not None else [])
        assert row["label_x"] in ends, row["group"]  # starts or ends at one of its own dots
        if row["align"] == "right":
            assert row["label_x"] == max(ends)
