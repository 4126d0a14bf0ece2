"""Whether the secrets files (`.streamlit/secrets.toml`) can be read at all, in German.

Streamlit treats a secrets file it cannot parse like a missing one, and a missing [access] table means
open mode: one typo would let everyone edit. So the app asks here first and shows nothing but this message
while a file is unreadable (fail closed).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")


def unreadable_secrets(paths: Iterable[str]) -> str | None:
    """The German message for the first existing secrets file that cannot be read as TOML, else None.

    Paths that do not exist are fine (no settings); directories are Streamlit's folder-style secrets and
    left to Streamlit.
    """
    for name in paths:
        path = Path(name).expanduser()
        if path.suffix != ".toml" or not path.exists() or path.is_dir():
            continue
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            return f"{_lead(path)}: Sie ist nicht als UTF-8 gespeichert. Bitte als UTF-8 speichern."
        except OSError as exc:
            return f"{_lead(path)}: {exc.strerror or 'Lesefehler'}. Bitte dem Dienst Leserechte geben."
        except tomllib.TOMLDecodeError as exc:
            found = _POSITION.search(str(exc))
            where = f"Zeile {found['line']}, Spalte {found['column']}" if found else "eine Stelle"
            return (f"{_lead(path)}: {where} ist kein gültiges TOML (etwa ein fehlendes Anführungszeichen, "
                    "„=“ oder „]“). Bitte die Datei korrigieren.")
    return None


def _lead(path: Path) -> str:
    return f"Die Einstellungen können nicht gelesen werden, deshalb zeigt das Cockpit nichts an. Datei „{path}“"
