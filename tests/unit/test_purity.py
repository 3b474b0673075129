"""Everything outside components/ui/ is pure: it never imports streamlit, even indirectly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

COMPONENTS = Path(__file__).resolve().parents[2] / "components"
UI = COMPONENTS / "ui"


def _module(path: Path) -> str:
    parts = path.relative_to(COMPONENTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


PURE = sorted(_module(p) for p in COMPONENTS.rglob("*.py") if UI not in p.parents)


def test_the_folders_hold_both_sides() -> None:
    assert "components.core.schema" in PURE
    assert "components.validate" in PURE
    assert all(not m.startswith("components.ui") for m in PURE)
    assert list(UI.glob("*.py")), "components/ui/ holds the Streamlit modules"


def _imported_names(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


@pytest.mark.parametrize("module", PURE)
def test_module_source_has_no_streamlit_or_ui_import(module: str) -> None:
    path = COMPONENTS.parent / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = COMPONENTS.parent / module.replace(".", "/") / "__init__.py"
    names = _imported_names(ast.parse(path.read_text(encoding="utf-8")))
    assert not any(
        n == "streamlit" or n.startswith(("streamlit.", "streamlit_folium", "components.ui"))
        for n in names
    ), module


def test_importing_pure_modules_does_not_load_streamlit() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in PURE)
        + "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
