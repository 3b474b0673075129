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


def test_error_details_never_reach_the_page() -> None:
    from streamlit.config import ShowErrorDetailsConfigOptions

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value in {o.value for o in ShowErrorDetailsConfigOptions}
    assert value == ShowErrorDetailsConfigOptions.NONE


def test_readme_states_the_upload_limits_the_code_enforces() -> None:
    from components.core import limits
    from components.core.schema import FIRST_DATE, LAST_DATE

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == limits.MAX_BYTES // 2**20
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for stated in (
        f"{limits.MAX_BYTES // 2**20} MB",
        f"{limits.MAX_ROWS:,} rows",
        f"{limits.MAX_COLUMNS} columns",
        f"{limits.MAX_CELL_CHARS:,} characters a cell",
        f"{limits.MAX_PARTICIPANTS} participants an event",
        f"{limits.JSON_MAX_DEPTH} levels",
        f"{limits.JSON_MAX_NUMBER_CHARS} characters a number",
        f"{limits.JSON_MAX_VALUES:,} values",
        f"first {limits.MAX_PROBLEMS:,} problems",
        f"{FIRST_DATE} to {LAST_DATE}",
    ):
        assert stated in readme, stated


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
