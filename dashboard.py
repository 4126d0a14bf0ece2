"""Entry point of the Maßnahmen-Cockpit: the page list and the frame every page shares."""

import streamlit as st

from ui.access import config_error, current_user, needs_login, stop_with_config_error
from ui.comparison import comparable
from ui.frame import build_view, release_view
from ui.german import german_texts
from ui.state import init_session_state
from ui.upload_gate import allow_uploads

st.set_page_config(page_title="Maßnahmen-Cockpit", page_icon=":material/checklist:", layout="wide")
init_session_state()
german_texts()

PAGES = [
    st.Page("pages/uebersicht.py", title="Übersicht", icon=":material/dashboard:", default=True),  # served at /
    st.Page("pages/prioritaeten.py", title="Prioritäten", icon=":material/stacked_bar_chart:", url_path="prioritaeten"),
    st.Page("pages/aemter.py", title="Ämter", icon=":material/apartment:", url_path="aemter"),
    st.Page("pages/fristen.py", title="Fristen", icon=":material/event:", url_path="fristen"),
    st.Page("pages/planung.py", title="Planung 3–5", icon=":material/timeline:", url_path="planung"),
    st.Page("pages/kooperationen.py", title="Kooperationen", icon=":material/handshake:", url_path="kooperationen"),
    st.Page("pages/antwort.py", title="Antwort an den Stadtrat", icon=":material/description:", url_path="antwort"),
    st.Page("pages/daten.py", title="Daten", icon=":material/table:", url_path="daten"),
    st.Page("pages/aenderungen.py", title="Änderungen", icon=":material/difference:", url_path="aenderungen"),
    st.Page("pages/sitzung.py", title="Sitzung", icon=":material/groups:", url_path="sitzung"),
    st.Page("pages/massnahme.py", title="Maßnahme", icon=":material/article:", url_path="massnahme"),
]
# Shown only when the store holds more than one register this user may read (ui.comparison.comparable).
COMPARISON = st.Page("pages/vergleich.py", title="Vergleich", icon=":material/compare_arrows:", url_path="vergleich")
EDITOR_PAGES = [
    st.Page("pages/hochladen.py", title="Hochladen", icon=":material/upload_file:", url_path="hochladen"),
]

# Public like the city's website: reachable without login, linked from every page and from the login form.
STATEMENT = st.Page("pages/barrierefreiheit.py", title="Erklärung zur Barrierefreiheit",
                    icon=":material/accessibility_new:", url_path="barrierefreiheit")

st.sidebar.title("Maßnahmen-Cockpit")
problem = config_error()
if problem is not None:  # the settings cannot be used: their error only, no page and no raw page list
    st.navigation(PAGES + [COMPARISON] + EDITOR_PAGES + [STATEMENT], position="hidden")
    stop_with_config_error(problem)
# Before the login every page is registered, hidden: no raw page list, and a deep link keeps its page through
# the login. Only the statement is shown then; any other address waits for the login.
if needs_login():
    requested = st.navigation(PAGES + [COMPARISON] + EDITOR_PAGES + [STATEMENT], position="hidden")
    if requested.url_path == STATEMENT.url_path:
        requested.run()
        st.stop()
    st.sidebar.page_link(STATEMENT, icon=":material/accessibility_new:")
user = current_user()
# expanded: every page listed (collapsed, Streamlit shows ten and an English "View 3 more")
# Hochladen is listed for whoever may edit some register; the page itself checks the register shown.
navigation = st.navigation(PAGES + ([COMPARISON] if comparable(user) else [])
                           + (EDITOR_PAGES if user.may_edit_somewhere else []) + [STATEMENT], expanded=True)
allow_uploads(user.may_edit_somewhere and navigation.url_path == "hochladen")  # app.py refuses every other upload
public = navigation.url_path == STATEMENT.url_path  # shown even when no register can be (its own title then)
try:
    view = build_view(user, None if public else navigation)
    if view is None or not view.user.can_edit:  # the role that counts is the one in the register shown
        allow_uploads(False)
    if view is not None or public:
        navigation.run()
finally:  # also after st.stop() and st.rerun()
    release_view()
