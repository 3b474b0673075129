from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from components.core.dataset import Dataset, load_dataset
from tests.helpers import DATA, make_folder

# Property tests: a quick profile for local runs, a thorough one in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci before the README's test command).
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
settings.register_profile("dev", max_examples=40, **_COMMON)
settings.register_profile("ci", max_examples=400, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def reference() -> Dataset:
    """The shipped reference dataset."""
    return load_dataset(DATA)


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "data")


@pytest.fixture
def small(small_folder: Path) -> Dataset:
    return load_dataset(small_folder)
