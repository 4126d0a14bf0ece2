"""Links whose parameters the app cannot honour: a German notice, once, and the values gone from the address;
values it can honour stay, with no notice."""

from __future__ import annotations

from lib.storing.storage import Store
from tests.app.conftest import open_page
from tests.builders import simple

NOTICE = "Aus dem Link nicht übernommen, weil es das im angezeigten Register nicht gibt: "


def test_unknown_values_are_named_and_removed(own_version_database):
    Store(own_version_database).add(simple().to_bytes(), "register.xlsx")
    app = open_page("uebersicht", version="Version 99", prio=["0", "9"], stichtag="gestern", amt="99 Zauberamt")
    assert [w.value for w in app.warning] == [
        NOTICE + "Version „Version 99“; Stichtag „gestern“; Priorität „9“; Amt „99 Zauberamt“. "
        "Die Auswahl in der Seitenleiste zeigt, was jetzt gilt."]
    assert dict(app.query_params) == {"prio": "0"}  # what could be honoured stays
    assert app.multiselect(key="prio").value == ["0"]
    app.run()
    assert not [w for w in app.warning if w.value.startswith(NOTICE)]  # said once


def test_version_parameter_without_a_choice_is_removed_too():
    app = open_page("uebersicht", version="Version 99")  # only the sample: no version choice is drawn
    assert [w.value for w in app.warning] == [
        NOTICE + "Version „Version 99“. Die Auswahl in der Seitenleiste zeigt, was jetzt gilt."]
    assert "version" not in app.query_params


def test_honoured_values_give_no_notice():
    app = open_page("uebersicht", prio=["0", "1"], status="vollständig umgesetzt", stichtag="2019-12-31",
                    ueberfaellig="true", amt="10 Hauptamt")
    assert not [w for w in app.warning if w.value.startswith(NOTICE)]
    assert app.query_params["prio"] == ["0", "1"] and app.query_params["stichtag"] == "2019-12-31"
