"""German everywhere, in a real Chromium with the locale de-DE: no English text of Streamlit's own on any page,
no English name or description in what screen readers get (aria-label attributes included), the uploader's texts
and button name German, and table cells drawn in German number and date formats.

These fail when an upgrade of Streamlit renames what ui/german.py overrides and the English comes back.
"""

from __future__ import annotations

import re
import tomllib

from playwright.sync_api import Page, expect

from lib.storing.storage import Store
from tests.builders import Book
from tests.e2e.conftest import (
    ROOT,
    Server,
    dashboard_pages,
    open_app,
    open_sidebar_multiselect,
    wait_until_rendered,
)

MAIN = '[data-testid="stMain"]'
# Streamlit's English texts a user could meet (1.67), whole words, case-sensitive.
ENGLISH = ["Browse files", "Drag and drop", "Limit", "per file", "Upload", "Add files", "Remove", "Download as CSV",
           "Search", "Fullscreen", "Show/hide columns", "Download plot", "Running", "Press Enter", "Choose an option",
           "No results", "Select all", "Clear all", "Made with Streamlit", "Deploy", "Rerun", "Settings", "Print",
           "Record a screencast", "About", "Skip to main content", "Link to heading", "None", "Error"]
ENGLISH_RE = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH)) + r")\b")
# Streamlit's English names for screen readers (1.67: aria-label attributes, hidden descriptions); the short ones only
# as the whole name, since a measure may well be called "Open Data-Portal".
ENGLISH_NAMES = re.compile(
    r"\b(Remove|Clear all|Choose date|Help for|Selected values|Selected Date|Collapse sidebar|Expand sidebar|"
    r"file upload|Add files|Upload|Previous month|Next month|Link to heading|Use arrow keys|Skip to main content)\b"
    r"|^(Open|Close|Sidebar|App pages)$|^(day|month|year), ")
# Roles whose name is the page's own text (checked by visible_text), not a name Streamlit gives.
CONTENT_ROLES = {"StaticText", "InlineTextBox", "RootWebArea"}

# What a sighted user sees: text nodes that are laid out, not hidden, not zero-sized, and CSS generated content
# (::before, ::after); icon ligatures ("upload") are drawn as icons and left out.
VISIBLE_TEXT = """root => {
    const parts = [];
    const shown = el => { const s = getComputedStyle(el);
        return s.visibility === 'visible' && parseFloat(s.fontSize) > 0 && el.getClientRects().length > 0; };
    const laidOut = el => el.getClientRects().length > 0 || getComputedStyle(el).display === 'contents';
    const pseudo = (el, which) => { const c = getComputedStyle(el, which).content;
        return c && c !== 'none' && c !== 'normal' && getComputedStyle(el, which).visibility === 'visible'
            ? c.replace(/^"|"$/g, '') : ''; };
    const walk = el => {
        if (el.closest('[data-testid="stIconMaterial"]')) return;
        const before = pseudo(el, '::before'); if (before && laidOut(el)) parts.push(before);
        for (const node of el.childNodes) {
            if (node.nodeType === Node.TEXT_NODE && node.textContent.trim() && shown(el)) parts.push(node.textContent.trim());
            else if (node.nodeType === Node.ELEMENT_NODE) walk(node);
        }
        const after = pseudo(el, '::after'); if (after && laidOut(el)) parts.push(after);
    };
    walk(root);
    return parts.join('\\n');
}"""
# Every string drawn on a canvas, i.e. the cells of st.dataframe (glide-data-grid draws them with fillText).
RECORD_CANVAS_TEXT = """(() => { window.__drawn = []; const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        window.__drawn.push(String(text)); return fill.call(this, text, ...rest); }; })()"""


def visible_text(page: Page, selector: str = "body") -> str:
    return page.locator(selector).first.evaluate(VISIBLE_TEXT)


def english_in(text: str) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH_RE.finditer(text)})


