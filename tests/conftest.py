"""Fixtures every test may use (samples, the fuzz seed, a PostgreSQL cluster), and the fuzz seed in
pytest's report."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator

import pytest

from canvas.core.model import Canvas
from canvas.storage.files import load_sample
from tests.support.fuzz import ENV, fuzz_random, fuzz_seed, is_fuzz_test, rerun_hint

pytest_plugins = ["tests.support.postgres"]  # the throwaway PostgreSQL cluster fixtures


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


def _sample(name: str) -> Callable[[], Canvas]:
    """A fixture named after a worked example in sample_data/, giving a fresh copy of it."""

    @pytest.fixture(name=name)
    def sample() -> Canvas:
        return load_sample(name)

    return sample


bakery = _sample("bakery")
it_services = _sample("it_services")
blank = _sample("blank")
nonprofit = _sample("nonprofit")
coaching = _sample("coaching")
