"""Hochladen: a new version of the register, checked against the format first and stored only without errors."""

import streamlit as st

from lib.presenting.export import to_csv
from lib.presenting.ods import ODS_MIME
from lib.presenting.template import build_template
from lib.presenting.text import md_escape
from lib.presenting.upload import too_large, upload_notice
from lib.presenting.xlsx import XLSX_MIME
from lib.reading.problems import problem_table
from lib.storing.storage import RejectedRegister, StoreError, read_only_message
from ui.blocks import table
from ui.frame import current_view, show_version, store_failed, version_store
from ui.german import file_uploader

MAX_MB = st.get_option("server.maxUploadSize")


view = current_view()
st.title("Hochladen")
into = f"„{md_escape(view.register_title)}“" + ("" if view.register_title == view.register_id
                                                 else f" ({view.register_id})")
if not view.user.can_edit:  # the page is not listed for readers; a typed URL must not reach it either
    where = f" im Register {into}" if len(view.registers) > 1 else ""
    st.warning(f"Hochladen{where} ist der Rolle „Bearbeiten“ vorbehalten.")
    st.stop()
st.markdown("*Den neuen Stand des Maßnahmenregisters als Version speichern – jede Version bleibt erhalten.*")
if len(view.registers) > 1:
    st.info(f"Hochgeladen wird in das Register {into}; ein anderes wählt die Seitenleiste.",
            icon=":material/folder_open:")
if notice := st.session_state.pop("upload_notice", None):
    st.success(md_escape(notice))
try:
    store = version_store(view.register_id)
except StoreError as exc:  # the frame showed the stored versions a moment ago; the store failed since
    store_failed(exc)
    st.stop()
if store.read_only:
    st.warning(f"Hochladen ist nicht möglich. {md_escape(read_only_message(store.location))}")
upload = file_uploader(f"Register als Excel-Arbeitsmappe (.xlsx) oder OpenDocument-Tabelle (.ods), höchstens "
                       f"{MAX_MB} MB", ["xlsx", "ods"], MAX_MB, key="upload")
comment = st.text_input("Kommentar zur Version (optional)", key="upload_comment",
                        placeholder="z. B. Stand zur Sitzung der Projektgruppe")
if upload is not None and st.button("Prüfen und speichern", type="primary", key="upload_save"):
    data = upload.getvalue()
    if refusal := too_large(len(data), MAX_MB):
        st.error(refusal)
    else:
        try:
            added = store.add(data, upload.name, comment=comment, uploader=view.user.name)
        except StoreError as exc:
            st.error(f"Nicht gespeichert: „{md_escape(upload.name)}“. {md_escape(exc.message)} "
                     "Das angezeigte Register bleibt unverändert.")
        except RejectedRegister as refused:
            errors = problem_table(refused.result.errors)
            st.error(f"Nicht gespeichert: „{md_escape(upload.name)}“ hat {len(errors)} Fehler. "
                     "Das angezeigte Register bleibt unverändert. Bitte in der Tabelle korrigieren und erneut hochladen.")
            table(errors, key="upload_errors")
            st.download_button("Fehlerliste herunterladen (.csv)", to_csv(errors), "fehlerliste.csv", mime="text/csv",
                               on_click="ignore", key="download_errors", icon=":material/download:")
        else:
            show_version(added.version)
            try:  # another upload may have been stored meanwhile: the notice says which version is current
                current = store.latest()
            except StoreError:
                current = None
            st.session_state["upload_notice"] = upload_notice(added, current,
                                                              view.register_title if len(view.registers) > 1 else None)
            st.rerun()

st.header("Erwartetes Format")
st.markdown(
    "- Blatt **Maßnahmen** (Pflicht): je Maßnahme eine Zeile mit **Nr**, **Maßnahme**, **Priorität** (0–5), "
    "dazu z. B. Federführung, Frist, Umgesetzt am, Status, Kooperationspartner.\n"
    "- Blatt **Rollout** (optional): `Nr` und je Amt eine Spalte (`12` oder `12 Amt für …`) mit "
    "„x“ / „teilweise“ / leer / „-“ (nicht relevant) – oder als Liste `Nr`, `Amt`, `Status`.\n"
    "- Blatt **Ämter** (empfohlen): `Nr`, `Bezeichnung`, `Dezernat`.\n"
    "- Über der Kopfzeile darf eine Zeile `Stand: TT.MM.JJJJ` stehen; Datumsangaben als TT.MM.JJJJ."
)
st.download_button("Leere Vorlage herunterladen (.xlsx)", build_template(), "massnahmenregister_vorlage.xlsx",
                   mime=XLSX_MIME, on_click="ignore", key="download_template", icon=":material/download:")
st.download_button("Leere Vorlage herunterladen (.ods)", build_template(ods=True), "massnahmenregister_vorlage.ods",
                   mime=ODS_MIME, on_click="ignore", key="download_template_ods", icon=":material/download:")
