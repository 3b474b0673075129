"""The sidebar's 'Your data' section: upload files of events, see what was rejected and why.

Uploaded events live in this session only: nothing is written to the data folder, and
nothing made from an upload goes into a cache shared by sessions. This session's uploads
(each file's result, read once, and the dataset with their good rows, built once per set
of files) are kept in one store that a session-scoped cache hands out: removing a file
drops what it made, and when the session disconnects Streamlit clears the store and its
memory is given back at once (components.core.memory).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from components.core import memory
from components.core.dataset import Dataset, extend
from components.core.errors import DataError, Problem
from components.core.escaping import md
from components.core.fileformat import template_csv
from components.core.gdelt import looks_like_gdelt
from components.core.userfiles import (
    MAX_BYTES,
    ImportResult,
    problems_csv,
    read_upload,
    settle_uploads,
)
from components.ui import pages, review

LOG = logging.getLogger(__name__)
SHOWN_PROBLEMS = 20


@dataclass
class Uploads:
    """One session's uploads: results and failures by uploader file id, and what they make."""

    results: dict[str, ImportResult] = field(default_factory=dict)
    failed: dict[str, tuple[str, list[Problem]]] = field(default_factory=dict)
    # GDELT files sent to the review queue: what the sidebar says about each.
    sent: dict[str, list[str]] = field(default_factory=dict)
    # (key of the files it was built from, settled results, dataset, error message)
    combined: tuple[tuple, dict[str, ImportResult], Dataset, str] | None = None

    def clear(self) -> None:
        self.results.clear()
        self.failed.clear()
        self.sent.clear()
        self.combined = None


def _release(uploads: Uploads) -> None:
    """Called by Streamlit when the session's cache is cleared (the session disconnected)."""
    held = bool(uploads.results or uploads.failed or uploads.combined)
    uploads.clear()
    # Handing memory back walks the whole heap (hundreds of ms, on the server's event loop):
    # only worth it when the session had uploads. Most sessions never upload anything.
    if held:
        memory.release()


# Session-scoped: every session has its own store, never shared, cleared on disconnect.
@st.cache_resource(scope="session", on_release=_release, show_spinner=False)
def session_uploads() -> Uploads:
    return Uploads()


def _parse(
    file: st.runtime.uploaded_file_manager.UploadedFile, dataset: Dataset, uploads: Uploads
) -> None:
    raw = file.getvalue()
    if looks_like_gdelt(raw):
        _send_gdelt(file, raw, dataset, uploads)
        return
    bar = st.progress(0.0, text=md(f"Reading {file.name}"))

    def progress(share: float, stage: str) -> None:
        bar.progress(share, text=md(f"{file.name}: {stage}"))

    try:
        result = read_upload(file.name, raw, dataset, progress)
    except DataError as exc:
        uploads.failed[file.file_id] = (file.name, exc.problems)
    # read_upload turns every failure into a DataError; this guard is the page's own.
    except Exception as exc:
        LOG.exception("Unexpected error while reading the upload %r", file.name)
        problem = Problem(
            file.name, None, None, f"could not be read: an unexpected error ({type(exc).__name__})"
        )
        uploads.failed[file.file_id] = (file.name, [problem])
    else:
        uploads.results[file.file_id] = result
    bar.empty()


def _send_gdelt(
    file: st.runtime.uploaded_file_manager.UploadedFile,
    raw: bytes,
    dataset: Dataset,
    uploads: Uploads,
) -> None:
    """GDELT's machine coding is often wrong, so its rows never join the map from here: they
    go to the review queue as candidates, and only approved ones reach the map."""
    try:
        with st.spinner(md(f"Reading {file.name}")):
            found = review.send_gdelt(file.name, raw, dataset)
    except DataError as exc:
        uploads.failed[file.file_id] = (file.name, exc.problems)
        return
    except Exception as exc:  # send_gdelt raises only DataError; this guard is the page's own
        LOG.exception("Unexpected error while reading the GDELT upload %r", file.name)
        problem = Problem(
            file.name, None, None, f"could not be read: an unexpected error ({type(exc).__name__})"
        )
        uploads.failed[file.file_id] = (file.name, [problem])
        return
    uploads.sent[file.file_id] = review.gdelt_report(file.name, found)


def _combine(dataset: Dataset, uploads: Uploads) -> tuple[dict[str, ImportResult], Dataset, str]:
    """The uploads checked against each other, the dataset with their good rows, and an
    error message if they could not be added; built once per set of files."""
    key = (dataset.version, tuple(uploads.results))
    if uploads.combined is not None and uploads.combined[0] == key:
        return uploads.combined[1:]
    # Drop the previous combination before building the next: its memory goes back now.
    uploads.combined = None
    if not uploads.results:
        return {}, dataset, ""
    results = list(uploads.results.values())
    settled = dict(zip(uploads.results, settle_uploads(results), strict=True))
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
    uploads.combined = (key, settled, combined, error)
    return settled, combined, error


def import_panel(dataset: Dataset) -> Dataset:
    """Draw the uploader and reports; the dataset with the session's good rows added."""
    uploads = session_uploads()
    # Keyed, so it stays as the user left it: an 'expanded' that follows the files would
    # fold the section (and its reports) away whenever the last file is removed.
    with st.sidebar.expander("Your data", key="import_panel"):
        st.caption(
            "Add events in the project's format (CSV, Excel or JSON; see the template). They "
            "join the map for this session only. A GDELT 2.0 event export goes to the review "
            "queue (Add events): its events join the map once you approve them."
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
        known = (*uploads.results, *uploads.failed, *uploads.sent)
        removed = [k for k in known if k not in current]
        for file_id in removed:
            uploads.results.pop(file_id, None)
            uploads.failed.pop(file_id, None)
            uploads.sent.pop(file_id, None)
        new = [f for k, f in current.items() if k not in known]
        for file in new:
            _parse(file, dataset, uploads)
        settled, combined, error = _combine(dataset, uploads)
        if removed or new:
            # What was read or dropped has been freed: give it back to the system.
            memory.release()
        for name, problems in uploads.failed.values():
            lines = "\n".join(f"- {md(p)}" for p in problems[:SHOWN_PROBLEMS])
            st.error(f"**{md(name)} was not added:**\n{lines}")
        if error:
            st.error(error)
        for file_id, result in settled.items():
            _report(file_id, result)
        if uploads.sent:
            for lines in uploads.sent.values():
                st.info("\n\n".join(lines))
            st.page_link(pages.page(pages.REVIEW), label="Review the GDELT candidates", icon="📝")
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
