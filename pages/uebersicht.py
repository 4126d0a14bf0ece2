"""Übersicht: where each priority stands, as numbers, a chart and one sentence each."""

from contextlib import suppress

import streamlit as st

from lib.diff import compare_versions, summary_line
from lib.status import priority_counts
from lib.storage import StoreError
from lib.views import counts_long, finding, stufenplan_headline
from ui.blocks import chart_with_table, empty_note, page_header
from ui.charts import status_bars
from ui.frame import current_view, version_store

view = current_view()
page_header(view, "Übersicht", "Wie weit ist die Umsetzung je Priorität?")
if view.source.version is not None:
    with suppress(StoreError):  # the first version has nothing to compare with
        st.info(summary_line(compare_versions(version_store(), newer=view.source.version)), icon=":material/update:")
if view.filtered.empty:
    empty_note()
    st.stop()
counts = priority_counts(view.filtered)
for column, row in zip(st.columns(6), counts.to_dict("records"), strict=True):
    column.metric(f"Priorität {row['priority']}", f"{row['complete']} / {row['total']}",
                  help="vollständig umgesetzt / Maßnahmen gesamt")
    column.caption(f"teilweise {row['partial']} · nicht {row['not_started']} · überfällig {row['overdue']}")
chart_with_table(status_bars(counts_long(counts), "priority_label", "", "Priorität"),
                 counts.rename(columns={"priority": "Priorität", "total": "gesamt", "complete": "vollständig",
                                        "partial": "teilweise", "not_started": "nicht umgesetzt",
                                        "overdue": "überfällig"}),
                 stufenplan_headline(counts, view.stichtag), key="overview_chart")
st.header("Befund je Priorität")
st.markdown("\n".join(f"- {finding(row)}" for row in counts.to_dict("records")))
