"""What the page Hochladen tells the uploader: a file too large for the limit, what was stored and what is current."""

from __future__ import annotations

import math

from lib.presenting.fmt import de_number
from lib.storing.storage import Added, Version

# The unit of the label „höchstens 50 MB“: a million bytes, as Streamlit's uploader counts a megabyte in the
# browser (on Linux and macOS; on Windows it counts 1,048,576). Our own check uses the same unit, so a
# file the label allows is never refused by our code, and what it refuses is told in that unit.
MB = 1_000_000


def too_large(size: int, limit_mb: int) -> str | None:
    """The German refusal for a file larger than the limit, else None."""
    if size <= limit_mb * MB:
        return None
    shown = math.ceil(size / MB * 10) / 10  # rounded up: never "50,0 MB" for a file above 50 MB
    return f"Die Datei ist {de_number(shown, 1)} MB groß; erlaubt sind höchstens {limit_mb} MB (1 MB = 1.000.000 Byte). Nicht gespeichert."


def upload_notice(added: Added, current: Version | None, register: str | None = None) -> str:
    """What the upload stored, and the truth about which version is current: another upload may have been
    stored between this one and the look at the newest version. `register` names the register's title
    where an installation holds several."""
    version = added.version
    where = f" im Register „{register}“" if register else ""
    if added.created:
        text = f"Gespeichert als Version {version.number}{where}"
        if added.measures is not None:
            text += f" ({de_number(added.measures)} Maßnahmen)"
    else:
        text = f"Diese Datei ist bereits als Version {version.number}{where} gespeichert"
    if current is None or current.number == version.number:
        text += " – sie wird jetzt angezeigt." if added.created else "; sie wird jetzt angezeigt."
    else:
        by = f" von {current.uploader}" if current.uploader else ""
        text += (f". Aktuell ist aber Version {current.number}{by}, gespeichert um "
                 f"{current.uploaded_local:%H:%M} Uhr am {current.uploaded_local:%d.%m.%Y}; angezeigt wird "
                 f"jetzt Version {version.number}, die aktuelle ist in der Seitenleiste wählbar.")
    if added.warnings:
        text += f" {len(added.warnings)} Hinweise: " + " · ".join(p.text() for p in added.warnings[:5])
    return text
