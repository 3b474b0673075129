"""Streamlit side of loading: one shared, read-only load per data folder version."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from components.core.dataset import (
    Dataset,
    data_dir_from_env,
    folder_version,
    freeze,
    load_dataset,
)
from components.core.errors import DataError, Problem

LOG = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 25


# cache_resource: every session shares this one copy (st.cache_data would unpickle a copy
# for every rerun: 10 ms and 100 MB per concurrent rerun at 100,000 events). The tables are
# frozen, so an in-place write raises instead of changing what everyone sees.
@st.cache_resource(show_spinner="Loading and checking the data...", max_entries=4)
def _load(folder: str, stamp: str) -> Dataset | tuple[Problem, ...]:  # noqa: ARG001 (cache key)
    try:
        return freeze(load_dataset(Path(folder)))
    except DataError as exc:
        return tuple(exc.problems)
    # A folder no check foresaw is a problem to list, never a traceback on the page.
    except Exception as exc:
        LOG.exception("Unexpected error while loading %s", folder)
        return (
            Problem(
                folder,
                None,
                None,
                f"could not be loaded: an unexpected error ({type(exc).__name__}) was logged",
            ),
        )


def problems_markdown(folder: Path, problems: list[Problem] | tuple[Problem, ...]) -> str:
    from components.core.escaping import md

    lines = [f"**The data in {md(folder)} cannot be used** ({len(problems)} problem(s)):"]
    lines += [f"- {md(p)}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(
            f"- ... and {len(problems) - MAX_PROBLEMS_SHOWN} more (run python \\-m components\\.validate on the folder)"
        )
    return "\n".join(lines)


def load_data() -> Dataset:
    """The dataset of CADASH_DATA_DIR (default data/); on errors, say where and stop.

    If the folder breaks while the app runs, the last good version stays in use.
    """
    folder = data_dir_from_env(dict(os.environ))
    # The folder's version (its files' names, sizes and times) keys the cache: edits reload.
    stamp = folder_version(folder) if folder.is_dir() else ""
    result = _load(str(folder), stamp)
    if isinstance(result, Dataset):
        st.session_state["_last_good_data"] = (str(folder), stamp)
        return result
    st.error(problems_markdown(folder, result))
    previous = st.session_state.get("_last_good_data")
    if previous and previous[0] == str(folder):
        earlier = _load(*previous)
        if isinstance(earlier, Dataset):
            st.warning("Showing the data as it was last loaded without errors.")
            return earlier
    st.stop()
    raise RuntimeError("unreachable")  # st.stop() raises; this keeps type checkers honest
