"""Which column is which: the layouts of common sales exports, found from their header names.

A layout names, for each role (customer, date, amount, ...), the headers that system writes, in
order of preference. Headers are compared without case or surrounding spaces. When no layout fits,
the person maps the columns themselves (`ColumnMap`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

ROLES_REQUIRED = ("customer", "date", "amount")
ROLES_OPTIONAL = ("group", "category", "channel", "margin", "order_id", "status", "refunded")

ROLE_LABELS = {
    "customer": "Customer id or email",
    "date": "Date",
    "amount": "Amount",
    "group": "Group, segment or tag",
    "category": "Product category",
    "channel": "Channel",
    "margin": "Margin",
    "order_id": "Order id",
    "status": "Status",
    "refunded": "Amount refunded",
}


@dataclass(frozen=True)
class ColumnMap:
    """The file's header for each role; None when the file has no such column."""

    customer: str
    date: str
    amount: str
    group: str | None = None
    category: str | None = None
    channel: str | None = None
    margin: str | None = None
    order_id: str | None = None
    status: str | None = None
    refunded: str | None = None

    def used(self) -> dict[str, str]:
        """Role -> header, for the roles this file has."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    candidates: dict[str, tuple[str, ...]]  # role -> headers, most preferred first
    signature: tuple[str, ...] = ()  # headers that must all be there (beyond the roles)
    month_first: bool = False  # dates like 03/04/2025 are month/day in this system's exports

    def match(self, headers: list[str]) -> ColumnMap | None:
        by_key = {_key(h): h for h in headers}
        if not all(_key(s) in by_key for s in self.signature):
            return None
        found: dict[str, str] = {}
        for role, names in self.candidates.items():
            header = next((by_key[_key(n)] for n in names if _key(n) in by_key), None)
            if header is not None:
                found[role] = header
        if not all(role in found for role in ROLES_REQUIRED):
            return None
        return ColumnMap(**found)


def _key(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


SQUARE = Layout(
    name="square",
    label="Square (transactions export)",
    candidates={
        "customer": ("Customer ID", "Customer Reference ID", "Customer Name"),
        "date": ("Date",),
        "amount": ("Net Sales", "Total Collected", "Gross Sales"),
        "order_id": ("Transaction ID", "Payment ID"),
        "status": ("Event Type",),
        "channel": ("Source",),
    },
    signature=("Transaction ID", "Net Sales"),
    month_first=True,
)

SHOPIFY = Layout(
    name="shopify",
    label="Shopify (orders export)",
    candidates={
        "customer": ("Email",),
        "date": ("Created at", "Paid at"),
        "amount": ("Total",),
        "order_id": ("Name",),
        "status": ("Financial Status",),
        "refunded": ("Refunded Amount",),
        "channel": ("Source",),
    },
    signature=("Financial Status", "Lineitem name"),
)

STRIPE = Layout(
    name="stripe",
    label="Stripe (payments export)",
    candidates={
        "customer": ("Customer ID", "Customer Email"),
        "date": ("Created date (UTC)", "Created (UTC)"),
        "amount": ("Amount",),
        "order_id": ("id",),
        "status": ("Status",),
        "refunded": ("Amount Refunded",),
    },
    signature=("Amount Refunded",),
)

WOOCOMMERCE = Layout(
    name="woocommerce",
    label="WooCommerce (orders export)",
    candidates={
        "customer": ("Billing Email", "Customer Email", "customer_id", "Customer User ID"),
        "date": ("Order Date", "date"),
        "amount": ("Order Total", "Order Total Amount"),
        "order_id": ("Order Number", "Order ID"),
        "status": ("Order Status", "status"),
        "refunded": ("Order Refund", "Refunded Total"),
    },
    signature=(),
)

PLAIN = Layout(
    name="plain",
    label="customer, date, amount",
    candidates={
        "customer": ("customer", "customer id", "customer email", "email", "client"),
        "date": ("date", "order date", "sale date"),
        "amount": ("amount", "total", "sales", "net sales", "value"),
        "group": ("group", "segment", "customer group", "tag"),
        "category": ("category", "product category"),
        "channel": ("channel",),
        "margin": ("margin",),
        "order_id": ("order id", "order", "invoice", "receipt"),
        "status": ("status",),
    },
)

LAYOUTS = (SQUARE, SHOPIFY, STRIPE, WOOCOMMERCE, PLAIN)


def detect_layout(headers: list[str]) -> tuple[Layout, ColumnMap] | None:
    """The first known layout whose headers the file has, with its column map."""
    for layout in LAYOUTS:
        columns = layout.match(headers)
        if columns is not None:
            return layout, columns
    return None


CUSTOM = Layout(name="custom", label="columns you mapped", candidates={})
