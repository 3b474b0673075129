"""requirements.txt (read by Streamlit Community Cloud) matches pyproject's dependencies."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_requirements_match_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert sorted(requirements) == sorted(project["dependencies"])


def test_static_serving_is_on() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_vendored_leaflet_is_present() -> None:
    leaflet = ROOT / "static" / "vendor" / "leaflet"
    assert (leaflet / "leaflet.js").stat().st_size > 100_000
    assert (leaflet / "leaflet.css").exists()
    assert (leaflet / "LICENSE").exists()
    assert (leaflet / "images" / "layers.png").exists()


def test_boundaries_stay_small() -> None:
    assert (ROOT / "data" / "boundaries.geojson").stat().st_size < 1_000_000


def test_server_settings_are_options_of_the_installed_streamlit() -> None:
    """A misspelt option in config.toml would be ignored without a word."""
    from streamlit import config as st_config

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    known = st_config.get_config_options()
    names = [f"{section}.{key}" for section, values in settings.items() for key in values]
    assert [n for n in names if n not in known] == []
    assert settings["runner"]["postScriptGC"] is False
    assert settings["server"]["fileWatcherType"] == "none"
