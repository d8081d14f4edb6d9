"""A nonprofit canvas speaks of supporters, gifts and net contribution everywhere: in the app's option
lists, the workbook and the one-page strategy; a business canvas keeps its customers, sales and
margin. Workbooks import back whichever wording their headers and dropdowns are in."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from canvas.core import labels as L
from canvas.core.colors import PALETTE, group_colors
from canvas.core.model import Canvas, Direction, IntentType
from canvas.core.progress import step_title
from canvas.core.strategy import one_page
from canvas.outputs.charts.hangouts import hangout_matrix_chart
from canvas.outputs.excel import export_workbook, import_workbook
from canvas.outputs.excel import layout as S
from canvas.outputs.excel.safety import ExcelImportError
from canvas.outputs.onepager import one_page_spec
from canvas.storage.files import load_sample
from tests.canvas.excel_helpers import column, edit
from tests.support.documents import texts_in

BUSINESS_WORDS = re.compile(
    r"\b(customers?|sales?|margins?|purchases?|purchasing)\b", re.IGNORECASE
)
# Where one of those words is right on a nonprofit canvas too.
ALLOWED = (
    S.FILE_FORMAT,  # the title the importer recognises the file by
    S.EDITION_SAFE,  # the edition's name the importer recognises
    "margin of error",  # statistics: NPS ± its 95% margin of error
)
# Field labels that are the names of the app's steps, which its screens do not reword yet.
APP_STEP_NAMES = {"groups", "value_to_customer_score"}
WORDED_TABLES = ("group_kinds", "objectives", "result_metrics", "intent_help", "tiers", "tier_help")


def written_by_app(text: str, canvas: Canvas) -> str:
    """The text less what people typed into the canvas, which the canvas shows as it is."""
    for typed in sorted(texts_in(canvas.model_dump(mode="json")), key=len, reverse=True):
        if len(typed) > 3:
            text = text.replace(typed, " ")
    return text


def business_words(text: str, canvas: Canvas) -> list[str]:
    """The business words in text the app wrote, leaving out what people typed and ALLOWED."""
    text = written_by_app(text, canvas)
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    return BUSINESS_WORDS.findall(text)


def workbook_cells(data: bytes) -> Iterator[tuple[str, str, str]]:
    """(sheet, cell, text) for every text cell, the hidden Lists sheet included (it fills the
    dropdowns); under the headers, hidden columns hold identifiers and keys, not words."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for ws in workbook.worksheets:
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        for row in ws.iter_rows():
            for cell in row:
                key = cell.row > S.HEADER_ROW and get_column_letter(cell.column) in hidden
                if isinstance(cell.value, str) and not key:
                    yield ws.title, cell.coordinate, cell.value


@pytest.mark.parametrize("safe", [False, True], ids=["full", "customer-safe"])
def test_nonprofit_workbook_never_says_customer_sale_margin_or_purchase(
    nonprofit: Canvas, safe: bool
) -> None:
    data = export_workbook(nonprofit, customer_safe=safe)
    found = [
        (sheet, where, text)
        for sheet, where, text in workbook_cells(data)
        if business_words(text, nonprofit)
    ]
    assert found == []


@pytest.mark.parametrize("safe", [False, True], ids=["full", "customer-safe"])
def test_nonprofit_one_page_strategy_never_says_customer_sale_margin_or_purchase(
    nonprofit: Canvas, safe: bool
) -> None:
    page = one_page(nonprofit, customer_safe=safe)
    texts = [page.title, *page.groups]
    texts += [text for heading, cells in page.rows for text in (heading, *cells)]
    assert [t for t in texts if business_words(t, nonprofit)] == []
    assert page.title.endswith("supporter strategy")
    assert "Win new supporters like these".lower() in "\n".join(texts).lower()


def test_the_check_finds_business_words() -> None:
    blank = Canvas()
    assert business_words("Margin per customer a year", blank) == ["Margin", "customer"]
    assert business_words("Average sale; Purchases per year", blank) == ["sale", "Purchases"]
    assert business_words("Net contribution per supporter; Average gift", blank) == []


