"""Pure modules never import streamlit (directly or through another module)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

COMPONENTS = Path(__file__).resolve().parents[2] / "components"
UI_MODULES = {"loading", "sidebar", "map_view", "panels", "uploads"}
PURE = sorted(p.stem for p in COMPONENTS.glob("*.py") if p.stem not in UI_MODULES | {"__init__"})


def test_there_are_pure_modules() -> None:
    assert {"schema", "data", "filters", "places", "layers", "basemap", "details"} <= set(PURE)


@pytest.mark.parametrize("module", PURE)
def test_module_source_has_no_streamlit_import(module: str) -> None:
    tree = ast.parse((COMPONENTS / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        assert not any(
            n == "streamlit" or n.startswith(("streamlit.", "streamlit_folium")) for n in names
        ), module


def test_importing_pure_modules_does_not_load_streamlit() -> None:
    code = (
        "import sys\n"
        + "".join(f"import components.{m}\n" for m in PURE)
        + "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