def accessible_names(page: Page, role: str) -> list[str]:
    """The names Chromium gives screen readers for every node of this role (its accessibility tree)."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [n.get("name", {}).get("value", "") for n in nodes
            if n.get("role", {}).get("value") == role and not n.get("ignored")]


def english_names(page: Page) -> list[str]:
    """Names and descriptions screen readers get from Chromium's accessibility tree that are Streamlit's English."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    said = {n.get(part, {}).get("value", "") for n in nodes if not n.get("ignored")
            and n.get("role", {}).get("value") not in CONTENT_ROLES for part in ("name", "description")}
    return sorted(text for text in said if isinstance(text, str) and ENGLISH_NAMES.search(text))


def open_expanders(page: Page) -> None:
    for summary in page.locator(f'{MAIN} [data-testid="stExpander"] summary').all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    wait_until_rendered(page)


def test_the_check_sees_english():
    assert english_in("Datei auswählen\nhöchstens 50 MB") == []
    assert english_in("Drag and drop file here\nLimit 200MB per file • XLSX\nBrowse files") == [
        "Browse files", "Drag and drop", "Limit", "per file"]
    assert [n for n in ("Remove 0", "Choose date", "day, Stichtag der Auswertung", "Open", "Help for Amt",
                        "Datei auswählen Upload", "Selected Date: September 17, 2019") if ENGLISH_NAMES.search(n)] == [
        "Remove 0", "Choose date", "day, Stichtag der Auswertung", "Open", "Help for Amt", "Datei auswählen Upload",
        "Selected Date: September 17, 2019"]
    assert not [n for n in ("0 entfernen", "Liste öffnen", "Tag, Stichtag der Auswertung", "Open Data-Portal",
                            "Gewähltes Datum: 17.09.2019") if ENGLISH_NAMES.search(n)]


def test_no_english_streamlit_text_on_any_page(page: Page, app_url: str):
    found: dict[str, list[str]] = {}
    for app_page in dashboard_pages():
        open_app(page, app_url + app_page.path)
        open_expanders(page)
        text = visible_text(page)
        if app_page.name == "barrierefreiheit":  # the statement names the English labels that remain, on purpose
            text = visible_text(page, '[data-testid="stSidebar"]')
        if english := english_in(text):
            found[app_page.name] = english
    # an option list, and one that matches nothing
    open_app(page, app_url + "/")
    open_sidebar_multiselect(page, "Priorität")
    listbox = page.get_by_role("listbox").first
    expect(listbox).to_contain_text("0")
    assert accessible_names(page, "option")[:2] == ["0", "1"]  # no "Select all": nothing chosen means "alle"
    found["option list"] = english_in(visible_text(page, '[role="listbox"]'))
    page.keyboard.type("xyz")
    page.locator('[role="listbox"][data-empty]').wait_for()
    assert "Keine Treffer" in visible_text(page, '[role="listbox"]')
    assert accessible_names(page, "option") == ["Keine Treffer"]
    found["option list without match"] = english_in(visible_text(page, '[role="listbox"]'))
    page.keyboard.press("Escape")
    # the hint under a text field while typing
    open_app(page, app_url + "/hochladen")
    page.get_by_label("Kommentar zur Version (optional)").fill("Stand")
    expect(page.get_by_test_id("InputInstructions")).to_be_visible()
    assert "Eingabetaste zum Übernehmen" in visible_text(page, '[data-testid="InputInstructions"]')
    found["input hint"] = english_in(visible_text(page))
    assert not any(found.values()), {where: words for where, words in found.items() if words}


def test_no_english_name_for_screen_readers_on_any_page(page: Page, app_url: str, tmp_path):
    """With filter values chosen (their chips), the calendar open, a file chosen in the uploader: ui/german.py's
    SCREEN_READER_SCRIPT, put into every page by app.py, leaves no English name or description behind."""
    found: dict[str, list[str]] = {}
    for app_page in dashboard_pages():
        open_app(page, app_url + app_page.path + "?prio=0&status=teilweise+umgesetzt")
        open_expanders(page)
        assert page.evaluate("document.documentElement.lang") == "de"
        found[app_page.name] = english_names(page)
    open_app(page, app_url + "/?prio=0")
    names = accessible_names(page, "button")
    assert {"0 entfernen", "Alle entfernen", "Liste öffnen", "Datum wählen", "Hilfe zu Amt"} <= set(names), names
    page.get_by_test_id("stDateInputCalendarButton").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert "Voriger Monat" in accessible_names(page, "button")
    found["calendar"] = english_names(page)
    page.keyboard.press("Escape")
    open_app(page, app_url + "/hochladen")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploader").get_by_role("button", name="Datei auswählen").click()
    chooser.value.set_files(Book().measures([("0.01", "Poststelle", 0, "10")]).save(tmp_path / "neu.xlsx"))
    expect(page.get_by_role("button", name="neu.xlsx entfernen")).to_be_visible()
    found["uploader with a file"] = english_names(page)
    assert not any(found.values()), {where: names for where, names in found.items() if names}