def test_bakery_workbook_keeps_the_business_words(bakery: Canvas) -> None:
    cells = {(sheet, where): text for sheet, where, text in workbook_cells(export_workbook(bakery))}
    texts = set(cells.values())
    for expected in (
        "Customer group",
        "Customers",
        "Average sale",
        "Purchases per year",
        "Margin %",
        "Cost to win a customer",
        "Referrals per 10 customers a year",
        "How sure: Average sale",
        "Revenue per customer a year",
        "Margin per customer a year",
        "Expected years as a customer",
        "Customers now",
        "Target customers",
        "Target number of customers (optional)",
        "Current customers",
        "Win new customers like these",
        "Number of customers",
        "Annual margin",
        "Average sale × purchases a year × margin % − cost to serve a year.",
    ):
        assert expected in texts, expected
    assert cells[(S.VTC, "B1")] == S.VTC and cells[(S.VTB, "B1")] == S.VTB  # A: hidden ids
    assert cells[(S.STRATEGY, "A2")].startswith("Customer strategy for the next")
    nonprofit_only = {
        label for name, options in S.NONPROFIT.lists.items() for label in options.values()
    } - {label for options in S.BUSINESS.lists.values() for label in options.values()}
    nonprofit_only |= {c.header for c in (*S.NONPROFIT.vtb_inputs, *S.NONPROFIT.vtb_derived)} - {
        c.header for c in (*S.BUSINESS.vtb_inputs, *S.BUSINESS.vtb_derived)
    }
    assert nonprofit_only and not nonprofit_only & texts


def test_business_layout_is_the_same_as_before() -> None:
    """The business workbook's headers and lists are the ones exported before nonprofit wording."""
    headers = [c.header for c in (*S.BUSINESS.vtb_inputs, *S.BUSINESS.vtb_derived)][:8]
    assert headers == [
        "Group id",
        "Group",
        "Customers",
        "Average sale",
        "Purchases per year",
        "Margin %",
        "Cost to serve per year",
        "Retention %",
    ]
    assert S.BUSINESS.lists["list_group_kind"] == {k.value: v for k, v in L.GROUP_KINDS.items()}
    assert S.BUSINESS.lists["list_objective"] == {k.value: v for k, v in L.OBJECTIVES.items()}
    assert S.BUSINESS.lists["list_metric"] == {k.value: v for k, v in L.RESULT_METRICS.items()}
    assert list(S.BUSINESS.lists) == list(S.NONPROFIT.lists)


def test_every_worded_table_has_the_same_choices_in_both_wordings() -> None:
    for name in (*WORDED_TABLES, "field_labels"):
        business = getattr(L.BUSINESS_WORDS, name)
        nonprofit = getattr(L.NONPROFIT_WORDS, name)
        assert list(business) == list(nonprofit), name
    for ours, theirs in zip(S.BUSINESS.input_sheets, S.NONPROFIT.input_sheets, strict=True):
        assert [c.key for c in ours[1]] == [c.key for c in theirs[1]]
    assert [s.key for s in S.BUSINESS.settings_rows] == [s.key for s in S.NONPROFIT.settings_rows]


def test_nonprofit_words_never_say_customer_sale_margin_or_purchase() -> None:
    blank = Canvas()
    words = L.NONPROFIT_WORDS
    for name in WORDED_TABLES:
        for label in getattr(words, name).values():
            assert not business_words(label, blank), (name, label)
    for field in L.NONPROFIT_FIELD_LABELS.keys() - APP_STEP_NAMES:
        assert not business_words(L.NONPROFIT_FIELD_LABELS[field], blank), field
    for lists in S.NONPROFIT.lists.values():
        assert not [label for label in lists.values() if business_words(label, blank)]


def test_the_canvas_picks_its_words(nonprofit: Canvas, bakery: Canvas) -> None:
    assert L.wording(nonprofit) is L.NONPROFIT_WORDS and L.wording(bakery) is L.BUSINESS_WORDS
    assert L.wording(None) is L.BUSINESS_WORDS
    assert L.objectives(nonprofit)["acquire"] == "Win new supporters like these"
    assert L.result_metrics(nonprofit)["avg_order_value"] == "Average gift"
    assert L.result_metrics(bakery)["avg_order_value"] == "Average sale"
    assert L.field_label("purchases_per_year", nonprofit) == "Gifts per year"
    assert L.field_label("contribution_margin_pct", nonprofit) == "Net contribution %"
    assert L.field_label("acquisition_cost", nonprofit) == "Cost to win a supporter"
    assert L.field_label("acquisition_cost", bakery) == "Cost to win a customer"
    assert step_title("S2", nonprofit) == "Supporter groups"
    assert step_title("S2", bakery) == step_title("S2") == "Customer groups"
    assert S.layout_for(nonprofit) is S.NONPROFIT and S.layout_for(bakery) is S.BUSINESS


