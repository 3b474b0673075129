"""The sidebar's 'Your data' section: upload files of events, see what was rejected and why.

Uploaded events live in this session only: nothing is written to the data folder.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.dataset import Dataset, extend, freeze
from components.core.errors import DataError
from components.core.escaping import md
from components.core.fileformat import template_csv
from components.core.userfiles import MAX_BYTES, ImportResult, problems_csv, read_upload

_RESULTS = "import_results"
_FAILED = "import_failed"
SHOWN_PROBLEMS = 20


# cache_resource like the dataset itself: no unpickled copy per rerun. The key holds the
# session's file ids, so in practice each entry serves the session that uploaded the files.
@st.cache_resource(show_spinner="Adding your events...", max_entries=4)
def _combined(
    version: str,  # noqa: ARG001 (cache key)
    keys: tuple[str, ...],  # noqa: ARG001 (cache key)
    _dataset: Dataset,
    _results: tuple[ImportResult, ...],
) -> Dataset:
    """The dataset with the imports' good rows, built once per set of files."""
    events = pd.concat([r.events for r in _results], ignore_index=True)
    participants = pd.concat([r.participants for r in _results], ignore_index=True)
    return freeze(extend(_dataset, events, participants))


def _parse(file: st.runtime.uploaded_file_manager.UploadedFile, dataset: Dataset) -> None:
    bar = st.progress(0.0, text=f"Reading {file.name}")

    def progress(share: float, stage: str) -> None:
        bar.progress(share, text=f"{file.name}: {stage}")

    try:
        result = read_upload(file.name, file.getvalue(), dataset, progress)
    except DataError as exc:
        st.session_state[_FAILED][file.file_id] = (file.name, exc.problems)
    else:
        st.session_state[_RESULTS][file.file_id] = result
    bar.empty()


def import_panel(dataset: Dataset) -> Dataset:
    """Draw the uploader and reports; the dataset with the session's good rows added."""
    st.session_state.setdefault(_RESULTS, {})
    st.session_state.setdefault(_FAILED, {})
    with st.sidebar.expander("Your data", expanded=bool(st.session_state[_RESULTS])):
        st.caption(
            "Add events in the project's format (CSV, Excel or JSON; see the template) or a "
            "GDELT 2.0 event export. They join the map for this session only."
        )
        st.download_button(
            "Download the template (CSV)",
            data=template_csv(),
            file_name="events-template.csv",
            mime="text/csv",
            key="import_template",
            on_click="ignore",
        )
        files = st.file_uploader(
            f"Event files (up to {MAX_BYTES // 2**20} MB each)",
            type=["csv", "tsv", "txt", "xlsx", "json"],
            accept_multiple_files=True,
            key="import_files",
        )
        current = {f.file_id: f for f in files or []}
        # A file taken out of the uploader takes its events with it.
        for store in (st.session_state[_RESULTS], st.session_state[_FAILED]):
            for file_id in [k for k in store if k not in current]:
                del store[file_id]
        for file_id, file in current.items():
            if (
                file_id not in st.session_state[_RESULTS]
                and file_id not in st.session_state[_FAILED]
            ):
                _parse(file, dataset)
        for name, problems in st.session_state[_FAILED].values():
            lines = "\n".join(f"- {md(p)}" for p in problems[:SHOWN_PROBLEMS])
            st.error(f"**{md(name)} was not added:**\n{lines}")
        for file_id, result in st.session_state[_RESULTS].items():
            _report(file_id, result)
    results = tuple(st.session_state[_RESULTS].values())
    if not results or all(r.events.empty for r in results):
        return dataset
    keys = tuple(st.session_state[_RESULTS])
    return _combined(dataset.version, keys, dataset, results)


def _report(file_id: str, result: ImportResult) -> None:
    added = len(result.events)
    message = f"**{md(result.origin)}**: {added:,} event(s) added"
    if result.problems:
        message += f", {result.rejected_rows:,} row(s) rejected"
    (st.warning if result.problems else st.success)(message)
    for warning in result.warnings:
        st.caption(md(warning))
    if result.problems:
        with st.container(key=f"import_problems_{file_id}"):
            for problem in result.problems[:SHOWN_PROBLEMS]:
                st.caption(f"• {md(problem)}")
            if len(result.problems) > SHOWN_PROBLEMS:
                st.caption(f"... and {len(result.problems) - SHOWN_PROBLEMS:,} more in the report")
        st.download_button(
            "Download the rejected rows report (CSV)",
            data=problems_csv(result.problems),
            file_name=f"rejected-{result.origin}.csv",
            mime="text/csv",
            key=f"import_report_{file_id}",
            on_click="ignore",
        )
