"""Command line over the same core as the dashboard: `python -m lib.cli validate|summary|template …`.

Human output is German; `--json` prints exact machine-readable data. Exit codes: 0 fine,
1 the register has errors, 2 the file (or the call) cannot be used at all. Never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from lib.access import hash_password
from lib.deriving.diff import change_table, compare_versions, summary_line
from lib.deriving.filters import Filters, apply_filters
from lib.deriving.history import measure_counts
from lib.deriving.status import derive, resolve_stichtag, summary
from lib.presenting.answer import DEFAULT_INQUIRY, InquiryError, build_answer, load_inquiry, to_markdown
from lib.presenting.answer_docx import to_docx
from lib.presenting.export import measure_table, to_csv, to_xlsx
from lib.presenting.fmt import de_count, de_number
from lib.presenting.report import report_from_store
from lib.presenting.report_docx import to_docx as report_docx
from lib.presenting.template import build_template
from lib.reading import cells
from lib.reading.contract import PRIORITIES, PRIORITY_LABELS, Status
from lib.reading.register import LoadResult, read_register
from lib.storing.backup import BackupError, load_backup, write_backup
from lib.storing.storage import (
    RejectedRegister,
    Store,
    StoreError,
    Version,
    check_register_name,
    default_register,
)

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


class CliError(Exception):
    """A German message and the exit code to leave with."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE) -> None:
        super().__init__(message)
        self.message, self.code = message, code


# argparse's own wording is English; these are the phrases a user of this CLI can meet.
_ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Angaben",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe zeigen und beenden",
    "invalid choice: %(value)r (choose from %(choices)s)": "unbekannter Befehl %(value)r (möglich: %(choices)s)",
    "the following arguments are required: %s": "es fehlt: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "expected one argument": "erwartet genau einen Wert",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
}
argparse._ = lambda text: _ARGPARSE_GERMAN.get(text, text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise CliError(f"Aufruf fehlerhaft: {message}. Hilfe: python -m lib.cli --help")


def _stichtag(text: str) -> dt.date:
    try:
        return cells.read_date(text)
    except cells.CellError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist kein Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT)") from None


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise CliError(f"Die Datei „{path}“ gibt es nicht (oder sie ist ein Ordner).")
    try:
        return file.read_bytes()
    except OSError as exc:
        raise CliError(f"Die Datei „{path}“ kann nicht gelesen werden ({exc.strerror}).") from None


def _read_file(path: str) -> LoadResult:
    return read_register(_read_bytes(path), Path(path).name)


def _problems_json(result: LoadResult) -> dict:
    return {
        "ok": result.ok,
        "errors": [p.as_record() for p in result.errors],
        "warnings": [p.as_record() for p in result.warnings],
    }


def _print_problems(result: LoadResult, out) -> None:
    for problem in (*result.errors, *result.warnings):
        print(f"{problem.severity.label}: {problem.text()}", file=out)


def _exit_code(result: LoadResult) -> int:
    return EXIT_OK if result.ok else EXIT_UNREADABLE if result.unreadable else EXIT_INVALID


def _refuse(result: LoadResult, as_json: bool) -> int:
    """A command that needs a valid register prints the findings and computes nothing."""
    if as_json:
        print(json.dumps(_problems_json(result), ensure_ascii=False, indent=2))
    else:
        _print_problems(result, sys.stderr)
        print(f"Das Register wurde nicht ausgewertet ({len(result.errors)} Fehler).", file=sys.stderr)
    return _exit_code(result)


def cmd_validate(args) -> int:
    result = _read_file(args.file)
    if args.json:
        print(json.dumps(_problems_json(result), ensure_ascii=False, indent=2))
        return _exit_code(result)
    _print_problems(result, sys.stdout)
    if result.ok:
        n = len(result.register.measures)
        print(f"Register gültig: {n} Maßnahmen, {len(result.warnings)} Hinweise.")
    else:
        print(f"Register ungültig: {len(result.errors)} Fehler, {len(result.warnings)} Hinweise.")
    return _exit_code(result)