def _reword(data: bytes, source: S.Layout, target: S.Layout) -> bytes:
    """The workbook with every input header and choice label of `source` in `target`'s words,
    as if someone had typed them that way."""

    def change(wb: openpyxl.Workbook) -> None:
        for (sheet, ours), (_, theirs) in zip(
            source.input_sheets, target.input_sheets, strict=True
        ):
            ws = wb[sheet]
            for mine, other in zip(ours, theirs, strict=True):
                if mine.derived or (mine.header == other.header and mine.choices == other.choices):
                    continue
                col = column(ws, mine.header)
                ws.cell(row=S.HEADER_ROW, column=col).value = other.header
                labels = {
                    label: (other.choices or {})[value]
                    for value, label in (mine.choices or {}).items()
                }
                for row in range(S.HEADER_ROW + 1, ws.max_row + 1):
                    cell = ws.cell(row=row, column=col)
                    if isinstance(cell.value, str):
                        tokens = cell.value.split(S.LIST_SEPARATOR)
                        cell.value = S.LIST_SEPARATOR.join(labels.get(t, t) for t in tokens)
        settings = wb[S.SETTINGS]
        for row in settings.iter_rows(min_row=S.HEADER_ROW + 1):
            if row[0].value == "share_basis":
                value = next(
                    k for k, v in source.lists["list_share_basis"].items() if v == row[2].value
                )
                row[2].value = target.lists["list_share_basis"][value]

    return edit(data, change)


def test_a_nonprofit_workbook_in_business_words_imports(nonprofit: Canvas) -> None:
    data = _reword(export_workbook(nonprofit), S.NONPROFIT, S.BUSINESS)
    assert "Average sale" in {t for _, _, t in workbook_cells(data)}
    assert import_workbook(data) == nonprofit


def test_a_business_workbook_in_nonprofit_words_imports(bakery: Canvas) -> None:
    data = _reword(export_workbook(bakery), S.BUSINESS, S.NONPROFIT)
    assert "Average gift" in {t for _, _, t in workbook_cells(data)}
    assert import_workbook(data) == bakery


def test_problems_name_the_column_in_the_workbooks_words(nonprofit: Canvas) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb[S.VTB]
        ws.cell(row=S.HEADER_ROW, column=column(ws, "Average gift")).value = "Something"
        groups = wb[S.GROUPS]
        groups.cell(row=S.HEADER_ROW + 1, column=column(groups, "Kind")).value = "Regulars"

    with pytest.raises(ExcelImportError) as caught:
        import_workbook(edit(export_workbook(nonprofit), change))
    problems = caught.value.problems
    assert (
        f"Sheet '{S.VTB}': the column 'Average gift' is missing. Put it back as exported."
        in problems
    )
    kind = next(p for p in problems if "'Regulars' is not one of the choices" in p)
    assert "Current supporters" in kind and "Current customers" not in kind


def _spec_texts(value: Any, key: str = "") -> Iterator[str]:
    """The texts of a chart spec outside its data (the data is the one-page strategy's cells,
    tested above, wrapped into lines)."""
    if key in ("data", "datasets"):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _spec_texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _spec_texts(item, key)


def test_nonprofit_one_page_picture_never_says_customer_sale_margin_or_purchase(
    nonprofit: Canvas,
) -> None:
    texts = list(_spec_texts(one_page_spec(nonprofit)))
    assert any("supporters" in t for t in texts)
    assert [t for t in texts if business_words(t, nonprofit)] == []


# ---------------------------------------------------------------- #14 item 8: one name per concept

SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


@pytest.mark.parametrize("sample", ["bakery", "nonprofit"])
def test_every_term_has_a_name_and_a_short_plain_explanation(sample: str) -> None:
    canvas = load_sample(sample)
    keys = list(L.wording(canvas).glossary)
    assert keys == list(L.BUSINESS_WORDS.glossary)
    for key in keys:
        found = L.term(key, canvas)
        assert found.name and "{" not in found.explain, key
        assert 1 <= len(SENTENCE_END.findall(found.explain)) <= 2, (key, found.explain)
        if canvas.is_nonprofit:
            assert not business_words(f"{found.name} {found.explain}", canvas), key


def test_the_glossary_explains_every_intent_corner_and_tier() -> None:
    glossary = L.BUSINESS_WORDS.glossary
    for intent in IntentType:
        assert glossary[f"intent:{intent.value}"].name == L.INTENTS[intent]
    for key, name in L.QUADRANTS.items():
        assert glossary[f"quadrant:{key}"] == L.Term(name, L.QUADRANT_HELP[key])
    assert glossary["tier:MGC"] == L.Term("Most growable", L.TIER_HELP["MGC"])


