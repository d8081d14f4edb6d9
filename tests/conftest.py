"""Fixtures every test may use (samples, the fuzz seed, a PostgreSQL cluster), and the fuzz seed in
pytest's report."""

from __future__ import annotations

import os
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


SKIPPED: list[str] = []  # with CI=true a skipped test fails the run: nothing may skip there


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Note every skipped test (parallel workers report theirs to the main process)."""
    if report.skipped and not hasattr(report, "wasxfail"):
        SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With CI=true, fail a run that skipped any test."""
    if os.environ.get("CI") == "true" and SKIPPED and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if os.environ.get("CI") == "true" and SKIPPED:
        terminalreporter.write_line(f"CI=true, yet {len(SKIPPED)} tests skipped: a failure here.")


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
