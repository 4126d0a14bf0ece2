"""Several registers in the running app: the sidebar choice „Register“ (ids in the URL, titles shown), shown
only when there is a choice; everything per register (versions, follow-newest, upload, restore); and roles
per register: a reader of trier only never sees mainz, an editor of mainz only cannot upload into trier."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import hash_password
from lib.storing.storage import Store
from tests.app.conftest import ROOT, log_in, open_page
from tests.builders import Book

HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTICE = "Aus dem Link nicht übernommen, weil es das im angezeigten Register nicht gibt: "


def book(title: str, stand: str, measures: int = 2) -> bytes:
    rows = [("0.01", title, 0, "10"), ("1.01", "E-Rechnung", 1, "12"), ("2.01", "Open Data", 2, "12")][:measures]
    return (Book().measures(rows, header=HEADER, title=[f"Stand: {stand}"]).offices()
            .matrix(["10", "12"], [("0.01", "x", "offen")]).to_bytes())


@pytest.fixture
def county(own_version_database) -> Store:
    """mainz: two versions (Stand 03.09. and 17.09.2019, 2 and 3 measures); trier: one (Stand 01.10.2019)."""
    store = Store(own_version_database, register="mainz")
    store.add(book("Mainz Poststelle", "03.09.2019"), "mainz-september.xlsx")
    store.add(book("Mainz Poststelle", "17.09.2019", 3), "mainz-oktober.xlsx")
    store.set_title("Stadt Mainz")
    store.at("trier").add(book("Trier Poststelle", "01.10.2019"), "trier.xlsx")
    store.at("trier").set_title("Stadt Trier")
    return store


def shown(app: AppTest):
    return app.session_state["view"].source


def test_one_register_draws_no_choice(own_version_database):
    Store(own_version_database).add(book("A", "03.09.2019"), "a.xlsx")
    app = open_page("uebersicht")
    assert not [s for s in app.sidebar.selectbox if s.key == "register"] and "register" not in app.query_params
    assert shown(app).register == "standard"


def test_the_register_choice_shows_titles_and_keeps_the_id_in_the_url(county):
    app = open_page("uebersicht")
    choice = app.sidebar.selectbox(key="register")
    assert choice.label == "Register" and choice.options == ["Stadt Mainz", "Stadt Trier"]
    assert choice.value == "mainz" and app.query_params["register"] == "mainz"
    assert (shown(app).register, shown(app).file_name) == ("mainz", "mainz-oktober.xlsx")
    assert [o for o in app.sidebar.selectbox(key="version").options] == [
        v.label for v in reversed(county.versions())]
    choice.select("trier").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.query_params["register"] == "trier" and (shown(app).register, shown(app).version) == ("trier", 1)
    assert "Stand: 01.10.2019" in " ".join(c.value for c in app.sidebar.caption)
    assert not [s for s in app.sidebar.selectbox if s.key == "version"]  # trier has one version: no choice
    assert app.sidebar.selectbox(key="register").value == "trier"


def test_a_link_names_the_register_and_its_version(county):
    older = county.version(1)
    app = open_page("uebersicht", register="mainz", version=older.label)
    assert (shown(app).register, shown(app).version) == ("mainz", 1)
    app = open_page("daten", register="trier")
    assert shown(app).register == "trier" and app.query_params["register"] == "trier"
    assert not [w for w in app.warning if w.value.startswith(NOTICE)]


def test_an_unknown_register_in_the_link_is_named_and_removed(county):
    app = open_page("uebersicht", register="koblenz")
    assert [w.value for w in app.warning] == [
        NOTICE + "Register „koblenz“. Die Auswahl in der Seitenleiste zeigt, was jetzt gilt."]
    assert app.query_params["register"] == "mainz" and shown(app).register == "mainz"


def test_switching_registers_shows_the_other_ones_current_version(county):
    app = open_page("uebersicht", register="mainz", version=county.version(1).label)
    app.sidebar.selectbox(key="register").select("trier").run()
    app.sidebar.selectbox(key="register").select("mainz").run()
    assert (shown(app).register, shown(app).version) == ("mainz", 2)  # the current one, not the old choice


def test_the_newest_is_followed_per_register(county):
    app = open_page("uebersicht")
    assert shown(app).version == 2
    county.at("trier").add(book("Trier neu", "05.10.2019"), "trier-neu.xlsx")  # another register: nothing moves
    app.run()
    assert (shown(app).register, shown(app).version) == ("mainz", 2)
    county.add(book("Mainz neu", "01.11.2019"), "mainz-neu.xlsx")  # the CLI or another instance
    app.run()
    assert (shown(app).register, shown(app).version, shown(app).file_name) == ("mainz", 3, "mainz-neu.xlsx")


def test_upload_and_restore_act_in_the_chosen_register(county):
    app = open_page("hochladen", register="trier")
    assert "Hochgeladen wird in das Register „Stadt Trier“ (trier)" in " ".join(i.value for i in app.info)
    app.file_uploader(key="upload").set_value(("trier-2.xlsx", book("Trier zwei", "02.10.2019"), XLSX))
    app.run()
    app.button(key="upload_save").click()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.success[0].value.startswith("Gespeichert als Version 2 im Register „Stadt Trier“ (2 Maßnahmen)")
    assert [v.file_name for v in county.at("trier").versions()] == ["trier.xlsx", "trier-2.xlsx"]
    assert [v.file_name for v in county.versions()] == ["mainz-september.xlsx", "mainz-oktober.xlsx"]
    assert (shown(app).register, shown(app).version) == ("trier", 2)

    app = open_page("uebersicht", register="trier", version=county.at("trier").version(1).label)
    app.button(key="make_current").click().run()
    assert [(v.number, v.restored_from) for v in county.at("trier").versions()] == [(1, None), (2, None), (3, 1)]
    assert county.newest_number() == 2  # mainz untouched


def test_the_sample_shows_only_while_the_whole_store_is_empty(county):
    app = open_page("uebersicht")
    assert not shown(app).is_sample


ACCESS = {"mode": "local", "users": {
    "kreis": {"role": "Bearbeiten", "password_hash": hash_password("kreis")},
    "trier-rat": {"password_hash": hash_password("trier"), "registers": {"trier": "Lesen"}},
    "mainz-pg": {"password_hash": hash_password("mainz"), "registers": {"mainz": "Bearbeiten", "trier": "Lesen"}},
}}


def signed_in(name: str, password: str, **params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    app.secrets["access"] = ACCESS
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    return log_in(app, name, password)


def test_a_reader_of_trier_only_never_sees_mainz(county):
    app = signed_in("trier-rat", "trier", register="mainz")
    assert shown(app).register == "trier" and not [s for s in app.sidebar.selectbox if s.key == "register"]
    assert "Angemeldet als trier-rat (trier: Lesen)" in [c.value for c in app.sidebar.caption]
    assert NOTICE + "Register „mainz“. Die Auswahl in der Seitenleiste zeigt, was jetzt gilt." in [
        w.value for w in app.warning]
    assert "register" not in app.query_params
    with pytest.raises(ValueError, match="Known pages"):  # reads only: no Hochladen at all
        app.switch_page("pages/hochladen.py")


def test_an_editor_of_mainz_only_cannot_upload_into_trier(county):
    app = signed_in("mainz-pg", "mainz")
    assert app.sidebar.selectbox(key="register").options == ["Stadt Mainz", "Stadt Trier"]
    app.sidebar.selectbox(key="register").select("trier").run()
    app.switch_page("pages/hochladen.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert shown(app).register == "trier"
    assert [w.value for w in app.warning] == [
        "Hochladen im Register „Stadt Trier“ (trier) ist der Rolle „Bearbeiten“ vorbehalten."]
    assert not app.get("file_uploader")
    app.sidebar.selectbox(key="register").select("mainz").run()
    assert app.get("file_uploader") and not app.warning  # in mainz it may


def test_an_account_for_other_registers_sees_none(own_version_database):
    Store(own_version_database, register="alzey").add(book("Alzey", "03.09.2019"), "alzey.xlsx")
    app = signed_in("trier-rat", "trier")
    assert "Für Ihr Konto ist keines der gespeicherten Register freigegeben." in " ".join(w.value for w in app.warning)
    assert not app.metric


@pytest.mark.parametrize("page", ["uebersicht", "prioritaeten", "aemter", "fristen", "planung", "kooperationen",
                                  "antwort", "daten", "aenderungen", "sitzung", "massnahme", "hochladen"])
def test_every_page_shows_the_register_of_the_link(county, page):
    app = open_page(page, register="trier")
    assert shown(app).register == "trier" and shown(app).file_name == "trier.xlsx"
    assert app.query_params["register"] == "trier"
    assert not app.error, [e.value for e in app.error]


def test_links_to_a_measure_keep_the_register(county):
    app = open_page("daten", register="trier")
    links = [link for frame in app.dataframe for link in frame.value.get("Nr", [])]
    assert links and all("register=trier" in link for link in links), links
    app = open_page("massnahme", register="trier", nr="0.01")
    headings = " ".join(h.value for h in [*app.header, *app.subheader, *app.selectbox])
    assert shown(app).register == "trier" and "Trier Poststelle" in headings and "Mainz" not in headings


def test_a_link_followed_within_the_session_wins_over_the_last_choice(county):
    app = open_page("uebersicht")
    assert shown(app).register == "mainz"
    app.query_params["register"] = "trier"  # as st.switch_page with query_params, or a page link, sets it
    app.run()
    assert shown(app).register == "trier" and app.sidebar.selectbox(key="register").value == "trier"
    app.run()  # and stays there on the next run
    assert shown(app).register == "trier"
