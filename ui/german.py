"""German in place of Streamlit's own English texts: CSS that hides them and writes German instead, the file
uploader with German texts, and a script that translates the English names screen readers hear.

Streamlit has no setting for the language of its widgets. What CSS can do: hide an English text node's element
(`display: none` also takes it out of the accessibility tree) and show German as generated content (`::after`,
which Chromium and Firefox take into an element's accessible name). What CSS cannot change are attributes
(`aria-label="Remove 0"` on a chosen filter value, "Choose date" on the calendar button) and text that is part
of a name (the uploader button's "Upload"): `SCREEN_READER_SCRIPT`, which app.py puts into the head of every page,
rewrites exactly those, each rule bound to the Streamlit element it belongs to, so that a measure called "Open"
stays "Open". tests/e2e/test_german.py fails when an upgrade of Streamlit brings English back.
"""

from __future__ import annotations

import json

import streamlit as st

_UPLOADER = '[data-testid="stFileUploader"]'
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'

# Everywhere: the element toolbar of tables and charts (Show/hide columns, Download as CSV, Search, Fullscreen)
# has English tooltips and names; tables under the charts and the downloads of the page Daten give the same data.
# Heading anchors ("Link to heading") go too. The skip link, the input hint and the empty option list ("No results")
# keep working, in German; the filters have no "Select all" (ui/frame.py).
_EVERYWHERE = """
[data-testid="stElementToolbar"], [data-testid="stHeaderActionElements"] { display: none !important; }
[data-testid="InputInstructions"] { font-size: 0; }
[data-testid="InputInstructions"]::after { content: "Eingabetaste zum Übernehmen"; font-size: 0.75rem; }
[data-testid="stForm"] [data-testid="InputInstructions"]::after { content: "Eingabetaste zum Absenden"; }
[role="listbox"][data-empty] [role="option"] > span { display: none; }
[role="listbox"][data-empty] [role="option"]::after { content: "Keine Treffer"; }
"""


def german_texts() -> None:
    """The CSS for every page (sent as a style-only element: it takes no room)."""
    st.html(f"<style>{_EVERYWHERE}</style>")


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_css(key: str, instructions: str) -> str:
    """German texts for the uploader with this key: its button, the line under it, the drop hint, errors."""
    scope = f".st-key-{key} {_UPLOADER}"
    return f"""
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: {_css_text(instructions)}; }}
{scope} {_DROPZONE} > div:not([data-testid]) > div:not([data-testid]) {{ visibility: hidden; }}
{scope} {_DROPZONE} > div:not([data-testid]) > div:not([data-testid])::after {{
    content: "Datei hier ablegen"; visibility: visible; }}
{scope} [data-testid="stFileChip"] [role="alert"] {{ visibility: hidden; }}
{scope} [data-testid="stFileChip"] [role="alert"]::after {{
    content: "Nicht angenommen: erlaubt ist eine Datei der genannten Art und Größe."; visibility: visible; }}
{scope} [data-testid="stFileChips"] > button {{ display: none; }}
{scope} [data-testid="stFileChip"] [data-testid="stFileChipName"] + div {{ display: none; }}
{scope} [data-testid="stFileUploaderDropzoneInput"] {{ display: none !important; }}
"""


def file_uploader(label: str, types: list[str], max_mb: int, key: str):
    """`st.file_uploader` for one file, in German: "Datei auswählen" and "höchstens 50 MB · .xlsx oder .ods".

    Hidden as well: the "Add files" button beside a chosen file (removing the file shows "Datei auswählen"
    again), the file's size ("14.7KB") and the file input named "file upload" (the button opens the dialog).
    """
    kinds = " oder ".join(f".{t}" for t in types)
    st.html(f"<style>{uploader_css(key, f'höchstens {max_mb} MB je Datei · {kinds}')}</style>")
    return st.file_uploader(label, type=types, key=key)


