"""The limits and words of measuring, each defined once.

A sales file is hostile until read: these caps bound the memory and time one upload can take, and
every row left out is counted under one of the reasons below, never dropped silently.
"""

from __future__ import annotations

from enum import StrEnum

MB = 1024 * 1024

MAX_CSV_BYTES = 100 * MB  # a million rows of a plain export is about 40 MB
MAX_XLSX_BYTES = 10 * MB  # a workbook is compressed: 10 MB holds several hundred thousand rows
MAX_ROWS = 1_000_000
MAX_COLUMNS = 300
MAX_GROUPS = 60  # a group column holds a few names; thousands are ids, not groups
PREVIEW_ROWS = 5

# XLSX archive caps (the same kind of guard as the canvas workbook import, sized for sales sheets)
MAX_XLSX_MEMBERS = 300
MAX_XLSX_UNPACKED_BYTES = 400 * MB
MAX_XLSX_RATIO = 150
XLSX_RATIO_FLOOR_BYTES = MB

# Retention needs the earlier 12 months: the file may start at most this many days into them.
EARLIER_YEAR_GRACE_DAYS = 31
TOP_SHARE = 0.2  # "the top 20% of customers"
MAX_RETENTION_PCT = 99.0  # the model refuses 100% (lifetime value would be infinite)

NO_GROUP = "Not grouped"
ALL_CUSTOMERS = "All customers"


class SkipReason(StrEnum):
    """Why a row was left out of the figures. The value is what the person reads."""

    blank = "blank line"
    bad_line = "line with the wrong number of columns"
    repeated_order = "same order id as an earlier row"
    not_completed = "payment not completed (pending, failed, voided or cancelled)"
    formula = "a formula instead of a value"
    bad_date = "date missing or not readable"
    bad_amount = "amount missing or not a number"
    zero_amount = "amount of zero"
    walk_in = "no customer (walk-in sale)"
