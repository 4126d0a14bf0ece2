"""Backups of the version store: every version's original bytes and metadata in one zip, and loading one back.

A backup is a zip holding `manifest.json` (per version: register, number, sha256, size, file name, Stand,
who uploaded it and when, comment, restored-from; the registers' titles; the login audit log) and each
distinct workbook once under `originals/`. A manifest of format 1 (before several registers) holds the
default register's versions only and no logins; it still loads.
It is how a city moves from the embedded SQLite to its PostgreSQL: `backup` from one store, `load-backup`
into an empty other, numbers, dates, comments and uploaders unchanged. A backup is checked as a whole
before anything is written: one byte that does not match the manifest and nothing is loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lib.storing.audit import StoreLoginLog
from lib.storing.storage import (
    DEFAULT_REGISTER,
    MAX_TITLE,
    REGISTER_NAME,
    Store,
    Version,
    not_empty_message,
)

FORMAT = "massnahmen-cockpit-sicherung"
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
LOGIN_KEYS = ("at", "user_key", "user_name", "client", "succeeded")
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 << 20
CHUNK = 64  # versions whose bytes are fetched in one query while writing
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BackupError(Exception):
    """The backup cannot be written or loaded; the message is German and says what is wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Backup:
    """What a backup holds: its versions (checked against the bytes) and where it lies."""

    path: Path
    versions: tuple[Version, ...]  # by register, then number
    files: int  # distinct workbooks
    size: int  # bytes of all distinct workbooks
    titles: tuple[tuple[str, str], ...] = ()  # (register, title)
    logins: tuple[tuple, ...] = ()  # rows of the login audit log, as LOGIN_KEYS

    @property
    def registers(self) -> list[str]:
        return sorted({v.register for v in self.versions} | {name for name, _ in self.titles})


def _member(version: Version) -> str:
    suffix = PurePosixPath(version.file_name).suffix.lower()
    return f"originals/{version.sha256}{suffix if suffix in ('.xlsx', '.ods') else ''}"


def _entry(version: Version) -> dict:
    return {
        "register": version.register, "number": version.number, "sha256": version.sha256, "size": version.size, "file_name": version.file_name,
        "stand": version.stand.isoformat() if version.stand else None,
        "uploaded_at": version.uploaded_at.isoformat(), "uploader": version.uploader, "comment": version.comment,
        "restored_from": version.restored_from, "file": _member(version),
    }


def write_backup(store: Store, out: str | os.PathLike, now: dt.datetime | None = None) -> Backup:
    """Write every version of `store` into the zip `out`; a half-written file never takes its name.

    Versions are append-only, so the list read first stays true while the bytes are fetched; one
    uploaded meanwhile belongs to the next backup.
    """
    target = Path(out)
    versions = store.all_versions()
    titles = tuple((info.name, info.title) for info in store.registers())
    logins = tuple(StoreLoginLog(store).rows())
    written: set[str] = set()
    size = 0
    try:
        handle, temporary = tempfile.mkstemp(prefix=".sicherung-", suffix=".zip", dir=target.parent)
    except OSError as exc:
        raise BackupError(f"„{target}“ kann nicht geschrieben werden ({exc.strerror}).") from None
    try:
        with os.fdopen(handle, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            for start in range(0, len(versions), CHUNK):
                chunk = [v for v in versions[start:start + CHUNK] if _member(v) not in written]
                data = store.blobs([v.sha256 for v in chunk])
                for version in chunk:
                    if _member(version) in written:  # a restored version within the same chunk
                        continue
                    # Workbooks are zips already: stored as they are, byte for byte.
                    archive.writestr(_member(version), data[version.sha256], zipfile.ZIP_STORED)
                    written.add(_member(version))
                    size += version.size
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "schema": store.schema_version(),
                "written_at": (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(),
                "registers": [{"name": name, "title": title} for name, title in titles],
                "versions": [_entry(v) for v in versions],
                "logins": [{**dict(zip(LOGIN_KEYS, row, strict=True)), "succeeded": bool(row[4])} for row in logins],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2), zipfile.ZIP_DEFLATED)
        os.replace(temporary, target)
    except OSError as exc:
        raise BackupError(f"„{target}“ kann nicht geschrieben werden ({exc.strerror}).") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Backup(target, tuple(versions), len(written), size, titles, logins)


