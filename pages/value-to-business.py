"""Step 4: the value each group gives the business: lifetime value on margin, and advocacy."""

import pandas as pd
import streamlit as st

from canvas.core.editing import ECONOMICS, with_group_changes
from canvas.core.labels import CONFIDENCE, NPS_MODES, money, number, wording
from canvas.core.limits import max_length
from canvas.core.model import CustomerGroup
from ui import session
from ui.charts import show_chart
from ui.frame import frame, step_footer
from ui.groups import pick_group, score_picker
from ui.guidance import MARGIN_HINTS
from ui.widgets import field_input, table_editor

canvas = frame("value-to-business")
words = wording(canvas)
cur = canvas.currency
metrics, placements, _ = session.analysis()


def money_column(label: str, help: str | None = None) -> st.column_config.Column:
    return st.column_config.NumberColumn(
        label, min_value=0.0, max_value=1e9, step=0.01, format="%.2f", help=help
    )


def pct_column(
    label: str, low: float = 0, high: float = 100, help: str | None = None
) -> st.column_config.Column:
    return st.column_config.NumberColumn(
        label, min_value=low, max_value=high, step=0.5, format="%g%%", help=help
    )


if not canvas.groups:
    st.info("Add your customer groups first.")
else:
    st.markdown(
        f"Per {words.customer}, per year. Estimates are fine: say how sure you are in the last "
        "column. Figures update as you type."
    )
    economics_columns = {
        "name": st.column_config.TextColumn("Group", disabled=True, width="medium", pinned=True),
        "customer_count": st.column_config.NumberColumn(
            words.customers.capitalize(),
            min_value=0,
            step=1,
            format="%d",
            help="Active in the last 12 months: from your loyalty app, till or invoices, or the faces you know.",
        ),
        "avg_order_value": money_column(f"Average {words.sale} ({cur})"),
        "purchases_per_year": st.column_config.NumberColumn(
            f"{words.purchases.capitalize()} a year",
            min_value=0.0,
            max_value=365.0,
            step=0.1,
            format="%g",
        ),
        "contribution_margin_pct": pct_column(
            f"{words.margin.capitalize()} %",
            -100,
            100,
            help="What is left after stock, ingredients, commissions and direct labour. Not the sale price.",
        ),
        "cost_to_serve_per_year": money_column(
            f"Cost to serve a year ({cur})",
            help="Delivery, support, custom requests, refunds, chasing invoices.",
        ),
        "retention_pct": pct_column(
            "Retention %",
            0,
            99,
            help="Of 10 customers a year ago, how many still buy? 7 of 10 = 70%.",
        ),
        "acquisition_cost": money_column(f"Cost to win one ({cur})"),
        "share_of_wallet_pct": pct_column(
            "Share of their spend %",
            1,
            100,
            help="Of what they spend on this kind of thing, how much comes to you?",
        ),
        "referrals_per_10_per_year": st.column_config.NumberColumn(
            "Referrals per 10 a year", min_value=0.0, step=0.5, format="%g"
        ),
        "confidence": st.column_config.SelectboxColumn(
            "How sure?", options=list(CONFIDENCE), format_func=CONFIDENCE.get
        ),
    }
    if canvas.is_nonprofit:
        economics_columns["in_kind_value_per_year"] = money_column(
            f"In-kind value a year ({cur})",
            help="Volunteer time and gifts in kind. Kept apart from cash.",
        )
    table_editor("economics", ECONOMICS, economics_columns, dynamic=False)
    hint = MARGIN_HINTS.get(canvas.business_type.value)
    if hint:
        st.caption(f"Margin, as a guide: {hint}")

    st.markdown("#### Would they recommend you?")
    st.caption(
        "The Net Promoter Score asks 'How likely are you to recommend us?' (0–10). 9–10 are promoters, "
        "0–6 detractors; the score is % promoters minus % detractors, from −100 to +100. Enter survey "
        "counts, or your honest estimate."
    )
    nps_columns = {
        "name": st.column_config.TextColumn("Group", disabled=True, width="medium", pinned=True),
        "nps_mode": st.column_config.SelectboxColumn(
            "Source",
            options=list(NPS_MODES),
            format_func=NPS_MODES.get,
            required=True,
            width="medium",
        ),
        "nps_promoters": st.column_config.NumberColumn(
            "Promoters (9–10)", min_value=0, step=1, format="%d"
        ),
        "nps_passives": st.column_config.NumberColumn(
            "Passives (7–8)", min_value=0, step=1, format="%d"
        ),
        "nps_detractors": st.column_config.NumberColumn(
            "Detractors (0–6)", min_value=0, step=1, format="%d"
        ),
        "nps_score_manual": st.column_config.NumberColumn(
            "Estimated score", min_value=-100, max_value=100, step=1, format="%d"
        ),
    }
    table_editor("nps", ECONOMICS, nps_columns, dynamic=False)

    st.subheader("What each group is worth to you")
    rows = []
    for group in canvas.groups:
        gm = metrics.of(group)
        pl = placements[group.id]
        nps = (
            "—"
            if gm.nps is None
            else f"{gm.nps.score:+.0f}"
            + (f" ±{gm.nps.margin:.0f}" if gm.nps.margin is not None else " (estimate)")
        )
        rows.append(
            {
                "Group": group.name,
                f"{words.margin.capitalize()} a year": money(gm.margin_per_customer, cur),
                "Stays (years)": number(gm.lifetime_years, 1),
                "Lifetime value": money(gm.clv, cur),
                "Future years only": money(gm.clv_future_only, cur),
                "Group value": money(gm.group_value, cur)
                if gm.group_value is not None
                else "not yet customers",
                "Recommendation": nps,
                "Value ÷ cost to win": "—" if gm.clv_cac is None else f"{gm.clv_cac:.1f}",
                "Suggested score": f"{pl.vtb_suggested:g}",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    portfolio = metrics.portfolio
    cols = st.columns(4)
    cols[0].metric(words.customers.capitalize(), f"{portfolio.customers:,}")
    cols[1].metric(f"Annual {words.margin}", money(portfolio.annual_margin, cur))
    cols[2].metric("Average lifetime value", money(portfolio.average_clv, cur))
    cols[3].metric("Value of all groups", money(portfolio.portfolio_value, cur))
    if canvas.is_nonprofit and portfolio.in_kind_value:
        st.info(
            f"In-kind value (volunteers, gifts in kind): about {money(portfolio.in_kind_value, cur)} a year, shown apart from cash."
        )
    st.caption(
        "Lifetime value from today = this year's margin plus the years after, discounted. "
        "'Future years only' leaves out this year."
    )

    st.subheader("Your score: value to the business")
    group = pick_group("Score this group")
    if group is not None:
        pl = placements[group.id]
        st.caption(
            f"The numbers suggest {pl.vtb_suggested:g} of 5 (lifetime value against your average, "
            "plus half a point up or down for how strongly they recommend you)."
        )
        left, right = st.columns(2)
        with left:
            score_picker(
                group, "value_to_business_score", "Value to the business (1 = low, 5 = high)"
            )
        with right:
            field_input(
                st.text_input,
                "If you differ from the suggestion by a point or more, why?",
                f"vtb-reason-{group.id}",
                group.vtb_override_reason,
                lambda c, v: with_group_changes(c, group.id, vtb_override_reason=v),
                max_chars=max_length(CustomerGroup, "vtb_override_reason"),
            )
        with st.expander("Help me estimate retention"):
            st.write(
                "Think of 10 customers in this group from a year ago. How many still buy from you?"
            )
            field_input(
                st.number_input,
                "Still buying, out of 10",
                f"retention-helper-{group.id}",
                round(group.retention_pct / 10),
                lambda c, v: with_group_changes(c, group.id, retention_pct=min(v * 10, 99)),
                min_value=0,
                max_value=10,
                step=1,
            )

    st.subheader("Pictures")
    tab1, tab2, tab3 = st.tabs(["Lifetime value", "Where the margin comes from", "Recommendations"])
    with tab1:
        show_chart("clv")
    with tab2:
        show_chart("pareto")
    with tab3:
        show_chart("nps")

step_footer("value-to-business")