def cmd_summary(args) -> int:
    result = _read_file(args.file)
    if not result.ok:
        return _refuse(result, args.json)
    register = result.register
    stichtag = resolve_stichtag(args.stichtag, register.stand)
    data = summary(derive(register, stichtag), stichtag)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Stichtag {stichtag:%d.%m.%Y} – {len(data['measures'])} Maßnahmen")
    header = f"{'Priorität':<32}{'gesamt':>7}{'vollst.':>9}{'teilw.':>8}{'offen':>7}{'überfällig':>12}"
    print(header)
    for p in data["priorities"]:
        print(f"{PRIORITY_LABELS[p['priority']]:<32}{p['total']:>7}{p['complete']:>9}{p['partial']:>8}"
              f"{p['not_started']:>7}{p['overdue']:>12}")
    overdue = [m for m in data["measures"] if m["overdue"]]
    if overdue:
        print("\nÜberfällig:")
        for m in overdue:
            print(f"  {m['id']} {m['title']} – {Status(m['status']).label}, Frist "
                  f"{dt.date.fromisoformat(m['deadline']):%d.%m.%Y}")
    return EXIT_OK


def _csv_list(convert: Callable[[str], object], allowed: set | None = None):
    def parse(text: str) -> tuple:
        values = tuple(convert(part.strip()) for part in text.split(",") if part.strip())
        if allowed is not None and not set(values) <= allowed:
            raise argparse.ArgumentTypeError(f"„{text}“ enthält unbekannte Werte (erlaubt: {', '.join(map(str, sorted(allowed)))})")
        return values
    return parse


