"""Übersicht: where each priority stands, as numbers, a chart and one sentence each."""

from contextlib import suppress

import streamlit as st

from lib.deriving.diff import compare_versions, summary_line
from lib.presenting.changes import progress_trends
from lib.storing.storage import StoreError
from ui.blocks import empty_note, page_header, picture_with_table
from ui.data import overview_of, overview_picture_of
from ui.frame import current_view

view = current_view()
page_header(view, "Übersicht", "Wie weit ist die Umsetzung je Priorität?")
trends = {}
with suppress(StoreError):  # the first version has nothing to compare with; an unreadable history shows no trend
    trends = progress_trends(view.history, upto=view.source.version) if not view.filters.active() else {}
    st.info(summary_line(compare_versions(view.history, newer=view.source.version)), icon=":material/update:")
if view.filtered.empty:
    empty_note()
    st.stop()
page = overview_of(view)
for column, metric, priority in zip(st.columns(len(page.metrics)), page.metrics, range(len(page.metrics)),
                                    strict=True):
    trend = trends.get(priority)
    column.metric(metric.label, metric.value, chart_data=list(trend.complete) if trend else None,
                  help="vollständig umgesetzt / Maßnahmen gesamt" + (f" · {trend.text}" if trend else ""))
    column.caption(metric.caption)
picture_with_table(overview_picture_of(view, page), page.table, page.headline)
st.header("Befund je Priorität")
st.markdown("\n".join(f"- {finding}" for finding in page.findings))
