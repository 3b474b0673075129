"""The review queue: paste or upload an article (or a GDELT export), check the proposed
events, approve, download.

``render`` draws the page in the app (``review_page(dataset)`` for any dataset);
``with_approved`` joins the approved rows to the map for this session. Approved rows are kept in ``st.session_state["review_approved"]`` in the one-file upload
format (components.core.fileformat.FILE_COLUMNS) and download as CSV. All the checks are the
dataset's own (components.core.review); user text is shown with st.text or escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st

from components.core.dataset import Dataset, extend
from components.core.errors import DataError
from components.core.escaping import md
from components.core.extract import Knowledge
from components.core.gdelt import looks_like_gdelt
from components.core.readers import decode_text
from components.core.review import (
    ACTORS,
    APPROVE,
    EDITOR_COLUMNS,
    MAX_ARTICLE_CHARS,
    PEOPLE,
    READ_ONLY,
    GdeltCandidates,
    RowCheck,
    approved_csv,
    candidate_rows,
    check_rows,
    export_rows,
    find_events,
    gdelt_candidates,
    knowledge_of,
    place_of,
)
from components.core.schema import EVENT_TYPES, STATUSES
from components.core.userfiles import MAX_BYTES, ImportResult, read_upload
from components.ui import pages
from components.ui.context import current

APPROVED_KEY = "review_approved"
CANDIDATES_KEY = "review_candidates"
EDITOR_KEY = "review_editor"
SOURCE_KEY = "review_candidates_from"
# An article file (text or saved HTML); a GDELT export may be as large as any upload.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@st.cache_resource(max_entries=4, show_spinner=False)
def _knowledge(version: str, _dataset: Dataset) -> Knowledge:  # noqa: ARG001 (cache key)
    """Built once per dataset version; read-only, so one copy serves every session."""
    return knowledge_of(_dataset)


@dataclass(frozen=True)
class _Input:
    """What the inputs hold: article text (pasted or from a file) or a GDELT file."""

    text: str
    url: str
    published: date | None
    source: str
    gdelt: tuple[str, bytes] | None = None
    error: str = ""


def _inputs() -> _Input:
    text = st.text_area("Article text", key="review_text", height=220)
    st.caption(f"The extractor reads at most {MAX_ARTICLE_CHARS:,} characters of text.")
    left, middle, right = st.columns(3)
    url = left.text_input("Source URL (required for approval)", key="review_url")
    published = middle.date_input(
        "Published on", value=None, key="review_published", format="YYYY-MM-DD"
    )
    source = right.text_input("Outlet (optional)", key="review_source")
    upload = st.file_uploader(
        "...or upload the article (text or saved HTML), or a GDELT 2.0 event export",
        type=["txt", "html", "htm", "csv", "tsv"],
        key="review_file",
    )
    found = _Input(text, url.strip(), published, source.strip())
    if upload is None:
        return found
    data = upload.getvalue()
    if looks_like_gdelt(data):
        if len(data) > MAX_BYTES:
            return replace(found, error=f"{upload.name} is larger than {MAX_BYTES // 2**20} MB.")
        return replace(found, gdelt=(upload.name, data))
    if len(data) > MAX_UPLOAD_BYTES:
        return replace(found, error=f"{upload.name} is larger than {MAX_UPLOAD_BYTES // 2**20} MB.")
    try:
        return replace(found, text=decode_text(data, upload.name))
    except DataError as exc:
        return replace(found, error=str(exc))


def send_gdelt(name: str, raw: bytes, dataset: Dataset) -> GdeltCandidates:
    """Make a GDELT file the review queue's candidates (never events); raises DataError.

    Called by this page's uploader and by the sidebar's, which takes GDELT files here.
    """
    found = gdelt_candidates(name, raw, dataset)
    st.session_state[CANDIDATES_KEY] = found.frame
    st.session_state[SOURCE_KEY] = f"GDELT file {name}"
    # A new batch starts a new table: drop the edits made to the previous one.
    st.session_state.pop(EDITOR_KEY, None)
    return found


def gdelt_report(name: str, found: GdeltCandidates) -> list[str]:
    """What a GDELT file gave the queue, in plain sentences (user text escaped)."""
    lines = [
        f"{md(name)}: {len(found.frame):,} candidate event(s) sent to the review queue; "
        "none joins the map until you approve it."
    ]
    if found.merged:
        lines.append(f"Merged {found.merged:,} line(s) coding the same meeting again.")
    if found.skipped:
        lines.append(
            f"Skipped {found.skipped:,} line(s) that are not diplomatic or involve no "
            "Central Asian state."
        )
    lines += [f"Not read: {md(p)}" for p in found.problems[:10]]
    return lines


def _find_candidates(dataset: Dataset, knowledge: Knowledge) -> None:
    found = _inputs()
    if found.error:
        st.error(md(found.error))
    if not st.button("Find candidate events", key="review_extract", type="primary"):
        return
    if found.gdelt is not None:
        name, raw = found.gdelt
        try:
            result = send_gdelt(name, raw, dataset)
        except DataError as exc:
            st.error("\n".join(f"- {md(p)}" for p in exc.problems[:20]))
            return
        for line in gdelt_report(name, result):
            st.caption(line)
        return
    if not found.text.strip():
        st.warning("Paste an article or upload a file first.")
        return
    try:
        article = find_events(found.text, found.published, found.url or None, knowledge)
    except DataError as exc:
        # Every failure of the extractor arrives here as a DataError (find_events logs the
        # unexpected ones): the page says what is wrong and keeps working.
        st.error("\n".join(f"- {md(p)}" for p in exc.problems[:20]))
        return
    st.session_state[CANDIDATES_KEY] = candidate_rows(
        article.events, dataset, article.url, found.source
    )
    st.session_state[SOURCE_KEY] = "the article"
    # A new article starts a new table: drop the edits made to the previous one.
    st.session_state.pop(EDITOR_KEY, None)
    if not article.events:
        st.info("No candidate events found in this text.")


def _editor(candidates: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    countries = sorted(dataset.countries["iso3"].astype(str))
    config = {
        APPROVE: st.column_config.CheckboxColumn("Approve", default=False),
        "start_date": st.column_config.TextColumn("Start", help="YYYY-MM-DD"),
        "end_date": st.column_config.TextColumn("End", help="YYYY-MM-DD"),
        "event_type": st.column_config.SelectboxColumn("Type", options=list(EVENT_TYPES)),
        "status": st.column_config.SelectboxColumn("Status", options=list(STATUSES)),
        "host_iso3": st.column_config.SelectboxColumn("Host", options=countries),
        ACTORS: st.column_config.TextColumn(
            "Parties besides the host", help="Actor codes, comma-separated"
        ),
        PEOPLE: st.column_config.TextColumn("People", help="Names as written, ';'-separated"),
        "source_url": st.column_config.LinkColumn("Source URL"),
        "confidence": st.column_config.ProgressColumn("Confidence", min_value=0.0, max_value=1.0),
        "evidence": st.column_config.TextColumn("Evidence", width="large"),
    }
    return st.data_editor(
        candidates[EDITOR_COLUMNS],
        key=EDITOR_KEY,
        column_config=config,
        disabled=list(READ_ONLY),
        hide_index=True,
        num_rows="fixed",
        width="stretch",
    )


def _approve(edited: pd.DataFrame, dataset: Dataset, knowledge: Knowledge, checks: list) -> None:
    chosen = [i for i, flag in enumerate(edited[APPROVE].tolist()) if bool(flag)]
    if not chosen:
        st.warning("Tick 'Approve' on the rows to add.")
        return
    approved: list[dict[str, str]] = st.session_state[APPROVED_KEY]
    taken = {r["event_id"] for r in approved}
    seen = {(r["start_date"], r["host_iso3"], r["participants"]) for r in approved}
    added = 0
    for i in chosen:
        check = checks[i]
        if check.duplicate_of:
            st.error(f"Row {i + 1} repeats {md(check.duplicate_of)}: not added.")
            continue
        if check.problems:
            st.error(f"Row {i + 1} was not approved: " + md("; ".join(check.problems)))
            continue
        (row,) = export_rows(edited.iloc[[i]], dataset, knowledge, taken).to_dict("records")
        key = (row["start_date"], row["host_iso3"], row["participants"])
        if key in seen:
            continue
        seen.add(key)
        taken.add(row["event_id"])
        approved.append(row)
        added += 1
    if added:
        st.success(f"{added} row(s) approved.")


def _approved_section() -> None:
    approved: list[dict[str, str]] = st.session_state[APPROVED_KEY]
    st.subheader(f"Approved ({len(approved)})")
    if not approved:
        st.caption("Approved rows appear here, in the dataset's upload format.")
        return
    st.dataframe(pd.DataFrame(approved), hide_index=True)
    left, right = st.columns(2)
    left.download_button(
        "Download approved rows (CSV)",
        data=approved_csv(approved),
        file_name="reviewed-events.csv",
        mime="text/csv",
        key="review_download",
        on_click="ignore",
    )
    if right.button("Clear the approved rows", key="review_clear"):
        st.session_state[APPROVED_KEY] = []
        st.rerun()


def review_page(dataset: Dataset) -> None:
    """Draw the review queue for `dataset`: input, candidates, checks, approval, download."""
    st.session_state.setdefault(APPROVED_KEY, [])
    knowledge = _knowledge(dataset.version, dataset)
    st.header("Review candidate events")
    st.caption(
        "Paste a news article (or upload it, or a GDELT 2.0 event export), find the events it "
        "reports, correct them, and approve. Every row is checked with the dataset's rules; a "
        "source URL is required. Nothing joins the map until it is approved."
    )
    _find_candidates(dataset, knowledge)
    candidates = st.session_state.get(CANDIDATES_KEY)
    if candidates is not None and not candidates.empty:
        st.subheader(f"Candidates ({len(candidates)})")
        st.caption(md(f"From {st.session_state.get(SOURCE_KEY, 'the article')}."))
        edited = _editor(candidates, dataset)
        checks = check_rows(edited, dataset, knowledge)
        status = pd.DataFrame(
            {
                "row": range(1, len(checks) + 1),
                "check": [
                    "ok" if c.ok else ("duplicate" if c.duplicate_of else "problems")
                    for c in checks
                ],
                "duplicate_of": [c.duplicate_of or "" for c in checks],
                "problems": ["; ".join(c.problems) for c in checks],
            }
        )
        st.dataframe(status, hide_index=True)
        _duplicate_links(checks, dataset)
        with st.expander("Evidence", expanded=False):
            for number, evidence in enumerate(edited["evidence"].tolist(), start=1):
                st.text(f"{number}. {evidence}")
        left, right = st.columns(2)
        if left.button("Approve the ticked rows", key="review_approve"):
            _approve(edited, dataset, knowledge, checks)
        # A path that needs no ticking in the grid (keyboard users, quick reviews).
        if right.button("Approve every row that passes the checks", key="review_approve_ok"):
            passing = edited.assign(**{APPROVE: [c.ok for c in checks]})
            _approve(passing, dataset, knowledge, checks)
    _approved_section()


def _duplicate_links(checks: list[RowCheck], dataset: Dataset) -> None:
    """A link to each event a candidate repeats, opening the map at its place."""
    for number, check in enumerate(checks, start=1):
        if not check.duplicate_of:
            continue
        place = place_of(dataset, check.duplicate_of)
        label = f"Row {number} repeats {check.duplicate_of}"
        if place is None:
            st.caption(md(label))
            continue
        st.page_link(
            pages.page(pages.MAP),
            label=md(f"{label}: show it on the map"),
            icon="📍",
            query_params={"sel": place},
        )


REVIEW_ORIGIN = "Reviewed articles"


@st.cache_data(show_spinner=False, max_entries=4)
def _approved_result(
    version: str,  # noqa: ARG001 (cache key)
    csv_bytes: bytes,
    _dataset: Dataset,
) -> ImportResult | None:
    try:
        return read_upload(REVIEW_ORIGIN, csv_bytes, _dataset)
    except DataError:
        return None


def with_approved(dataset: Dataset) -> Dataset:
    """The dataset plus this session's approved rows, checked again like an upload."""
    approved: list[dict[str, str]] = st.session_state.get(APPROVED_KEY, [])
    if not approved:
        return dataset
    result = _approved_result(dataset.version, approved_csv(approved), dataset)
    if result is None or result.events.empty:
        return dataset
    return extend(dataset, result.events, result.participants)


def render() -> None:
    """The review page of the app, on the dataset every page shares."""
    review_page(current().dataset)
