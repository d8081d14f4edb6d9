"""The fixed lines the expert checks and the screens draw, each named once with what it means.

The lines a coach may tune live on the canvas itself (`canvas.core.model.Thresholds`); these are the
method's rules of thumb, the same for every canvas, so they are not part of the saved file.
"""

from __future__ import annotations

# ---------- shared by checks, metrics, progress and screens ----------

NPS_MIN_SAMPLE = 30  # fewer survey answers than this make a recommendation score only indicative
TARGET_TOLERANCE_PCT = 0.5  # target shares within this many points of 100% add up to 100%
GOAL_MIN_CHARS = 10  # a business goal shorter than this is not written yet
MIN_GROUPS = 2  # fewer customer groups than this hide the real differences between customers
TYPICAL_GROUPS = (3, 6)  # the number of groups most small businesses land on (for the wording)
MAX_GROUPS_ON_A_PAGE = 7  # more groups than this do not fit on the one-page strategy

# ---------- scores on the 1-5 scale ----------

HIGH_SCORE = 4  # a score of this or more is high (value to the customer or to the business)
LOW_SCORE = 2  # a score of this or less is low

# ---------- S2 groups ----------

BEHAVIOUR_MIN_WORDS = 4  # a behaviour shorter than this says who they are, not how they buy

# ---------- S3 value to the customer ----------

LOW_RETENTION_PCT = 40  # retention below this contradicts a high value-to-the-customer score
HIGH_NPS = 50  # a recommendation score of this or more says customers are very happy

# ---------- S4 value to the business ----------

MAX_RETENTION_PCT = 99  # above this the lifetime value grows without end
HIGH_RETENTION_PCT = 95  # from this on an average stay of 20+ years needs a second look
MAX_PURCHASES_PER_YEAR = 365  # more than one purchase a day is a typing slip
MAX_MARGIN_PCT = 85  # a contribution margin above this is unusual (software can run above)
MAX_MARGIN_PCT_NONPROFIT = 100  # a gift has no cost of goods, so all of it can be margin
SAME_AMOUNT_PCT = 2  # two yearly amounts within this many % of each other are the same amount
CLV_CAC_LOSS = 1.0  # lifetime value below this many times the cost to win one loses money
CLV_CAC_HEALTHY = 3.0  # lifetime value of about this many times the cost to win one is healthy
VTB_OVERRIDE_GAP = 1.0  # an own score this far from the suggested one needs a reason
# (at most this many customers, at least this % of revenue): a risky concentration
CONCENTRATION = ((2, 20), (5, 30))

# ---------- S6 intent, results and target mix ----------

MAINTAIN_BAND_POINTS = 5  # maintaining a group keeps its target share within this many points
GROWTH_FOCUS_SHARE = 0.8  # growing this share of the groups or more is spreading thin
RETIRE_BIG_MARGIN_SHARE_PCT = 30  # retiring a group with this % of the margin or more is a big step

# ---------- S7 value propositions ----------

OFFER_WORDS_SHARE = 0.2  # a why with this share of price and product words talks about the offer
OFFER_MIN_WORDS = 3  # a what of fewer words does not name an offer (when no products are listed)
OFFER_TERM_MIN_CHARS = 4  # words of a product name this long or longer count as naming it


def adds_up_to_100(total_pct: float) -> bool:
    """Whether target shares adding up to `total_pct` count as the whole (100%)."""
    return abs(total_pct - 100) <= TARGET_TOLERANCE_PCT


# What the step 4 table and the workbook accept (METHOD §2.3). The model itself accepts margins
# down to -100% and any share of wallet above 0, so canvases saved before these limits still open;
# V09 speaks of a margin below 0 or unusually high.
MARGIN_PCT_RANGE = (-50, 100)
SHARE_OF_WALLET_RANGE = (1, 100)
