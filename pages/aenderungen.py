"""Änderungen: what changed between two stored versions, and progress across all versions."""

import streamlit as st

from lib.deriving.diff import change_table, compare_versions, history_table, progress, summary_line
from lib.presenting.export import to_csv
from lib.presenting.fmt import de_date
from ui.blocks import chart_with_table, table
from ui.charts import progress_lines
from ui.frame import current_view, version_store

current_view()
st.title("Änderungen")
st.markdown("*Was hat sich seit der letzten Sitzung geändert?*")
store = version_store()
versions = store.versions()
if versions:
    with st.expander(f"Alle gespeicherten Versionen ({len(versions)}) – wer hat wann hochgeladen"):
        table(history_table(store), key="history")
if len(versions) < 2:
    st.info("Zum Vergleichen braucht es mindestens zwei gespeicherte Versionen. "
            "Neue Stände des Registers unter »Hochladen« speichern.")
    st.stop()
numbers = {v.label: v.number for v in reversed(versions)}
left, right = st.columns(2)
older = left.selectbox("Ältere Version", list(numbers), index=1, key="diff_older")
newer = right.selectbox("Neuere Version", list(numbers), index=0, key="diff_newer")
comparison = compare_versions(store, numbers[older], numbers[newer])
st.markdown(f"**{summary_line(comparison)}**")
changes = change_table(comparison)
if not changes.empty:
    table(changes, key="changes")
    st.download_button("Änderungen herunterladen (.csv)", to_csv(changes),
                       f"aenderungen_v{comparison.older}_v{comparison.newer}.csv", mime="text/csv",
                       on_click="ignore", key="download_changes", icon=":material/download:")

st.header("Fortschritt über alle Versionen")
lines = progress(store)
lines["version_label"] = [f"V{n} · {de_date(s)}" if s else f"V{n}" for n, s in zip(lines["version"], lines["stand"],
                                                                                  strict=True)]
last = lines[lines["version"] == lines["version"].max()]
finding = (f"In Version {int(last['version'].iloc[0])} sind {int(last['complete'].sum())} von "
           f"{int(last['total'].sum())} Maßnahmen vollständig umgesetzt.")
chart_with_table(progress_lines(lines, ""),
                 lines.rename(columns={"version": "Version", "priority": "Priorität", "complete": "vollständig",
                                       "total": "gesamt"})[["Version", "Priorität", "vollständig", "gesamt"]]
                 .assign(Stand=[de_date(s) for s in lines["stand"]]),
                 finding, key="progress_chart")