def _priority_list(text: str) -> tuple[int, ...]:
    try:
        return _csv_list(int, set(PRIORITIES))(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Liste von Prioritäten wie 0,1,2") from None


def cmd_export(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise CliError(f"„{args.out}“: die Zieldatei muss auf .xlsx oder .csv enden.")
    result = _read_file(args.file)
    if not result.ok:
        return _refuse(result, as_json=False)
    register = result.register
    stichtag = resolve_stichtag(args.stichtag, register.stand)
    filters = Filters(priorities=args.priority, offices=args.office, departments=args.dezernat,
                      statuses=args.status, overdue_only=args.overdue)
    rows = measure_table(apply_filters(derive(register, stichtag), filters, register.offices), register)
    _write(args.out, to_xlsx(rows) if out.suffix.lower() == ".xlsx" else to_csv(rows))
    print(f"{len(rows)} Maßnahmen exportiert nach {args.out} (Stichtag {stichtag:%d.%m.%Y}).")
    return EXIT_OK


def cmd_answer(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".docx", ".md"):
        raise CliError(f"„{args.out}“: die Zieldatei muss auf .docx oder .md enden.")
    try:
        inquiry = load_inquiry(args.anfrage)
    except InquiryError as exc:
        raise CliError(exc.message) from None
    result = _read_file(args.file)
    if not result.ok:
        return _refuse(result, as_json=False)
    register = result.register
    stichtag = resolve_stichtag(args.stichtag, register.stand)
    answer = build_answer(register, stichtag, inquiry)
    _write(args.out, to_docx(answer) if out.suffix.lower() == ".docx" else to_markdown(answer).encode("utf-8"))
    print(f"Antwort auf die Anfrage {inquiry.number} geschrieben nach {args.out} (Stichtag {stichtag:%d.%m.%Y}).")
    return EXIT_OK


def cmd_hash_password(args) -> int:
    """Reads the password without echo (or from standard input) and prints the line for secrets.toml."""
    password = getpass.getpass("Passwort: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        raise CliError("Leeres Passwort – bitte ein Passwort eingeben.")
    print(f'password_hash = "{hash_password(password)}"')
    return EXIT_OK


def cmd_template(args) -> int:
    _write(args.out, build_template(ods=Path(args.out).suffix.lower() == ".ods"))
    print(f"Leere Vorlage geschrieben: {args.out}")
    return EXIT_OK


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CliError(f"„{path}“ kann nicht geschrieben werden ({exc.strerror}).") from None


def _scoped(store: Store, name: str | None, creates: bool) -> Store:
    """The store seen from the register the call names, else from the only one it holds (or the default
    when it holds none). A command that only reads, or restores, needs a register that exists."""
    names = [info.name for info in store.registers()]
    if name is None:
        return store.at(default_register(names))
    check_register_name(name)
    if not creates and names and name not in names:
        raise CliError(f"Ein Register „{name}“ gibt es in der Datenbank nicht. Vorhanden: {', '.join(names)}.")
    return store.at(name)


def _stored(handler: Callable, scoped: bool = True, creates: bool = False) -> Callable:
    """A command on the version database: its problems become a German message and exit code 2. A scoped
    command works in the register of `--register` (see `_scoped`), the others on the whole store."""

    def run(args) -> int:
        try:
            store = Store(args.db)
        except StoreError as exc:
            raise CliError(exc.message) from None
        try:
            if scoped:
                store = _scoped(store, args.register, creates)
            return handler(args, store)
        except (StoreError, BackupError) as exc:
            raise CliError(exc.message) from None
        finally:
            store.close()

    return run


def _version_line(version: Version, measures: int, current: bool) -> str:
    stand = f"Stand {version.stand:%d.%m.%Y}" if version.stand else "ohne Stand"
    line = (f"{version.number:>4}  {version.uploaded_local:%d.%m.%Y %H:%M}  {stand}  "
            f"{measures} Maßnahmen  {version.file_name}")
    if version.restored_from is not None:
        line += f"  (wiederhergestellt aus Version {version.restored_from})"
    if version.comment:
        line += f"  – {version.comment}"
    return line + ("  [aktuell]" if current else "")


def cmd_versions(args, store: Store) -> int:
    versions = store.versions()
    measures = measure_counts(store, versions)  # counted in the stored bytes, as every view counts them
    if args.json:
        print(json.dumps([{**v.as_json(), "measures": measures[v.number]} for v in versions], ensure_ascii=False,
                         indent=2))
    elif not versions:
        print(f"Noch keine Version gespeichert ({store.location}).")
    else:
        for version in versions:
            print(_version_line(version, measures[version.number], version is versions[-1]))
    return EXIT_OK


def cmd_import(args, store: Store) -> int:
    data = _read_bytes(args.file)
    try:
        added = store.add(data, Path(args.file).name, comment=args.comment)
        if args.titel is not None:
            store.set_title(args.titel)
    except RejectedRegister as exc:
        _print_problems(exc.result, sys.stderr)
        print(f"Nicht gespeichert: das Register hat {len(exc.result.errors)} Fehler.", file=sys.stderr)
        return _exit_code(exc.result)
    for problem in added.warnings:
        print(f"Hinweis: {problem.text()}")
    version = added.version
    where = "" if len(store.registers()) <= 1 else f" im Register „{store.register}“"
    if added.created:
        print(f"Gespeichert als Version {version.number}{where} ({added.measures} Maßnahmen).")
    else:
        print(f"Nicht erneut gespeichert: diese Datei ist bereits Version {version.number}{where}.")
    return EXIT_OK


def cmd_registers(args, store: Store) -> int:
    registers = store.registers()
    if args.json:
        print(json.dumps([{"name": r.name, "title": r.title, "versions": r.version_count, "newest": r.newest_number}
                          for r in registers], ensure_ascii=False, indent=2))
    elif not registers:
        print(f"Noch kein Register gespeichert ({store.location}).")
    else:
        width = max(len(r.name) for r in registers)
        for info in registers:
            title = f"  {info.title}" if info.title != info.name else ""
            print(f"{info.name:<{width}}  {de_count(info.version_count, 'Version', 'Versionen')}{title}")
    return EXIT_OK


def cmd_diff(args, store: Store) -> int:
    comparison = compare_versions(store, args.older, args.newer)
    if args.json:
        print(json.dumps(comparison.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Version {comparison.older} → Version {comparison.newer}")
    print(summary_line(comparison))
    for row in change_table(comparison).itertuples(index=False):
        office = f" ({row.Amt})" if row.Amt else ""
        detail = f": {row.vorher} → {row.nachher}" if row.vorher and row.nachher else ""
        print(f"  {row.Nr} {row.Maßnahme} – {row.Änderung}{office}{detail}")
    return EXIT_OK


def cmd_restore(args, store: Store) -> int:
    version = store.restore(args.number, comment=args.comment)
    print(f"Version {args.number} ist wieder aktuell, gespeichert als Version {version.number}.")
    return EXIT_OK


def cmd_report(args, store: Store) -> int:
    if Path(args.out).suffix.lower() != ".docx":
        raise CliError(f"„{args.out}“: die Zieldatei muss auf .docx enden.")
    report = report_from_store(store, args.version, args.seit, args.stichtag)
    _write(args.out, report_docx(report))
    print(f"Sachstandsbericht geschrieben nach {args.out} ({report.meta_lines[1]}).")
    return EXIT_OK


def cmd_backup(args, store: Store) -> int:
    if not args.out.lower().endswith(".zip"):
        raise CliError(f"„{args.out}“: die Sicherung muss auf .zip enden.")
    backup = write_backup(store, args.out)
    print(f"Sicherung geschrieben: {args.out} – {de_count(len(backup.versions), 'Version', 'Versionen')}, "
          f"{de_count(backup.files, 'Datei', 'Dateien')}, {de_number(backup.size / 1e6, 1)} MB.")
    return EXIT_OK


def cmd_load_backup(args, store: Store) -> int:
    backup = load_backup(store, args.file)
    names = backup.registers
    if len(names) > 1:
        newest = f": {len(names)} Register ({', '.join(names)})"
    else:
        newest = f"; aktuell ist Version {backup.versions[-1].number}" if backup.versions else ""
    print(f"{de_count(len(backup.versions), 'Version', 'Versionen')} aus {args.file} geladen in "
          f"{store.location}{newest}.")
    return EXIT_OK


def cmd_check_store(args, store: Store) -> int:
    """Readiness for a load balancer or a monitor: the store opens, its schema is current, one query answers."""
    newest = store.newest_numbers()  # one indexed query over every register
    mode = ", nur lesend" if store.read_only else ""
    registers = f", {de_count(len(newest), 'Register', 'Register')}" if len(newest) > 1 else ""
    print(f"Datenbank bereit: {store.location} (Schema {store.schema_version()}, "
          f"{de_count(sum(newest.values()), 'Version', 'Versionen')}{registers}{mode}).")
    return EXIT_OK


def _version_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Versionsnummer (1, 2, 3 …)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m lib.cli", description="Maßnahmen-Cockpit auf der Kommandozeile.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str, handler: Callable) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("validate", "Register prüfen: 0 gültig, 1 fehlerhaft, 2 nicht lesbar.", cmd_validate)
    sub.add_argument("file", help="Register (.xlsx oder .ods)")
    sub.add_argument("--json", action="store_true", help="Ergebnis als JSON")

    sub = command("summary", "Stand je Priorität und je Maßnahme.", cmd_summary)
    sub.add_argument("file", help="Register (.xlsx oder .ods)")
    sub.add_argument("--stichtag", type=_stichtag, help="Stichtag (TT.MM.JJJJ); Standard: Stand des Registers")
    sub.add_argument("--json", action="store_true", help="Ergebnis als JSON")

    sub = command("export", "Gefilterte Maßnahmentabelle als .xlsx oder .csv schreiben.", cmd_export)
    sub.add_argument("file", help="Register (.xlsx oder .ods)")
    sub.add_argument("--out", required=True, help="Zieldatei (.xlsx oder .csv)")
    sub.add_argument("--priority", type=_priority_list, default=(), help="Prioritäten, z. B. 0,1,2")
    sub.add_argument("--office", type=_csv_list(str), default=(), help="Ämter (Nummern), z. B. 20,33")
    sub.add_argument("--dezernat", type=_csv_list(str), default=(), help="Dezernate, z. B. III")
    sub.add_argument("--status", type=_csv_list(str, {s.value for s in Status}), default=(),
                     help="complete, partial, not_started (mit Komma getrennt)")
    sub.add_argument("--overdue", action="store_true", help="nur überfällige Maßnahmen")
    sub.add_argument("--stichtag", type=_stichtag, help="Stichtag (TT.MM.JJJJ); Standard: Stand des Registers")

    sub = command("answer", "Antwort auf eine Anfrage des Stadtrats als .docx oder .md schreiben.", cmd_answer)
    sub.add_argument("file", help="Register (.xlsx oder .ods)")
    sub.add_argument("--out", required=True, help="Zieldatei (.docx oder .md)")
    sub.add_argument("--stichtag", type=_stichtag, help="Stichtag (TT.MM.JJJJ); Standard: Stand des Registers")
    sub.add_argument("--anfrage", default=str(DEFAULT_INQUIRY),
                     help="Anfrage als TOML-Datei (Standard: data/anfragen/anfrage-1384-2019.toml)")

    command("hash-password", "Passwort-Hash für ein lokales Konto in .streamlit/secrets.toml erzeugen.",
            cmd_hash_password)

    sub = command("template", "Leere Vorlage des Registers schreiben.", cmd_template)
    sub.add_argument("out", help="Zieldatei (.xlsx oder .ods)")

    db_help = "Datenbank: Dateipfad (SQLite) oder postgresql://-Adresse (Standard: $MASSNAHMEN_DB, sonst var/massnahmen.db)"
    register_help = ("Register, z. B. mainz (Standard: das einzige Register der Datenbank; bei mehreren "
                     "muss es angegeben werden)")

    def stored(sub: argparse.ArgumentParser, scoped: bool = True) -> None:
        sub.add_argument("--db", help=db_help)
        if scoped:
            sub.add_argument("--register", metavar="NAME", help=register_help)

    sub = command("versions", "Gespeicherte Versionen des Registers auflisten.", _stored(cmd_versions))
    sub.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    stored(sub)

    sub = command("registers", "Die Register der Datenbank auflisten (Name, Versionen, Titel).",
                  _stored(cmd_registers, scoped=False))
    sub.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    stored(sub, scoped=False)

    sub = command("import", "Register als neue Version speichern: 0 gespeichert, 1 fehlerhaft, 2 nicht lesbar.",
                  _stored(cmd_import, creates=True))
    sub.add_argument("file", help="Register (.xlsx oder .ods)")
    sub.add_argument("--comment", default="", help="Kommentar zur Version")
    sub.add_argument("--titel", help="Anzeigename des Registers setzen, z. B. „Stadt Mainz“")
    stored(sub)

    sub = command("diff", "Zwei Versionen vergleichen (Standard: aktuelle mit der vorigen).", _stored(cmd_diff))
    sub.add_argument("older", nargs="?", type=_version_number, help="ältere Version")
    sub.add_argument("newer", nargs="?", type=_version_number, help="neuere Version")
    sub.add_argument("--json", action="store_true", help="Ergebnis als JSON")
    stored(sub)

    sub = command("restore", "Eine ältere Version wieder aktuell machen (als neue Version).", _stored(cmd_restore))
    sub.add_argument("number", type=_version_number, help="Versionsnummer")
    sub.add_argument("--comment", default="", help="Kommentar zur neuen Version")
    stored(sub)

    sub = command("bericht", "Sachstandsbericht für das Protokoll als .docx schreiben.", _stored(cmd_report))
    sub.add_argument("--out", required=True, help="Zieldatei (.docx)")
    sub.add_argument("--version", type=_version_number, help="Version (Standard: die aktuelle)")
    sub.add_argument("--seit", type=_version_number, help="verglichen mit dieser Version (Standard: die vorige)")
    sub.add_argument("--stichtag", type=_stichtag, help="Stichtag (TT.MM.JJJJ); Standard: Stand der Version")
    stored(sub)

    sub = command("backup", "Alle Versionen aller Register mit Originaldateien und Angaben in eine ZIP-Sicherung schreiben.",
                  _stored(cmd_backup, scoped=False))
    sub.add_argument("out", help="Zieldatei (.zip)")
    stored(sub, scoped=False)

    sub = command("load-backup", "Eine Sicherung vollständig in eine leere Datenbank laden (z. B. SQLite → "
                  "PostgreSQL).", _stored(cmd_load_backup, scoped=False))
    sub.add_argument("file", help="Sicherung (.zip)")
    stored(sub, scoped=False)

    sub = command("check-store", "Bereitschaft prüfen: 0 Datenbank nutzbar, 2 nicht.",
                  _stored(cmd_check_store, scoped=False))
    stored(sub, scoped=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except CliError as exc:
        print(f"Fehler: {exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())