# (CSS selector of Streamlit's element, attribute or "text" for its own text, English as a whole-string JavaScript
# pattern, German: $1 is group 1, $D1 group 1 read as an English date and written as 17.09.2019).
SCREEN_READER_TEXTS: tuple[tuple[str, str, str, str], ...] = (
    ("button", "aria-label", "Remove (.+)", "$1 entfernen"),
    ("button", "aria-label", "Clear all", "Alle entfernen"),
    ('[aria-haspopup="listbox"]', "aria-label", "Open", "Liste öffnen"),
    ('[aria-haspopup="listbox"]', "aria-label", "Close", "Liste schließen"),
    ('[role="group"]', "aria-label", "Selected values", "Gewählte Werte"),
    ('[data-testid="stDateInputCalendarButton"]', "aria-label", "Choose date", "Datum wählen"),
    ('[role="dialog"]', "aria-label", "Choose date", "Kalender"),
    ('[role="application"], [role="dialog"], [role="grid"]', "aria-label", "Choose date, (.+)", "Kalender, $1"),
    ('[role="dialog"] *', "text", "Choose date, (.+)", "Kalender, $1"),
    ("button", "aria-label", "Previous month", "Voriger Monat"),
    ("button", "aria-label", "Next month", "Nächster Monat"),
    ('[role="spinbutton"]', "aria-label", "day, (.+)", "Tag, $1"),
    ('[role="spinbutton"]', "aria-label", "month, (.+)", "Monat, $1"),
    ('[role="spinbutton"]', "aria-label", "year, (.+)", "Jahr, $1"),
    ('[id^="react-aria-description"]', "text", "Selected Date: (.+)", "Gewähltes Datum: $D1"),
    ('[role="dialog"] *', "text", "Use arrow keys to navigate dates. Enter to select. "
     "Escape to close.", "Mit den Pfeiltasten durch die Tage, Eingabetaste wählt, Escape schließt."),
    ("button", "aria-label", "Help for (.+)", "Hilfe zu $1"),
    ('[data-testid="stNumberInputStepUp"]', "aria-label", "Increment", "Erhöhen"),
    ('[data-testid="stNumberInputStepDown"]', "aria-label", "Decrement", "Verringern"),
    ("button", "aria-label", "Collapse sidebar", "Seitenleiste einklappen"),
    ("button", "aria-label", "Expand sidebar", "Seitenleiste ausklappen"),
    ('[data-testid="stSidebar"]', "aria-label", "Sidebar", "Seitenleiste"),
    ('[data-testid="stSidebarNav"]', "aria-label", "App pages", "Seiten"),
    ('a[data-testid="stSkipToContent"]', "text", "Skip to main content", "Zum Inhalt springen"),
    ('a[data-testid="stSkipToContent"]', "aria-label", "Skip to main content", "Zum Inhalt springen"),
    (f"{_DROPZONE} button *", "text", "Upload", "Datei auswählen"),
    ('[data-testid="stFileUploaderDropzoneInput"]', "aria-label", "file upload", "Datei hochladen"),
    ('[data-testid="stFileChip"]', "aria-label", r"(.+), (\d+)\.(\d+)(B|KB|MB|GB)", "$1, $2,$3 $4"),
    ('[data-testid="stFileChip"]', "aria-label", r"(.+), (\d+)(B|KB|MB|GB)", "$1, $2 $3"),
    ("button", "aria-label", "Add files", "Weitere Datei hinzufügen"),
    ("a", "aria-label", "Link to heading", "Link zu dieser Überschrift"),
)

# Runs once per browser tab, before Streamlit draws: every element added or changed later is translated as it comes
# (a rewritten text reads German, so it matches no rule again and the observer settles).
_SCRIPT = r"""(() => {
  const rules = RULES.map(([selector, where, english, german]) => ({selector, where, english: new RegExp("^" + english + "$"), german}));
  const attributes = [...new Set(rules.filter(r => r.where !== "text").map(r => r.where))];
  const texts = rules.filter(r => r.where === "text");
  const date = english => {
    const day = new Date(english);
    return isNaN(day) ? english : day.toLocaleDateString("de-DE", {day: "2-digit", month: "2-digit", year: "numeric"});
  };
  const translated = (el, value, where) => {
    for (const rule of rules) {
      if (rule.where === where && rule.english.test(value) && el.matches(rule.selector)) {
        return value.replace(rule.english, (...groups) =>
          rule.german.replace(/\$(D?)(\d)/g, (_, asDate, i) => asDate ? date(groups[i]) : groups[i]));
      }
    }
    return null;
  };
  const element = el => {
    for (const name of attributes) {
      const value = el.getAttribute(name);
      const german = value && translated(el, value, name);
      if (german) el.setAttribute(name, german);
    }
  };
  const text = node => {
    const value = node.nodeValue.trim();
    const german = value && node.parentElement && translated(node.parentElement, value, "text");
    if (german) node.nodeValue = german;
  };
  const tree = root => {
    if (root.nodeType === Node.TEXT_NODE) return text(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    element(root);
    root.querySelectorAll(attributes.map(name => "[" + name + "]").join(",")).forEach(element);
    if (texts.some(rule => root.matches(rule.selector) || root.querySelector(rule.selector))) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) text(walker.currentNode);
    }
  };
  new MutationObserver(changes => {
    for (const change of changes) {
      if (change.type === "attributes") element(change.target);
      else if (change.type === "characterData") text(change.target);
      else change.addedNodes.forEach(tree);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true,
                                        attributeFilter: attributes});
})();"""
SCREEN_READER_SCRIPT = _SCRIPT.replace("RULES", json.dumps(SCREEN_READER_TEXTS, ensure_ascii=False))
