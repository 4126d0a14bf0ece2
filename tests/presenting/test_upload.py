"""What Hochladen tells the uploader: sizes in the label's unit, and which version is current after the upload."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.presenting.upload import too_large, upload_notice
from lib.storing.storage import Added, Version


@pytest.mark.parametrize(("size", "limit", "message"), [
    (50_000_000, 50, None),  # exactly what the label allows
    (49 * 1024 * 1024, 50, "Die Datei ist 51,4 MB groß; erlaubt sind höchstens 50 MB (1 MB = 1.000.000 Byte). "
                           "Nicht gespeichert."),  # 49 MiB are 51,380,224 bytes
    (50_000_001, 50, "Die Datei ist 50,1 MB groß; erlaubt sind höchstens 50 MB (1 MB = 1.000.000 Byte). "
                     "Nicht gespeichert."),  # rounded up, never "50,0 MB groß"
    (1_234_567_890, 25, "Die Datei ist 1.234,6 MB groß; erlaubt sind höchstens 25 MB (1 MB = 1.000.000 Byte). "
                        "Nicht gespeichert."),
])
def test_too_large_in_the_labels_unit(size, limit, message):
    assert too_large(size, limit) == message


def version(number: int, uploader: str = "", at: dt.datetime = dt.datetime(2026, 12, 2, 9, 5, tzinfo=dt.UTC)) -> Version:
    return Version(number, "0" * 64, 10, f"v{number}.xlsx", at, "", None, uploader, None)


def test_notice_when_the_upload_is_current():
    assert upload_notice(Added(version(3), True, measures=1234), version(3)) == \
        "Gespeichert als Version 3 (1.234 Maßnahmen) – sie wird jetzt angezeigt."
    assert upload_notice(Added(version(2), False), version(2)) == \
        "Diese Datei ist bereits als Version 2 gespeichert; sie wird jetzt angezeigt."


def test_notice_when_another_upload_became_current_meanwhile():
    later = version(4, "kollegin", dt.datetime(2026, 12, 2, 9, 6, tzinfo=dt.UTC))
    local = later.uploaded_local
    assert upload_notice(Added(version(3), True, measures=2), later) == (
        f"Gespeichert als Version 3 (2 Maßnahmen). Aktuell ist aber Version 4 von kollegin, gespeichert um "
        f"{local:%H:%M} Uhr am {local:%d.%m.%Y}; angezeigt wird jetzt Version 3, die aktuelle ist in der "
        "Seitenleiste wählbar.")