def test_uploader_is_german_for_eyes_and_screen_readers(page: Page, app_url: str, tmp_path):
    open_app(page, app_url + "/hochladen")
    uploader = page.get_by_test_id("stFileUploader")
    text = visible_text(page, '[data-testid="stFileUploader"]')
    assert "Datei auswählen" in text
    limit = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]["maxUploadSize"]
    assert f"höchstens {limit} MB je Datei · .xlsx oder .ods" in text
    assert english_in(text) == []
    names = accessible_names(page, "button")
    assert "Datei auswählen" in names and not [n for n in names if "Upload" in n], names
    assert "file upload" not in names, names

    path = Book().measures([("0.01", "Virtuelle Poststelle", 0, "10")]).save(tmp_path / "neu.xlsx")
    with page.expect_file_chooser() as chooser:
        uploader.get_by_role("button", name="Datei auswählen").click()
    chooser.value.set_files(path)
    expect(uploader.get_by_test_id("stFileChipName")).to_have_text("neu.xlsx")
    wait_until_rendered(page)
    text = visible_text(page, '[data-testid="stFileUploader"]')
    assert "neu.xlsx" in text and "KB" not in text  # the size reads "0.4KB": hidden
    assert english_in(text) == []
    assert "Add files" not in accessible_names(page, "button")


# A register worked out by hand (Stand 17.09.2019): 0.01 done by its column Status; 3.01 planned from 03.2020 for
# 18 months, i.e. until 09.2021, with 2.580.000 € and 12,5 person-days; 617 of 1.234 workplaces. Both led by office
# 10, which so has 1 of 2 measures done: 50 %. 0.01 has no deadline: priority 0 is due on 31.12.2019.
HEADER = ("Nr", "Maßnahme", "Priorität", "Federführung", "Frist", "Status", "Arbeitsplätze gesamt",
          "Arbeitsplätze ausgerollt", "Personentage", "Budget (EUR)", "Beginn", "Dauer (Monate)")
ROWS = [("0.01", "Virtuelle Poststelle", 0, "10", None, "umgesetzt", None, None, None, None, None, None),
        ("3.01", "Digitaler Bauantrag", 3, "10", "31.12.2021", None, 1234, 617, 12.5, 2580000, "03.2020", 18)]


def drawn_cells(page: Page) -> set[str]:
    open_expanders(page)
    page.wait_for_function("() => window.__drawn.length > 0")
    return {" ".join(t.replace("\u00a0", " ").replace("\u202f", " ").split()) for t in page.evaluate("window.__drawn")}


def test_table_cells_are_drawn_in_german_formats(page: Page, fresh_app: Server):
    book = Book().measures(ROWS, header=HEADER, title=["Stand: 17.09.2019"]).offices()
    Store(fresh_app.db).add(book.to_bytes(), "zahlen.xlsx")
    page.add_init_script(RECORD_CANVAS_TEXT)

    open_app(page, fresh_app.url + "/planung")
    cells = drawn_cells(page)
    assert {"2.580.000 €", "12,5", "18", "03.2020", "09.2021"} <= cells, sorted(cells)
    assert not {"2580000", "2580000 €", "12.5", "None"} & cells

    page.set_viewport_size({"width": 3000, "height": 900})  # the grid draws only the columns in view: all 23
    open_app(page, fresh_app.url + "/daten")
    cells = drawn_cells(page)
    assert {"1.234", "617", "31.12.2019", "31.12.2021"} <= cells, sorted(cells)
    assert not {"1234", "2019-12-31", "None"} & cells

    open_app(page, fresh_app.url + "/aemter")
    cells = drawn_cells(page)
    assert "50 %" in cells, sorted(cells)
    assert "0.5" not in cells
