"""The sidebar's 'Your data' section: upload files of events, see what was rejected and why.

Uploaded events live in this session only: nothing is written to the data folder, and
nothing made from an upload goes into a cache shared by sessions. Each file is read once
(its result kept in session state under its uploader id); the dataset with the session's
uploads is built once per set of files and kept in session state too. Removing a file
drops its result and that dataset, and a session that ends takes all of it along.
"""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from components.core.dataset import Dataset, extend
from components.core.errors import DataError, Problem
from components.core.escaping import md
from components.core.fileformat import template_csv
from components.core.userfiles import (
    MAX_BYTES,
    ImportResult,
    problems_csv,
    read_upload,
    settle_uploads,
)

LOG = logging.getLogger(__name__)
_RESULTS = "import_results"
_FAILED = "import_failed"
_COMBINED = "import_combined"
SHOWN_PROBLEMS = 20


def _parse(file: st.runtime.uploaded_file_manager.UploadedFile, dataset: Dataset) -> None:
    bar = st.progress(0.0, text=md(f"Reading {file.name}"))

    def progress(share: float, stage: str) -> None:
        bar.progress(share, text=md(f"{file.name}: {stage}"))

    try:
        result = read_upload(file.name, file.getvalue(), dataset, progress)
    except DataError as exc:
        st.session_state[_FAILED][file.file_id] = (file.name, exc.problems)
    # read_upload turns every failure into a DataError; this guard is the page's own.
    except Exception as exc:
        LOG.exception("Unexpected error while reading the upload %r", file.name)
        problem = Problem(
            file.name, None, None, f"could not be read: an unexpected error ({type(exc).__name__})"
        )
        st.session_state[_FAILED][file.file_id] = (file.name, [problem])
    else:
        st.session_state[_RESULTS][file.file_id] = result
    bar.empty()


def _session_uploads(dataset: Dataset) -> tuple[dict[str, ImportResult], Dataset, str]:
    """The uploads checked against each other, the dataset with their good rows, and an
    error message if they could not be added; built once per set of files."""
    results: dict[str, ImportResult] = st.session_state[_RESULTS]
    key = (dataset.version, tuple(results))
    cached = st.session_state.get(_COMBINED)
    if cached is not None and cached[0] == key:
        return cached[1], cached[2], cached[3]
    # Drop the previous combination before building the next: its memory goes back now.
    st.session_state.pop(_COMBINED, None)
    if not results:
        return {}, dataset, ""
    settled = dict(zip(results, settle_uploads(list(results.values())), strict=True))
    added = [r for r in settled.values() if len(r.events)]
    combined, error = dataset, ""
    if added:
        try:
            with st.spinner("Adding your events..."):
                combined = extend(
                    dataset,
                    pd.concat([r.events for r in added], ignore_index=True),
                    pd.concat([r.participants for r in added], ignore_index=True),
                )
        except Exception as exc:
            LOG.exception("Unexpected error while adding the uploads to the dataset")
            combined = dataset
            error = (
                f"Your files could not be added to the map: an unexpected error "
                f"({type(exc).__name__}) was logged. The map shows the reference data."
            )
    st.session_state[_COMBINED] = (key, settled, combined, error)
    return settled, combined, error


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
        # A file taken out of the uploader takes its events (and their memory) with it.
        for store in (st.session_state[_RESULTS], st.session_state[_FAILED]):
            for file_id in [k for k in store if k not in current]:
                del store[file_id]
        for file_id, file in current.items():
            if (
                file_id not in st.session_state[_RESULTS]
                and file_id not in st.session_state[_FAILED]
            ):
                _parse(file, dataset)
        settled, combined, error = _session_uploads(dataset)
        for name, problems in st.session_state[_FAILED].values():
            lines = "\n".join(f"- {md(p)}" for p in problems[:SHOWN_PROBLEMS])
            st.error(f"**{md(name)} was not added:**\n{lines}")
        if error:
            st.error(error)
        for file_id, result in settled.items():
            _report(file_id, result)
    return combined


def _report(file_id: str, result: ImportResult) -> None:
    added = len(result.events)
    message = f"**{md(result.origin)}**: {added:,} event(s) added"
    if result.rejected_rows:
        message += f", {result.rejected_rows:,} row(s) rejected"
    (st.warning if result.problems else st.success)(message)
    for warning in result.warnings:
        st.caption(md(warning))
    if result.problems:
        with st.container(key=f"import_problems_{file_id}"):
            for problem in result.problems[:SHOWN_PROBLEMS]:
                st.caption(f"• {md(problem)}")
            total = len(result.problems) + result.more_problems
            if total > SHOWN_PROBLEMS:
                st.caption(f"... and {total - SHOWN_PROBLEMS:,} more in the report")
        st.download_button(
            "Download the rejected rows report (CSV)",
            data=lambda: problems_csv(result.problems, result.more_problems),
            file_name=f"rejected-{result.origin}.csv",
            mime="text/csv",
            key=f"import_report_{file_id}",
            on_click="ignore",
        )
