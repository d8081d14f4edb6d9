from __future__ import annotations

import pytest

from canvas.io import load_sample
from canvas.model import Canvas


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