def test_the_line_is_explained_with_the_canvas_own_lines(bakery: Canvas) -> None:
    moved = bakery.model_copy(
        update={"thresholds": bakery.thresholds.model_copy(update={"quadrant_line": 3.8})}
    )
    assert "at 3.8 of 5" in L.term("line", moved).explain
    assert "at 3.5 of 5" in L.term("line", bakery).explain


NPS = re.compile(r"\bNPS\b|Net Promoter Score")


def _without_explanations(text: str) -> str:
    """The text less the glossary's explanation of the score, which says what it is called."""
    return text.replace(L.term("recommendation_score").explain, " ")


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit"])
def test_the_strategy_calls_the_score_by_its_one_name(sample: str) -> None:
    canvas = load_sample(sample)
    for safe in (False, True):
        page = one_page(canvas, customer_safe=safe)
        text = "\n".join(cell for _, row in page.rows for cell in row)
        assert not NPS.search(text)
        assert L.term("recommendation_score").name in text
        assert "±" not in text and "(indicative)" not in text
    assert L.RESULT_METRICS["nps"] == L.term("recommendation_score").name


@pytest.mark.parametrize("sample", ["bakery", "nonprofit"])
def test_the_workbook_calls_the_score_by_its_one_name(sample: str) -> None:
    canvas = load_sample(sample)
    texts = " ".join(text for _, _, text in workbook_cells(export_workbook(canvas)))
    assert not NPS.search(written_by_app(_without_explanations(texts), canvas))
    assert L.term("recommendation_score").name in texts


def test_a_score_reads_as_a_sentence() -> None:
    assert L.recommendation(18, 49, True, False) == "+18, give or take 49 (a rough guide)"
    assert L.recommendation(44, 16, False, False) == "+44, give or take 16"
    assert L.recommendation(30, None, True, True) == "+30 (an estimate)"
    assert L.recommendation(None, None, False, False) == ""


def test_suggestions_and_intents_read_in_plain_words_and_the_app_order() -> None:
    assert L.suggestions(["grow (share)", "maintain"]) == (
        "Worth considering: grow by winning more like them, or maintain."
    )
    assert L.suggestions(["retire"]) == "Worth considering: retire."
    assert L.suggestions([]) == ""
    both = [IntentType.maintain, IntentType.grow]
    assert L.intent_names(both) == "Grow + Maintain"


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit", "coaching"])
def test_the_strategy_lists_intents_in_the_app_order(sample: str) -> None:
    canvas = load_sample(sample)
    page = one_page(canvas)
    intents = dict(page.rows)["Our intent"]
    order = [L.INTENTS[i] for i in IntentType]
    for cell in intents:
        named = [line.split(":")[0] for line in cell.splitlines() if line.split(":")[0] in order]
        assert named == sorted(named, key=order.index), cell


def test_a_workbook_from_before_the_one_name_still_imports(bakery: Canvas) -> None:
    """The estimated score's column was headed 'Estimated NPS' before #14: it still reads."""
    estimated = next(g for g in bakery.groups if g.nps_score_manual is not None)
    header = f"Estimated {L.term('recommendation_score').name.lower()}"

    def old_header(workbook: openpyxl.Workbook) -> None:
        ws = workbook[S.VTB]
        ws.cell(row=S.HEADER_ROW, column=column(ws, header)).value = "Estimated NPS"

    data = edit(export_workbook(bakery), old_header)
    imported = import_workbook(data)
    assert imported.group(estimated.id).nps_score_manual == estimated.nps_score_manual


# ---------------------------------------------------------------- colour means a group, only that

HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


@pytest.mark.parametrize("sample", ["bakery", "it_services", "nonprofit", "coaching"])
def test_the_where_they_gather_chart_uses_no_group_colour(sample: str) -> None:
    canvas = load_sample(sample)
    spec = hangout_matrix_chart(canvas)
    used = {c.upper() for c in HEX.findall(json.dumps(spec))}
    groups = {c.upper() for c in (*PALETTE, *group_colors(canvas).values())}
    assert spec["encoding"].get("color") is None  # nothing is coloured by a field
    assert used and not used & groups
    shapes = spec["encoding"]["shape"]["scale"]
    assert shapes["domain"] == [L.DIRECTIONS[d] for d in Direction]
    assert len(set(shapes["range"])) == len(Direction)
