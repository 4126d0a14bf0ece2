"""Änderungen: what changed between two stored versions, and progress across all versions."""

import streamlit as st

from lib.presenting.changes import changes_page
from lib.presenting.export import to_csv
from lib.sample import SAMPLE_MARK
from lib.storing.storage import StoreError
from ui.access import login_history
from ui.blocks import picture_with_table, table
from ui.data import progress_picture_of
from ui.frame import current_view, store_failed

view = current_view()
st.title("Änderungen")
st.markdown("*Was hat sich seit der letzten Sitzung geändert?*")
store = view.history  # the city's versions, or while none is stored the sample series (never written to)
if view.source.is_sample:
    st.info(f"**{SAMPLE_MARK}:** So sieht die Historie mit mehreren Ständen aus. Die erste Version, "
            "die unter »Hochladen« gespeichert wird, ersetzt das Beispiel überall.", icon=":material/science:")
try:
    versions = store.versions()
except StoreError as exc:
    store_failed(exc)
    st.stop()
history = st.container()
if len(versions) < 2:
    st.info("Zum Vergleichen braucht es mindestens zwei gespeicherte Versionen. "
            "Neue Stände des Registers unter »Hochladen« speichern.")
numbers = {v.label: v.number for v in reversed(versions)}
if len(versions) >= 2:
    left, right = st.columns(2)
    older = left.selectbox("Ältere Version", list(numbers), index=1, key="diff_older")
    newer = right.selectbox("Neuere Version", list(numbers), index=0, key="diff_newer")
try:
    page = changes_page(store, numbers[older], numbers[newer]) if len(versions) >= 2 else changes_page(store)
except StoreError as exc:
    store_failed(exc)
    st.stop()
if versions:
    with history.expander(f"Alle gespeicherten Versionen ({len(versions)}) – wer hat wann hochgeladen"):
        table(page.history, key="history")
login_history(view.user)
if page.comparison is not None:
    st.markdown(f"**{page.sentence}**")
    if not page.changes.empty:
        table(page.changes, key="changes")
        st.download_button("Änderungen herunterladen (.csv)", to_csv(page.changes),
                           f"aenderungen_v{page.comparison.older}_v{page.comparison.newer}.csv", mime="text/csv",
                           on_click="ignore", key="download_changes", icon=":material/download:")

st.header("Fortschritt über alle Versionen")
picture_with_table(progress_picture_of(page.progress), page.progress_table, page.progress_finding)
