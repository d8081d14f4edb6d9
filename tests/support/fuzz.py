"""The seed every fuzz test uses: fixed by default, so CI runs the same cases every time.

Set FUZZ_SEED to a number to run the cases of that seed, or to `random` for a new seed each run.
The seed is printed in pytest's header and beside every fuzz test that fails (tests/conftest.py).
Hypothesis tests take it with `@seeded`; hand-written fuzzing draws from `fuzz_random()`.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import hypothesis

ENV = "FUZZ_SEED"
# 20240611 found that a workbook asking for a newer zip version crashes the importer: that
# case is pinned in tests/reliability/test_fuzz.py, so the default seed need not keep finding it.
DEFAULT_SEED = 1

F = TypeVar("F", bound=Callable[..., object])


def seed_from(value: str | None) -> int:
    """The seed FUZZ_SEED asks for: unset or empty gives the default, `random` a fresh one."""
    text = (value or "").strip().lower()
    if not text:
        return DEFAULT_SEED
    if text == "random":
        return random.SystemRandom().randrange(2**32)
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{ENV} must be a whole number or 'random', not {value!r}") from None


@cache
def fuzz_seed() -> int:
    """The seed of this test run (read from FUZZ_SEED once, so every test sees the same)."""
    return seed_from(os.environ.get(ENV))


def fuzz_random() -> random.Random:
    """A random number generator of its own, started from this run's seed."""
    return random.Random(fuzz_seed())


def seeded(test: F) -> F:
    """Run a Hypothesis test from this run's seed (Hypothesis's own `@seed`); put it above `@given`."""
    return hypothesis.seed(fuzz_seed())(test)


def is_fuzz_test(function: object, fixtures: list[str]) -> bool:
    """Whether a test draws from the fuzz seed: a Hypothesis test, or one that asks for `fuzz_rng`."""
    return bool(getattr(function, "is_hypothesis_test", False)) or "fuzz_rng" in fixtures


def rerun_hint() -> str:
    """What to say beside a failed fuzz test: its seed, and how to run the same cases again."""
    seed = fuzz_seed()
    return f"{ENV}={seed} (run `{ENV}={seed} pytest ...` to draw the same cases again)"
