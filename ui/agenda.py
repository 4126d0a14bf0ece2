"""Drawing the meeting's agenda: cards per topic, and the presentation with one item per screen for the projector.

The presentation's state is in the URL (`?modus=praesentation&punkt=3`), so a copied link or a reload
shows the same item; its buttons change the URL, the arrow keys press them.
"""

from __future__ import annotations

import streamlit as st

from lib.presenting.agenda import Agenda, AgendaItem, Topic
from lib.presenting.text import md_escape
from ui.state import Key

PRESENTATION = "praesentation"
CARD_COLUMNS = 3
# Scoped to the presentation's container: body text 32 px (≥ 28 px readable from the back of the room at
# 1280 × 720), and less empty space above it so one item fits on the screen.
_PRESENTATION_CSS = """<style>
.st-key-praesentation p, .st-key-praesentation li { font-size: 32px; line-height: 1.35; }
.st-key-praesentation h1 { font-size: 48px; line-height: 1.2; padding-top: 0; }
.st-key-praesentation button p { font-size: 28px; }
[data-testid="stMainBlockContainer"] { padding-top: 4.5rem; }
</style>"""


def presenting() -> bool:
    return st.query_params.get(Key.MEETING_MODE) == PRESENTATION


def item_number(text: str | None, count: int) -> int:
    """The 1-based item from the URL, kept within 1 … count; anything else is the first item."""
    number = int(text) if text and text.isdigit() else 1
    return min(max(number, 1), max(count, 1))


def _show(number: int) -> None:
    st.query_params[Key.MEETING_MODE] = PRESENTATION
    st.query_params[Key.MEETING_ITEM] = str(number)


def _leave() -> None:
    for key in (Key.MEETING_MODE, Key.MEETING_ITEM):
        st.query_params.pop(key, None)


def start_button(agenda: Agenda) -> None:
    st.button("Präsentation starten", on_click=_show, args=(1,), icon=":material/slideshow:", key="start_presentation",
              disabled=not agenda.items, help="Ein Tagesordnungspunkt je Bildschirm, weiter mit den Pfeiltasten")


def _name(item: AgendaItem) -> str:
    """The measure's Nr as a link to its page (a removed measure has none), then its title; all register text escaped."""
    nr = f"[{md_escape(item.id)}]({item.link})" if item.link else md_escape(item.id)
    return f"{nr} {md_escape(item.title)}"


def cards(agenda: Agenda) -> None:
    """Each topic's heading, then its measures as short cards in a grid."""
    for topic in Topic:
        st.header(agenda.heading(topic))
        items = agenda.of(topic)
        if topic is Topic.CHANGED and not agenda.compared:
            st.caption("Zum Vergleichen braucht es zwei gespeicherte Versionen. "
                       "Neue Stände des Registers unter »Hochladen« speichern.")
            continue
        if not items:
            st.caption("keine")
            continue
        columns = st.columns(CARD_COLUMNS)
        for i, item in enumerate(items):
            with columns[i % CARD_COLUMNS].container(border=True, key=f"card_{topic.value}_{i}"):
                st.markdown(f"**{_name(item)}**")
                st.markdown("  \n".join(md_escape(fact) for fact in item.facts))


def presentation(agenda: Agenda, sample: bool) -> None:
    """One item per screen with its position, the buttons back and forth (← →) and the way out (Esc)."""
    st.html(_PRESENTATION_CSS)
    count = len(agenda.items)
    with st.container(key=PRESENTATION):
        if not count:
            st.title("Keine Tagesordnungspunkte")
            st.markdown("Nichts geändert, nichts überfällig, nichts bald fällig.")
            st.button("Präsentation beenden", on_click=_leave, shortcut="Escape", key="leave_presentation")
            return
        number = item_number(st.query_params.get(Key.MEETING_ITEM), count)
        item = agenda.items[number - 1]
        topic = agenda.heading(item.topic).rsplit(" (", 1)[0]
        mark = " · **Beispieldaten (fiktiv)**" if sample else ""
        st.markdown(f"**{number} von {count}** · {md_escape(topic)}{mark}")
        st.title(f"{md_escape(item.id)} {md_escape(item.title)}", anchor=False)
        st.markdown("\n".join(f"- {md_escape(fact)}" for fact in item.facts))
        if item.link:
            st.markdown(f"[Seite der Maßnahme öffnen]({item.link})")
        back, forward, leave = st.columns(3)
        back.button("Zurück", on_click=_show, args=(number - 1,), shortcut="Left", disabled=number == 1,
                    icon=":material/arrow_back:", key="previous_item", width="stretch")
        forward.button("Weiter", on_click=_show, args=(number + 1,), shortcut="Right", disabled=number == count,
                       icon=":material/arrow_forward:", key="next_item", width="stretch")
        leave.button("Beenden", on_click=_leave, shortcut="Escape", icon=":material/close:",
                     key="leave_presentation", width="stretch")
