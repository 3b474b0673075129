from __future__ import annotations

from pathlib import Path

import pytest

from components.core.data import Dataset, load_dataset
from tests.helpers import DATA, make_folder


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
