"""The upload page and the version views with AppTest: a valid file becomes the shown register, a broken
one changes nothing and lists every error; Änderungen compares the stored versions."""

from __future__ import annotations

import pytest

from lib.storing.storage import Store
from tests.app.conftest import open_page, texts
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(states: tuple[str, str], stand: str) -> bytes:
    measures = [("0.01", "Virtuelle Poststelle", 0, "10"), ("1.01", "E-Rechnung", 1, "12")]
    return (Book().measures(measures, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", *states)]).to_bytes())


@pytest.fixture
def store(own_version_database) -> Store:
    return Store(own_version_database)


def upload(app, name: str, data: bytes, comment: str = ""):
    app.file_uploader(key="upload").set_value((name, data, XLSX))
    app.text_input(key="upload_comment").input(comment)
    app.run()
    app.button(key="upload_save").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown(app):
    """The register source the frame built the view from (AppTest does not keep the sidebar after a page switch)."""
    return app.session_state["view"].source


def test_valid_file_becomes_the_shown_version(store):
    app = open_page("hochladen")
    assert shown(app).is_sample
    upload(app, "september.xlsx", register(("x", "offen"), "03.09.2019"), comment="Sitzung September")
    [version] = store.versions()
    assert (version.file_name, version.comment, version.stand.isoformat()) == (
        "september.xlsx", "Sitzung September", "2019-09-03")
    assert app.success[0].value.startswith("Gespeichert als Version 1 (2 Maßnahmen)")
    assert (shown(app).version, shown(app).label) == (1, version.label)
    app.switch_page("pages/uebersicht.py")
    app.run()
    assert "Stichtag 03.09.2019" in texts(app) and "Beispieldaten" not in texts(app)
    assert {m.label: m.value for m in app.metric}["Priorität 0"] == "0 / 1"


def test_broken_file_changes_nothing_and_lists_every_error(store):
    app = upload(open_page("hochladen"), "gut.xlsx", register(("x", "offen"), "03.09.2019"))
    before = store.versions()
    broken = (Book().measures([("0.01", "A", 9, "10"), ("0.01", "B", 0, "99")], header=HEADER).offices()
              .to_bytes())
    upload(app, "kaputt.xlsx", broken)
    assert store.versions() == before
    assert "Nicht gespeichert" in app.error[0].value and "3 Fehler" in app.error[0].value
    errors = app.dataframe[0].value
    assert list(errors.columns) == ["Art", "Blatt", "Zeile", "Spalte", "Wert", "Meldung", "Grund"]
    assert sorted(zip(errors["Zeile"], errors["Spalte"], errors["Grund"], strict=True)) == [
        (2, "Priorität", "Priorität ungültig"), (3, "Federführung", "Amt unbekannt"), (3, "Nr", "Nr doppelt")]
    assert shown(app).version == 1


def test_unreadable_file_is_refused(store):
    app = upload(open_page("hochladen"), "liste.xlsx", b"Nr;Massnahme\n0.01;A\n")
    assert store.versions() == []
    assert "keine Excel-Arbeitsmappe" in app.dataframe[0].value["Meldung"][0]
    assert shown(app).is_sample


def test_same_file_twice_is_one_version(store):
    data = register(("x", "offen"), "03.09.2019")
    app = upload(upload(open_page("hochladen"), "a.xlsx", data), "a-kopie.xlsx", data)
    assert len(store.versions()) == 1
    assert "bereits als Version 1 gespeichert" in app.success[0].value


def test_template_and_format_are_offered(store):
    app = open_page("hochladen")
    assert "Blatt **Maßnahmen** (Pflicht)" in texts(app)
    assert app.file_uploader(key="upload").proto.type == [".xlsx", ".ods"]


def test_changes_page_compares_current_with_previous(store):
    store.add(register(("x", "offen"), "03.09.2019"), "september.xlsx")
    store.add(register(("x", "x"), "17.09.2019"), "oktober.xlsx")
    app = open_page("aenderungen")
    assert "Seit 03.09.2019: 1 Maßnahme abgeschlossen, 1 Amt neu umgesetzt." in texts(app)
    changes = next(d.value for d in app.dataframe if "Änderung" in d.value.columns)
    assert list(changes["Änderung"]) == ["Status geändert", "Amt umgesetzt"]
    assert list(changes["nachher"]) == ["vollständig umgesetzt", "umgesetzt"]
    progress = app.dataframe[-1].value
    assert list(progress.loc[progress["Priorität"] == 0, "vollständig"]) == [0, 1]
    assert list(progress.columns) == ["Version", "Stand", "Priorität", "vollständig", "gesamt", "Anteil vollständig (%)"]
    assert list(progress.loc[progress["Priorität"] == 0, "Stand"]) == ["03.09.2019", "17.09.2019"]
    assert list(progress.loc[progress["Priorität"] == 0, "Anteil vollständig (%)"]) == [0, 100]
    assert "In Version 2 sind 1 von 2 Maßnahmen vollständig umgesetzt, in Version 1 waren es 0 von 2." in texts(app)


def test_changes_page_needs_two_versions(store):
    store.add(register(("x", "offen"), "03.09.2019"), "september.xlsx")
    app = open_page("aenderungen")
    assert "mindestens zwei gespeicherte Versionen" in app.info[0].value


def test_older_version_can_be_made_current_again(store):
    store.add(register(("x", "offen"), "03.09.2019"), "september.xlsx")
    store.add(register(("x", "x"), "17.09.2019"), "oktober.xlsx")
    app = open_page("uebersicht", version=store.version(1).label)
    assert shown(app).version == 1 and "Ältere Version – aktuell ist Version 2." in app.sidebar.info[0].value
    app.button(key="make_current").click()
    app.run()
    assert not app.exception
    latest = store.latest()
    assert (latest.number, latest.restored_from) == (3, 1)
    assert app.sidebar.selectbox(key="version").value == latest.label
    assert shown(app).version == 3 and not app.sidebar.info


def test_overview_states_what_changed_since_the_previous_version(store):
    store.add(register(("", ""), "03.09.2019"), "alt.xlsx")
    store.add(register(("x", "x"), "17.09.2019"), "neu.xlsx")
    app = open_page("uebersicht")
    notes = [i.value for i in app.info]
    assert any(n.startswith("Seit ") and "1 Maßnahme abgeschlossen" in n for n in notes), notes


def test_history_names_who_uploaded_and_restored(store):
    store.add(register(("", ""), "03.09.2019"), "alt.xlsx", uploader="m.muster")
    store.add(register(("x", "x"), "17.09.2019"), "neu.xlsx")
    store.restore(1, uploader="k.beispiel")
    app = open_page("aenderungen")
    history = next(d.value for d in app.dataframe if "von" in d.value.columns)
    assert list(history["Version"]) == [3, 2, 1]
    assert list(history["von"]) == ["k.beispiel", "(ohne Anmeldung)", "m.muster"]
    assert list(history["Wiederhergestellt aus"]) == ["Version 1", "", ""]


def test_known_file_that_is_not_current_says_which_version_is(store):
    older = register(("x", "offen"), "03.09.2019")
    store.add(older, "september.xlsx", uploader="leitung")
    current = store.add(register(("x", "x"), "01.10.2019"), "oktober.xlsx", uploader="kollegin").version
    app = upload(open_page("hochladen"), "nochmal.xlsx", older)
    [notice] = [s.value for s in app.success]
    assert notice.startswith("Diese Datei ist bereits als Version 1 gespeichert. Aktuell ist aber Version 2 von "
                             "kollegin, gespeichert um ")
    assert f"{current.uploaded_local:%H\\:%M} Uhr" in notice  # markdown source: the colon is escaped
    assert notice.endswith("angezeigt wird jetzt Version 1, die aktuelle ist in der Seitenleiste wählbar.")
    assert shown(app).version == 1 and len(store.versions()) == 2


def test_too_large_file_is_refused_in_german_in_the_labels_unit(store):
    import streamlit.config as config

    limit = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)  # the page reads the limit from the configuration
    try:
        app = upload(open_page("hochladen"), "gross.xlsx", b"x" * 1_200_000)
    finally:
        config.set_option("server.maxUploadSize", limit)
    assert [e.value for e in app.error] == [
        "Die Datei ist 1,2 MB groß; erlaubt sind höchstens 1 MB (1 MB = 1.000.000 Byte). Nicht gespeichert."]
    assert "höchstens 1 MB" in app.file_uploader(key="upload").label
    assert store.versions() == []
