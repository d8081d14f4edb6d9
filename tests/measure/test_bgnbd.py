"""BG/NBD and Gamma-Gamma: the published CDNOW figures, recovery of known parameters, and the
plain fallback when there are too few repeat buyers. (`lifetimes` is a test-only reference.)"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from canvas.measure import bgnbd
from canvas.measure.bgnbd import Summary


def cdnow():  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        datasets = pytest.importorskip("lifetimes.datasets")
    return datasets.load_cdnow_summary_data_with_monetary_value()


def summary_of(frame) -> Summary:  # type: ignore[no-untyped-def]
    return Summary(
        frame["frequency"].to_numpy(float),
        frame["recency"].to_numpy(float),
        frame["T"].to_numpy(float),
        frame["monetary_value"].to_numpy(float),
    )


def test_cdnow_golden_figures() -> None:
    summary = summary_of(cdnow())
    model = bgnbd.fit_bgnbd_params(summary)
    assert (model.r, model.alpha, model.a, model.b) == pytest.approx(
        (0.243, 4.414, 0.793, 2.426), abs=0.001
    )
    assert model.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    spend = bgnbd.fit_gamma_gamma(summary)
    assert (spend.p, spend.q, spend.v) == pytest.approx((6.25, 3.74, 15.45), abs=0.01)
    assert int((summary.frequency > 0).sum()) == 946


def test_cdnow_predictions_match_the_reference_package() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lifetimes = pytest.importorskip("lifetimes")
    frame = cdnow()
    reference = lifetimes.BetaGeoFitter().fit(frame["frequency"], frame["recency"], frame["T"])
    summary = summary_of(frame)
    model = bgnbd.fit_bgnbd_params(summary)
    ours = bgnbd.expected_purchases(model, summary, 52)
    theirs = reference.conditional_expected_number_of_purchases_up_to_time(
        52, frame["frequency"], frame["recency"], frame["T"]
    ).to_numpy()
    assert ours == pytest.approx(theirs, rel=1e-4)
    alive = reference.conditional_probability_alive(
        frame["frequency"], frame["recency"], frame["T"]
    )
    assert bgnbd.p_alive(model, summary) == pytest.approx(np.asarray(alive), rel=1e-4)


def simulate(r: float, alpha: float, a: float, b: float, customers: int, seed: int) -> Summary:
    """Customers drawn from BG/NBD itself: Poisson buying at a gamma rate, dropping out with a
    beta probability after each repeat purchase, watched for 39 to 78 weeks."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(r, 1 / alpha, customers)
    dropout = rng.beta(a, b, customers)
    ages = rng.uniform(39, 78, customers)
    frequency, recency = np.zeros(customers), np.zeros(customers)
    for i in range(customers):
        t, count, last = 0.0, 0, 0.0
        while True:
            t += rng.exponential(1 / rates[i])
            if t > ages[i]:
                break
            count, last = count + 1, t
            if rng.random() < dropout[i]:
                break
        frequency[i], recency[i] = count, last
    return Summary(frequency, recency, ages, np.zeros(customers))


def test_recovers_known_parameters_from_simulated_customers() -> None:
    truth = (0.5, 6.0, 0.7, 3.0)
    model = bgnbd.fit_bgnbd_params(simulate(*truth, customers=6000, seed=7))
    got = (model.r, model.alpha, model.a, model.b)
    assert got == pytest.approx(truth, rel=0.3)


def test_too_few_repeat_buyers_falls_back_plainly() -> None:
    summary = Summary(
        np.array([0.0, 1, 0]), np.array([0.0, 3, 0]), np.array([10.0] * 3), np.zeros(3)
    )
    result = bgnbd.fit(summary)
    assert result.bgnbd is None and result.repeat_buyers == 1
    assert result.reason is not None and "Too few repeat buyers" in result.reason
