from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard.py"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """st.cache_data outlives an AppTest run inside one pytest process, and so do
    session-scoped resources (every AppTest has the same session id)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, small_folder: Path) -> AppTest:
    monkeypatch.setenv("CADASH_DATA_DIR", str(small_folder))
    return AppTest.from_file(str(DASHBOARD), default_timeout=60)