def _version(entry: object, index: int, earlier: dict[str, set[int]], problems: list[str]) -> Version | None:
    """One manifest entry as a Version, or None with the reasons appended to `problems`; `earlier` holds the
    numbers seen so far per register."""
    where = f"Eintrag {index + 1} des Manifests"
    if not isinstance(entry, dict):
        problems.append(f"{where}: kein Objekt")
        return None
    wrong = [key for key, kind in (("number", int), ("sha256", str), ("size", int), ("file_name", str),
                                   ("uploaded_at", str), ("uploader", str), ("comment", str), ("file", str),
                                   ("register", str))
             if (key != "register" or key in entry)
             and (not isinstance(entry.get(key), kind) or isinstance(entry.get(key), bool))]
    if wrong:
        problems.append(f"{where}: {', '.join(wrong)} fehlt oder hat die falsche Art")
        return None
    register = entry.get("register", DEFAULT_REGISTER)
    if not REGISTER_NAME.match(register):
        problems.append(f"{where}: „{register}“ ist kein gültiger Registername")
        return None
    number = entry["number"]
    where = f"Version {number}" if register == DEFAULT_REGISTER else f"Version {number} des Registers „{register}“"
    try:
        uploaded = dt.datetime.fromisoformat(entry["uploaded_at"])
        stand = dt.date.fromisoformat(entry["stand"]) if entry.get("stand") is not None else None
    except (TypeError, ValueError):
        problems.append(f"{where}: uploaded_at oder stand ist kein Datum im ISO-Format")
        return None
    if uploaded.tzinfo is None:
        problems.append(f"{where}: uploaded_at ohne Zeitzone")
        return None
    restored = entry.get("restored_from")
    seen = earlier.setdefault(register, set())
    if number != len(seen) + 1:  # as every store numbers them: newest number = count, per register
        problems.append(f"{where}: die Nummern müssen ab 1 lückenlos aufsteigen (erwartet {len(seen) + 1})")
    elif restored is not None and (not isinstance(restored, int) or restored not in seen):
        problems.append(f"{where}: restored_from nennt keine frühere Version")
    elif not _SHA256.match(entry["sha256"]):
        problems.append(f"{where}: sha256 ist keine Prüfsumme aus 64 Hexziffern")
    else:
        version = Version(number, entry["sha256"], entry["size"], entry["file_name"], uploaded.astimezone(dt.UTC),
                          entry["comment"], stand, entry["uploader"], restored, register)
        if entry["file"] == _member(version):
            seen.add(number)
            return version
        problems.append(f"{where}: file „{entry['file']}“ ist nicht der Platz ihrer Datei in der Sicherung")
    return None


def _titles(manifest: dict, problems: list[str]) -> tuple[tuple[str, str], ...]:
    titles = []
    for index, entry in enumerate(manifest.get("registers", [])):
        if (not isinstance(entry, dict) or not isinstance(entry.get("name"), str)
                or not REGISTER_NAME.match(entry["name"]) or not isinstance(entry.get("title"), str)
                or not 0 < len(entry["title"].strip()) <= MAX_TITLE):
            problems.append(f"Register {index + 1} des Manifests: name oder title fehlt oder ist ungültig")
        else:
            titles.append((entry["name"], entry["title"]))
    return tuple(titles)


def _logins(manifest: dict, problems: list[str]) -> tuple[tuple, ...]:
    rows = []
    kinds = (str, str, str, str, bool)
    for index, entry in enumerate(manifest.get("logins", [])):
        values = tuple(entry.get(key) for key in LOGIN_KEYS) if isinstance(entry, dict) else ()
        if len(values) != len(LOGIN_KEYS) or not all(isinstance(v, k) for v, k in zip(values, kinds, strict=True)):
            problems.append(f"Anmeldung {index + 1} des Manifests: {', '.join(LOGIN_KEYS)} fehlt oder hat die "
                            "falsche Art")
            continue
        try:
            dt.datetime.fromisoformat(values[0])
        except ValueError:
            problems.append(f"Anmeldung {index + 1} des Manifests: at ist kein Zeitpunkt im ISO-Format")
            continue
        rows.append((*values[:4], int(values[4])))
    return tuple(rows)


