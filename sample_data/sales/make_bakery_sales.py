"""Make the bakery-café's sales export: two years of till records for Crumb & Co.

`python sample_data/sales/make_bakery_sales.py` writes `bakery_sales.csv.gz` beside this file
(seeded: the same file every time). Its measured figures land near the bakery sample's own
(`sample_data/bakery.json`): customers, average sale, purchases a year and retention per group.
A few walk-in sales (no customer) and refunds are in it too, as in a real till export.
"""

from __future__ import annotations

import csv
import gzip
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SEED = 13
FIRST_DAY = date(2024, 11, 1)
YEAR_DAYS = 365
WALK_IN_SHARE = 0.03
REFUND_SHARE = 0.004
OUTPUT = Path(__file__).with_name("bakery_sales.csv.gz")


@dataclass(frozen=True)
class Group:
    name: str
    customers: int
    avg_sale: float
    purchases_per_year: float
    retention_pct: float
    weekend_only: bool = False


GROUPS = (
    Group("Weekday commuters", 900, 6.2, 110, 60),
    Group("Weekend brunch families", 350, 62.0, 9, 55, weekend_only=True),
    Group("Office catering accounts", 18, 430.0, 14, 80),
    Group("Celebration cake customers", 220, 92.0, 1.5, 45),
    Group("Laptop campers", 110, 7.5, 80, 65),
    Group("Delivery-app bargain buyers", 420, 24.0, 5, 25),
)


def purchases_in_a_year(rng: random.Random, mean: float) -> int:
    """At least one (the customer is active), `mean` on average."""
    extra = mean - 1
    if extra <= 0:
        return 1
    # a Poisson draw by counting exponential gaps (no numpy needed)
    count, time = 0, rng.expovariate(1.0)
    while time < extra:
        count += 1
        time += rng.expovariate(1.0)
    return 1 + count


def sale_days(rng: random.Random, year: int, count: int, weekend_only: bool) -> list[date]:
    start = FIRST_DAY + timedelta(days=year * YEAR_DAYS)
    days = []
    while len(days) < count:
        day = start + timedelta(days=rng.randrange(YEAR_DAYS))
        if not weekend_only or day.weekday() >= 5:
            days.append(day)
    return days


def amount(rng: random.Random, mean: float) -> float:
    return round(mean * rng.lognormvariate(-0.045, 0.3), 2)  # lognormal with mean 1


def customer_years(rng: random.Random, group: Group, first_id: int) -> list[tuple[str, int]]:
    """(customer id, year) for each year a customer is active: year 0 and year 1 each hold
    `customers`; of year 0's, `retention_pct` % are still there in year 1."""
    ids = [f"c{first_id + i}" for i in range(group.customers)]
    kept = round(group.customers * group.retention_pct / 100)
    new = [f"c{first_id + group.customers + i}" for i in range(group.customers - kept)]
    return [(c, 0) for c in ids] + [(c, 1) for c in [*rng.sample(ids, kept), *new]]


def rows(rng: random.Random) -> list[tuple[date, str, float, str]]:
    sales: list[tuple[date, str, float, str]] = []
    next_id = 1000
    for group in GROUPS:
        for customer, year in customer_years(rng, group, next_id):
            count = purchases_in_a_year(rng, group.purchases_per_year)
            for day in sale_days(rng, year, count, group.weekend_only):
                sales.append((day, customer, amount(rng, group.avg_sale), group.name))
                if rng.random() < REFUND_SHARE:
                    sales.append((day, customer, -sales[-1][2], group.name))
        next_id += 2 * group.customers
    walk_ins = [
        (day, "", amount(rng, 6.0), "")
        for day in sale_days(rng, 0, int(len(sales) * WALK_IN_SHARE / 2), False)
        + sale_days(rng, 1, int(len(sales) * WALK_IN_SHARE / 2), False)
    ]
    return sorted(sales + walk_ins, key=lambda row: row[0])


def csv_text(sales: list[tuple[date, str, float, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "customer", "amount", "segment"])
    for day, customer, value, group in sales:
        writer.writerow([day.isoformat(), customer, f"{value:.2f}", group])
    return out.getvalue()


def main() -> None:
    text = csv_text(rows(random.Random(SEED)))
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(text.encode())
    print(f"Wrote {OUTPUT} ({text.count(chr(10)) - 1:,} rows)")


if __name__ == "__main__":
    main()
