"""German in place of Streamlit's own English texts: CSS that hides them and writes German instead, and the file
uploader with German texts.

Streamlit has no setting for the language of its widgets. What CSS can do: hide an English text node's element
(`display: none` also takes it out of the accessibility tree) and show German as generated content (`::after`,
which Chromium and Firefox take into an element's accessible name). The uploader's button keeps its English word
at font size 0: axe-core does not count generated content, and a button without text in the DOM fails its
`button-name` rule; screen readers hear "Datei auswählen Upload". What CSS cannot change are `aria-label`
attributes, e.g. "Remove datei.xlsx" on the uploader's delete button; those are listed in the
Erklärung zur Barrierefreiheit. tests/e2e/test_german.py fails when an upgrade of Streamlit brings English back.
"""

from __future__ import annotations

import streamlit as st

_UPLOADER = '[data-testid="stFileUploader"]'
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'

# Everywhere: the element toolbar of tables and charts (Show/hide columns, Download as CSV, Search, Fullscreen)
# has English tooltips and names; tables under the charts and the downloads of the page Daten give the same data.
# Heading anchors ("Link to heading") go too. The skip link, the input hint and the empty option list ("No results")
# keep working, in German; the filters have no "Select all" (ui/frame.py).
_EVERYWHERE = """
[data-testid="stElementToolbar"], [data-testid="stHeaderActionElements"] { display: none !important; }
a[data-testid="stSkipToContent"] { font-size: 0; }
a[data-testid="stSkipToContent"]::after { content: "Zum Inhalt springen"; font-size: 1rem; }
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
{scope} {_DROPZONE} button [data-testid="stMarkdownContainer"] {{ font-size: 0; }}
{scope} {_DROPZONE} button [data-has-shortcut]::before {{ content: "Datei auswählen"; order: 1; }}
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