def read_backup(path: str | os.PathLike) -> Backup:
    """Check a backup as a whole: its manifest, and every file's size and sha256 against it.

    Raises BackupError listing what is wrong (at most ten findings); nothing else is read or written.
    """
    source = Path(path)
    problems: list[str] = []
    try:
        with zipfile.ZipFile(source) as archive:
            members = {info.filename: info for info in archive.infolist()}
            info = members.get(MANIFEST)
            if info is None or info.file_size > MAX_MANIFEST_BYTES:
                raise BackupError(f"„{source}“ ist keine Sicherung des Maßnahmen-Cockpits: {MANIFEST} fehlt.")
            try:
                manifest = json.loads(archive.read(MANIFEST))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise BackupError(f"„{source}“: {MANIFEST} ist kein gültiges JSON.") from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"„{source}“ ist keine Sicherung des Maßnahmen-Cockpits (format fehlt).")
            if (manifest.get("format_version") not in READABLE_FORMATS or not isinstance(manifest.get("versions"), list)
                    or not isinstance(manifest.get("registers", []), list)
                    or not isinstance(manifest.get("logins", []), list)):
                raise BackupError(f"„{source}“ ist eine Sicherung in einem Format, das dieses Programm nicht kennt "
                                  f"(format_version {manifest.get('format_version')!r}). Bitte das Programm "
                                  "aktualisieren.")
            versions: list[Version] = []
            earlier: dict[str, set[int]] = {}
            for index, entry in enumerate(manifest["versions"]):
                version = _version(entry, index, earlier, problems)
                if version is not None:
                    versions.append(version)
            titles = _titles(manifest, problems)
            logins = _logins(manifest, problems)
            expected = {_member(v): v for v in versions}
            for name, version in expected.items():
                info = members.get(name)
                if info is None:
                    problems.append(f"{_named(version)}: die Datei {name} fehlt in der Sicherung")
                elif info.file_size != version.size:
                    problems.append(f"{_named(version)}: {name} hat {info.file_size} Bytes, das Manifest "
                                    f"sagt {version.size}")
                elif _sha256(archive, name) != version.sha256:
                    problems.append(f"{_named(version)}: der Inhalt von {name} passt nicht zu seiner "
                                    "Prüfsumme im Manifest")
            for version in versions:
                if version.size != expected[_member(version)].size:
                    problems.append(f"{_named(version)}: gleiche Datei wie {_named(expected[_member(version)])}, "
                                    "aber andere Größe im Manifest")
            problems += [f"{name}: steht nicht im Manifest" for name in members if name != MANIFEST
                         and name not in expected and not name.endswith("/")]
    except zipfile.BadZipFile:
        raise BackupError(f"„{source}“ ist keine Sicherung: keine ZIP-Datei oder beschädigt.") from None
    except FileNotFoundError:
        raise BackupError(f"Die Datei „{source}“ gibt es nicht.") from None
    except OSError as exc:
        raise BackupError(f"„{source}“ kann nicht gelesen werden ({exc.strerror}).") from None
    if problems:
        shown = "; ".join(problems[:10]) + (f"; und {len(problems) - 10} weitere" if len(problems) > 10 else "")
        raise BackupError(f"Die Sicherung „{source}“ wird nicht geladen, sie passt nicht zu ihrem Manifest "
                          f"({len(problems)} {'Befund' if len(problems) == 1 else 'Befunde'}): {shown}.")
    return Backup(source, tuple(versions), len(expected), sum(v.size for v in expected.values()), titles, logins)


def _named(version: Version) -> str:
    if version.register == DEFAULT_REGISTER:
        return f"Version {version.number}"
    return f"Version {version.number} des Registers „{version.register}“"


def _sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:  # the size was checked: this reads no more than the manifest said
        while block := member.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def load_backup(store: Store, path: str | os.PathLike) -> Backup:
    """Load a checked backup into the empty `store` in one transaction (Store.load refuses a non-empty one
    under its write lock; asked here first so that a full store is said before the backup is read)."""
    if held := sum(store.newest_numbers().values()):  # numbers count each register's versions
        raise BackupError(not_empty_message(store.location, held))
    try:
        backup = read_backup(path)
    except BackupError as exc:
        raise BackupError(f"{exc.message} Nichts wurde geladen.") from None

    def history() -> Iterator[tuple[Version, bytes]]:
        with zipfile.ZipFile(backup.path) as archive:
            for version in backup.versions:
                yield version, archive.read(_member(version))

    store.load(history(), dict(backup.titles), backup.logins)
    return backup
