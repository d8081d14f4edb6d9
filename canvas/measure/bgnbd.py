"""Lifetime value from behaviour: BG/NBD (Fader, Hardie & Lee 2005) with Gamma-Gamma spend.

Conventions (as in the paper and the `lifetimes` package): time in weeks; per customer,
frequency x = repeat purchase days (several sales on one day count once), recency t_x = weeks from
the first to the last purchase, T = weeks from the first purchase to the end of the records; a
customer can drop out only after a repeat purchase. Gamma-Gamma is fitted on the repeat buyers'
average repeat sale.

When there are too few repeat buyers to fit, or the fit fails, `fit_bgnbd` says so in plain words
and the figures fall back to the method's retention formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

WEEK_DAYS = 7
TIME_UNIT = "weeks"
YEAR_WEEKS = 365 / WEEK_DAYS
MIN_REPEAT_BUYERS = 30
MAX_ITERATIONS = 2000


@dataclass(frozen=True)
class Summary:
    """Per customer: x (repeat purchase days), t_x and T in weeks, m (average repeat sale)."""

    frequency: np.ndarray
    recency: np.ndarray
    age: np.ndarray  # T
    monetary: np.ndarray  # average sale of the repeat purchases (0 for one-time buyers)


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    v: float


@dataclass(frozen=True)
class Fit:
    """A fitted model, or why there is none (`reason`, in plain words)."""

    bgnbd: BgNbd | None
    spend: GammaGamma | None
    repeat_buyers: int
    reason: str | None = None


def summarise(
    days: pd.Series, customers: pd.Series, amounts: pd.Series, end: pd.Timestamp
) -> tuple[np.ndarray, Summary]:
    """The customers' numbers and their summary, from purchase rows (one per sale) up to `end`."""
    sales = pd.DataFrame({"customer": customers, "day": days, "amount": amounts})
    daily = sales.groupby(["customer", "day"], sort=True, observed=True)["amount"].sum()
    daily = daily.reset_index()
    per = daily.groupby("customer", sort=True)
    first = per["day"].min()
    last = per["day"].max()
    count = per["day"].size()
    first_amount = per["amount"].first()
    total = per["amount"].sum()
    frequency = (count - 1).to_numpy(dtype=float)
    repeat_total = (total - first_amount).to_numpy(dtype=float)
    monetary = np.divide(repeat_total, frequency, out=np.zeros_like(frequency), where=frequency > 0)
    return (
        first.index.to_numpy(),
        Summary(
            frequency=frequency,
            recency=((last - first).dt.days / WEEK_DAYS).to_numpy(dtype=float),
            age=((end - first).dt.days / WEEK_DAYS).to_numpy(dtype=float),
            monetary=monetary,
        ),
    )


def bgnbd_log_likelihood(
    params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """Each customer's log-likelihood (Fader, Hardie & Lee 2005, eq. 6)."""
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b)
    a2 = a2 - special.gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    a4 = np.full_like(x, -np.inf)
    a4[repeat] = (
        np.log(a) - np.log(b + x[repeat] - 1) - (r + x[repeat]) * np.log(alpha + t_x[repeat])
    )
    return a1 + a2 + np.logaddexp(a3, a4)


def _fit_positive(negative_ll: Callable[[np.ndarray], float], start: np.ndarray) -> np.ndarray:
    """Minimise over log-parameters so every parameter stays positive."""
    result = optimize.minimize(
        lambda logs: negative_ll(np.exp(logs)),
        np.log(start),
        method="Nelder-Mead",
        options={"maxiter": MAX_ITERATIONS, "xatol": 1e-7, "fatol": 1e-7},
    )
    return np.exp(result.x)


def fit_bgnbd_params(summary: Summary) -> BgNbd:
    x, t_x, age = summary.frequency, summary.recency, summary.age

    def negative_ll(params: np.ndarray) -> float:
        return -float(bgnbd_log_likelihood(params, x, t_x, age).sum())

    params = _fit_positive(negative_ll, np.array([1.0, 1.0, 1.0, 1.0]))
    return BgNbd(*params.tolist(), log_likelihood=-negative_ll(params))


def gamma_gamma_log_likelihood(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    p, q, v = params
    px = p * x
    return (
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + v)
    )


def fit_gamma_gamma(summary: Summary) -> GammaGamma:
    repeat = (summary.frequency > 0) & (summary.monetary > 0)
    x, m = summary.frequency[repeat], summary.monetary[repeat]

    def negative_ll(params: np.ndarray) -> float:
        return -float(gamma_gamma_log_likelihood(params, x, m).sum())

    return GammaGamma(*_fit_positive(negative_ll, np.array([1.0, 1.0, 1.0])).tolist())


def fit(summary: Summary) -> Fit:
    repeat_buyers = int((summary.frequency > 0).sum())
    if repeat_buyers < MIN_REPEAT_BUYERS:
        return Fit(
            None,
            None,
            repeat_buyers,
            f"Too few repeat buyers to fit the model ({repeat_buyers}; it needs at least "
            f"{MIN_REPEAT_BUYERS}), so the figures come from the retention formula.",
        )
    with np.errstate(all="ignore"):
        model = fit_bgnbd_params(summary)
        spend = fit_gamma_gamma(summary)
    sane = all(np.isfinite([model.r, model.alpha, model.a, model.b, model.log_likelihood]))
    if not sane:
        return Fit(
            None,
            None,
            repeat_buyers,
            "The model could not be fitted to these records, so the figures come from the "
            "retention formula.",
        )
    return Fit(model, spend, repeat_buyers)


def p_alive(model: BgNbd, summary: Summary) -> np.ndarray:
    """The probability each customer is still active at the end of the records."""
    x, t_x, age = summary.frequency, summary.recency, summary.age
    ratio = np.exp((model.r + x) * (np.log(model.alpha + age) - np.log(model.alpha + t_x)))
    odds = np.where(x > 0, model.a / np.maximum(model.b + x - 1, 1e-12) * ratio, 0.0)
    return 1.0 / (1.0 + odds)


def expected_purchases(model: BgNbd, summary: Summary, weeks: float = YEAR_WEEKS) -> np.ndarray:
    """Each customer's expected purchases in the next `weeks` (the paper's eq. 10)."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    x, t_x, age = summary.frequency, summary.recency, summary.age
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, weeks / (alpha + age + weeks))
    head = (a + b + x - 1) / (a - 1)
    body = 1 - ((alpha + age) / (alpha + age + weeks)) ** (r + x) * hyp
    odds = np.where(
        x > 0,
        a / np.maximum(b + x - 1, 1e-12) * ((alpha + age) / (alpha + t_x)) ** (r + x),
        0.0,
    )
    return head * body / (1 + odds)


def expected_sale(spend: GammaGamma, summary: Summary) -> np.ndarray:
    """Each customer's expected average sale (Gamma-Gamma's conditional mean)."""
    p, q, v = spend.p, spend.q, spend.v
    x, m = summary.frequency, summary.monetary
    return (p * (v + x * m)) / (p * x + q - 1)
