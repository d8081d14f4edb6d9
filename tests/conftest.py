"""Fixtures every test may use (samples, the fuzz seed), and the fuzz seed in pytest's report."""

from __future__ import annotations

import random
from collections.abc import Generator

import pytest

from canvas.core.model import Canvas
from canvas.storage.files import load_sample
from tests.support.fuzz import ENV, fuzz_random, fuzz_seed, is_fuzz_test, rerun_hint


def pytest_report_header() -> str:
    """Name the fuzz seed at the top of every run."""
    return f"fuzz seed: {fuzz_seed()} (set {ENV}=<number> or {ENV}=random to change it)"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Beside a failed fuzz test, say which seed drew its cases and how to draw them again."""
    report = yield
    function = getattr(item, "function", None)
    fixtures = list(getattr(item, "fixturenames", []))
    if report.failed and is_fuzz_test(function, fixtures):
        report.sections.append(("fuzz seed", rerun_hint()))
    return report


@pytest.fixture
def fuzz_rng() -> random.Random:
    """A random number generator started from this run's fuzz seed."""
    return fuzz_random()


@pytest.fixture
def bakery() -> Canvas:
    return load_sample("bakery")


@pytest.fixture
def it_services() -> Canvas:
    return load_sample("it_services")


@pytest.fixture
def blank() -> Canvas:
    return load_sample("blank")


@pytest.fixture
def nonprofit() -> Canvas:
    return load_sample("nonprofit")


@pytest.fixture
def coaching() -> Canvas:
    return load_sample("coaching")
