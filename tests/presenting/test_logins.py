"""The caption under the login audit log on Änderungen: how long entries are kept, in German."""

from __future__ import annotations

import pytest

from lib.presenting.logins import retention_sentence


@pytest.mark.parametrize(("days", "sentence"), [
    (90, "Anmeldeversuche werden 90 Tage aufbewahrt."),
    (1, "Anmeldeversuche werden 1 Tag aufbewahrt."),
    (3650, "Anmeldeversuche werden 3650 Tage aufbewahrt."),
    (0, "Anmeldeversuche werden gut 8 Stunden aufbewahrt, so lange, wie die Sperre nach falschen Passwörtern "
        "und das Abmelden sie brauchen."),
])
def test_the_caption_says_how_long_attempts_are_kept(days, sentence):
    assert retention_sentence(days) == sentence
