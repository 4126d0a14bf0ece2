"""The contract's words: how names and cell words are folded, the rollout vocabulary, Excel's error values.

Kept apart from `lib.reading.contract` because the cell readers (`lib.reading.cells`) need these words and the
contract's column kinds need the cell readers; this module imports nothing of ours.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES_DOTS = re.compile(r"[\s.]+")


@lru_cache(maxsize=8192)  # header rows and office names are folded again and again
def fold_name(text: str) -> str:
    """Fold a sheet name or header: case, whitespace, punctuation and umlaut spelling ignored."""
    return _NON_ALNUM.sub("", str(text).casefold().translate(_UMLAUTS))


@lru_cache(maxsize=8192)
def fold_word(text: str) -> str:
    """Fold a cell word: case, spaces, dots and umlauts ignored, symbols such as '-' kept."""
    return _SPACES_DOTS.sub("", str(text).casefold().translate(_UMLAUTS))


class Rollout(Enum):
    """State of one measure in one office (or one application there)."""

    DONE = "umgesetzt"
    PARTIAL = "teilweise"
    OPEN = "offen"
    NOT_RELEVANT = "n. r."


ROLLOUT_STATES = [state.value for state in Rollout]

ROLLOUT_WORDS: dict[Rollout, tuple[str, ...]] = {
    Rollout.DONE: ("umgesetzt", "x", "ja", "✓", "✔", "erledigt", "ausgerollt", "fertig"),
    Rollout.PARTIAL: ("teilweise", "teilw.", "in Arbeit", "begonnen", "läuft"),
    Rollout.OPEN: ("", "offen", "nein", "nicht begonnen"),
    Rollout.NOT_RELEVANT: ("-", "–", "n. r.", "n.r.", "entfällt", "nicht relevant"),
}

WORD_TO_ROLLOUT: dict[str, Rollout] = {
    fold_word(word): state for state, words in ROLLOUT_WORDS.items() for word in words
}


def accepted_words(*states: Rollout) -> str:
    """The accepted cell words for the given states, for error messages."""
    words = [w for s in states for w in ROLLOUT_WORDS[s] if w]
    return ", ".join(f"„{w}“" for w in words) + ", leer"


# A rollout matrix column belongs to an office when its header starts with the office number.
OFFICE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)(?=\D|$)")

# The error values a cell can hold (typically a formula's cached result). A text cell spelled
# exactly like one counts as that error: the readers hand the newer ones (#SPILL!, #CALC!, …) over
# as text, and no register value is spelled that way.
EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA")
MAX_CELL_TEXT = 32_767  # characters Excel keeps in one cell
