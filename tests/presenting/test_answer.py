"""The answer to the council inquiry: right measures under each question, in .docx and .md, same numbers as the CLI."""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.table import Table as DocxTable

from lib.presenting.answer import (
    DEFAULT_INQUIRY,
    InquiryError,
    build_answer,
    load_inquiry,
    parse_inquiry,
    priorities_phrase,
    to_markdown,
)
from lib.presenting.answer_docx import to_docx
from lib.reading.register import read_register
from tests.builders import Book
from tests.conftest import Run

ROOT = Path(__file__).parents[2]

# Titles a person or an attacker could type; they must come out as these exact characters.
TITLES = {
    "0.01": "Virtuelle Poststelle",
    "0.02": "E-Akte",
    "0.03": "Scan-Arbeitsplätze",
    "0.04": "**fett** <script>alert(1)</script>",
    "0.05": '=HYPERLINK("http://evil.example","klick")',
    "1.01": "[Termine](javascript:alert(1))",
    "1.02": "+Online-Termine",
    "1.03": "-Formulare & Co &amp; mehr",
    "2.01": "@ePayment",
    "3.01": "Livestream",
    "3.02": "Wohngeld online",
    "3.03": "i-Kfz",
    "4.01": "Chatbot www.example.org",
    "4.02": "# Open Data | Portal",
}
HOSTILE = ["0.04", "0.05", "1.01", "1.02", "1.03", "2.01", "4.01", "4.02"]


def measure(nr: str, priority: int, **columns) -> dict:
    return {"Nr": nr, "Maßnahme": TITLES[nr], "Priorität": priority, "Federführung": "10", **columns}


MEASURES = [
    measure("0.01", 0, Kooperationspartner="Stadt Trier"),  # rollout done everywhere relevant
    measure("0.02", 0),  # rollout: 12 open, 33 partial
    measure("0.03", 0, Status="umgesetzt", **{"Arbeitsplätze gesamt": 100, "Arbeitsplätze ausgerollt": 40}),
    measure("0.04", 0, Status="offen"),
    measure("0.05", 0, Status="umgesetzt", **{"Anwendungen offen": "Gebühren; <b>Fundsachen</b>"}),
    measure("1.01", 1, **{"Umgesetzt am": "01.03.2019"}),
    measure("1.02", 1, Frist="30.06.2019", Status="offen"),
    measure("1.03", 1, Status="teilweise"),
    measure("2.01", 2, Status="erledigt"),
    measure("3.01", 3, Status="umgesetzt"),
    measure("3.02", 3, Kooperationspartner="Land Rheinland-Pfalz; Stadt Trier", Reihenfolge=2, Beginn="01.11.2020",
            **{"Dauer (Monate)": 9, "Personentage": 250, "Budget (EUR)": 150000}),
    measure("3.03", 3, Reihenfolge=1, Beginn="04.2020",
            **{"Dauer (Monate)": 24, "Personentage": 60, "Budget (EUR)": 240000}),
    measure("4.01", 4),
    measure("4.02", 4, Status="teilweise"),
]

ROLLOUT = [("0.01", "x", "x", "n. r."), ("0.02", "x", "offen", "teilweise")]

# Worked out by hand from the register contract (Stand 17.09.2019).
EXPECTED_STATUS = {
    0: {"implemented": ["0.01", "0.02", "0.03", "0.05"], "complete": ["0.01"],
        "partial": ["0.02", "0.03", "0.05"], "not_started": ["0.04"]},
    1: {"implemented": ["1.01", "1.03"], "complete": ["1.01"], "partial": ["1.03"], "not_started": ["1.02"]},
    2: {"implemented": ["2.01"], "complete": ["2.01"], "partial": [], "not_started": []},
}
LEADS = {  # first words of the paragraph introducing each list in questions 1-3
    "implemented": "Umgesetzt (vollständig oder teilweise)",
    "complete": "Davon vollständig und flächendeckend",
    "partial": "In einzelnen Ämtern",
    "not_started": "Noch nicht umgesetzt sind",
}


def write_register(path: Path, measures: list[dict] = MEASURES) -> Path:
    ids = {m["Nr"] for m in measures}
    rollout = [row for row in ROLLOUT if row[0] in ids]
    book = (Book().measures(measures, title=["Maßnahmenregister", "Stand: 17.09.2019"]).offices()
            .matrix(["10", "12", "33 Bürgeramt"], rollout))
    book.save(path)
    # A title typed as text in Excel may start with '='; openpyxl would store it as a formula.
    workbook = openpyxl.load_workbook(path)
    for row in workbook["Maßnahmen"].iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    workbook.save(path)
    return path


@pytest.fixture
def register(tmp_path) -> Path:
    return write_register(tmp_path / "register.xlsx")


def answer_files(cli: Callable[..., Run], register: Path, tmp_path: Path, *extra) -> tuple[docx.document.Document, str]:
    for suffix in ("docx", "md"):
        done = cli("answer", register, "--out", tmp_path / f"antwort.{suffix}", *extra)
        assert done.code == 0, done.err
        assert "geschrieben" in done.out
    return docx.Document(str(tmp_path / "antwort.docx")), (tmp_path / "antwort.md").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- reading the output back

# Each question becomes a list of (kind, value): ("p", text), ("h", subheading), ("li", item), ("table", rows).


def docx_questions(document) -> dict[int, list[tuple[str, object]]]:
    questions: dict[int, list] = {}
    current = None
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            if current is not None:
                current.append(("table", rows))
            continue
        style, text = item.style.name, item.text
        if style == "Heading 1":
            match = re.fullmatch(r"Frage (\d+)", text)
            current = questions.setdefault(int(match.group(1)), []) if match else None
        elif current is None or not text:
            continue
        elif style == "List Bullet":
            current.append(("li", text))
        elif style == "Heading 2":
            current.append(("h", text))
        elif style == "Quote":
            current.append(("quote", text))
        else:
            current.append(("p", text))
    return questions


def md_unescape(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def md_questions(markdown: str) -> dict[int, list[tuple[str, object]]]:
    questions: dict[int, list] = {}
    current = None
    table: list[list[str]] | None = None
    for line in markdown.splitlines():
        if table is not None and not line.startswith("|"):
            current.append(("table", table))
            table = None
        if match := re.fullmatch(r"## Frage (\d+)", line):
            current = questions.setdefault(int(match.group(1)), [])
        elif line.startswith("## "):
            current = None
        elif current is None or not line or line == "**Antwort:**":
            continue
        elif line.startswith("- "):
            current.append(("li", md_unescape(line[2:])))
        elif line.startswith("### "):
            current.append(("h", md_unescape(line[4:])))
        elif line.startswith("> "):
            current.append(("quote", md_unescape(line[2:])))
        elif line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not set("".join(cells)) <= set("-:"):
                table = (table or []) + [[md_unescape(c) for c in cells]]
        else:
            current.append(("p", md_unescape(line)))
    if table is not None:
        current.append(("table", table))
    return questions


def both(cli: Callable[..., Run], register: Path, tmp_path: Path, *extra) -> list[dict[int, list]]:
    document, markdown = answer_files(cli, register, tmp_path, *extra)
    return [docx_questions(document), md_questions(markdown)]


def nr_of(item: str) -> str:
    """The Nr an item names; the exact title must follow it."""
    nr = item.split(" ", 1)[0]
    assert item.startswith(f"{nr} {TITLES[nr]}"), item
    return nr


def lists_after(entries: list[tuple[str, object]]) -> dict[str, list[str]]:
    """Bulleted measures grouped under the paragraph that introduces them."""
    groups: dict[str, list[str]] = {}
    lead = None
    for kind, value in entries:
        if kind == "p":
            lead = value
        elif kind == "li":
            groups.setdefault(lead, []).append(nr_of(value))
    return groups


def status_lists(entries) -> dict[str, list[str]]:
    groups = lists_after(entries)
    found = {}
    for key, lead in LEADS.items():
        matching = [items for text, items in groups.items() if text.startswith(lead)]
        assert len(matching) <= 1
        found[key] = matching[0] if matching else []
    return found


def paragraphs(entries) -> str:
    return "\n".join(value for kind, value in entries if kind == "p")


def tables(entries) -> list[list[list[str]]]:
    return [value for kind, value in entries if kind == "table"]


# ----------------------------------------------------------------------------- the answer names the right measures


def test_questions_are_quoted_verbatim_and_numbered(cli, register, tmp_path):
    inquiry = load_inquiry()
    source = (ROOT / "data" / "anfragen" / "anfrage-1384-2019.toml").read_text(encoding="utf-8")
    for parsed in both(cli, register, tmp_path):
        assert sorted(parsed) == [1, 2, 3, 4, 5, 6]
        for question in inquiry.questions:
            quotes = [v for k, v in parsed[question.number] if k == "quote"]
            assert quotes == [question.text]
            assert question.text in source


@pytest.mark.parametrize("priority", [0, 1, 2])
def test_questions_1_to_3_name_exactly_the_right_measures(cli, register, tmp_path, priority):
    for parsed in both(cli, register, tmp_path):
        assert status_lists(parsed[priority + 1]) == EXPECTED_STATUS[priority]


def test_gaps_say_where_a_measure_is_missing(cli, register, tmp_path):
    for parsed in both(cli, register, tmp_path):
        items = {nr_of(v): v for k, v in parsed[1] if k == "li" and "–" in v}
        assert "noch nicht ausgerollt in: 12 Amt für Informationstechnik, 33 Bürgeramt" in items["0.02"]
        assert "an 60 von 100 Arbeitsplätzen noch nicht eingeführt" in items["0.03"]
        assert "noch offene Anwendungen: Gebühren, <b>Fundsachen</b>" in items["0.05"]


def test_question_4_names_completed_measures_of_3_to_5(cli, register, tmp_path):
    for parsed in both(cli, register, tmp_path):
        groups = lists_after(parsed[4])
        assert groups == {"Vollständig umgesetzt sind:": ["3.01"],
                          "Teilweise umgesetzt, aber noch nicht abgeschlossen sind:": ["4.02"]}
        assert tables(parsed[4])[0][1:] == [["3", "3", "1", "0", "2"], ["4", "2", "0", "1", "1"],
                                             ["5", "0", "0", "0", "0"]]


def test_question_5_plans_in_planned_order_and_measures_without_plan(cli, register, tmp_path):
    for parsed in both(cli, register, tmp_path):
        (plan,) = tables(parsed[5])
        assert plan[0] == ["Reihenfolge", "Maßnahme", "Priorität", "Beginn", "Dauer (Monate)", "Personentage",
                           "Budget (EUR)"]
        assert plan[1:] == [["1", "3.03 i-Kfz", "3", "04.2020", "24", "60", "240.000"],
                            ["2", "3.02 Wohngeld online", "3", "11.2020", "9", "250", "150.000"]]
        assert lists_after(parsed[5]) == {"Noch kein Umsetzungsplan liegt vor für:": ["4.01", "4.02"]}
        text = paragraphs(parsed[5])
        assert "Für 2 davon liegen Umsetzungspläne vor" in text
        assert "310 Personentage und ein Budget von 390.000 EUR" in text
        assert "weitere Umsetzungsplanung" in text


def test_question_6_names_cooperations_with_partners(cli, register, tmp_path):
    for parsed in both(cli, register, tmp_path):
        (table,) = tables(parsed[6])
        assert [(nr_of(row[0]), row[3]) for row in table[1:]] == [
            ("0.01", "Stadt Trier"), ("3.02", "Land Rheinland-Pfalz, Stadt Trier")]
        assert "die meisten gemeinsamen Maßnahmen bestehen mit Stadt Trier (2 Maßnahmen)" in paragraphs(parsed[6])


# ----------------------------------------------------------------------------- same numbers as summary --json


def measures(n: int) -> str:
    return "eine Maßnahme" if n == 1 else f"{n} Maßnahmen"


def verb(n: int) -> str:
    return "ist" if n == 1 else "sind"


@pytest.mark.parametrize("stichtag", [None, "02.01.2020"])
def test_numbers_agree_with_summary_json(cli, register, tmp_path, stichtag):
    extra = ("--stichtag", stichtag) if stichtag else ()
    summary = cli("summary", register, "--json", *extra).json()
    counts = {p["priority"]: p for p in summary["priorities"]}
    by_status = {}
    for m in summary["measures"]:
        by_status.setdefault((m["priority"], m["status"]), []).append(m["id"])
    for parsed in both(cli, register, tmp_path, *extra):
        for priority in (0, 1, 2):
            entries, c = parsed[priority + 1], counts[priority]
            lists = status_lists(entries)
            assert lists["complete"] == by_status.get((priority, "complete"), [])
            assert lists["partial"] == by_status.get((priority, "partial"), [])
            assert lists["not_started"] == by_status.get((priority, "not_started"), [])
            assert len(lists["implemented"]) == c["complete"] + c["partial"]
            text = paragraphs(entries)
            assert f"im Maßnahmenregister {measures(c['total'])} zugeordnet" in text
            if c["overdue"]:
                assert f"Fristen {verb(c['overdue'])} {measures(c['overdue'])} dieser Priorität überfällig" in text
            else:
                assert "überfällig" not in text
        for row in tables(parsed[4])[0][1:]:
            c = counts[int(row[0])]
            assert row[1:] == [str(c["total"]), str(c["complete"]), str(c["partial"]), str(c["not_started"])]


def test_stichtag_is_stated_and_changes_the_deadline_sentence(cli, register, tmp_path):
    document, markdown = answer_files(cli, register, tmp_path, "--stichtag", "02.01.2020")
    body = "\n".join(p.text for p in document.paragraphs)
    for text in (body, md_unescape(markdown)):
        assert "Stichtag der Auswertung: 02.01.2020" in text
        assert "Die vorgesehene Umsetzungsfrist (31.12.2019) ist zum Stichtag abgelaufen" in text
        assert "Nach den im Register eingetragenen Fristen sind 2 Maßnahmen dieser Priorität überfällig." in text
    _, early = answer_files(cli, register, tmp_path)
    assert "Stichtag der Auswertung: 17.09.2019" in early
    assert "endet am 31.12.2019; bis dahin verbleiben 105 Tage" in early


# ----------------------------------------------------------------------------- register text stays plain text


def test_titles_with_markup_and_formulas_stay_plain_in_docx(cli, register, tmp_path):
    document, _ = answer_files(cli, register, tmp_path)
    texts = [p.text for p in document.paragraphs]
    for nr in HOSTILE:
        assert any(t.startswith(f"{nr} {TITLES[nr]}") for t in texts), nr
    with zipfile.ZipFile(tmp_path / "antwort.docx") as archive:
        body = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        footers = "".join(archive.read(n).decode() for n in archive.namelist() if "footer" in n)
    assert "<w:hyperlink" not in body and "hyperlink" not in rels.lower()
    assert "instrText" not in body and "fldSimple" not in body and "fldChar" not in body
    assert "<script>" not in body  # escaped by XML, shown as text
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", footers) == [" PAGE ", " NUMPAGES "]


def test_titles_with_markup_and_formulas_stay_plain_in_markdown(cli, register, tmp_path):
    _, markdown = answer_files(cli, register, tmp_path)
    assert "**fett**" not in markdown and r"\*\*fett\*\*" in markdown
    assert "<script>" not in markdown and "<b>" not in markdown
    assert not re.search(r"(?<!\\)\]\(", markdown), "no link syntax from register text"
    assert "&amp;" not in markdown.replace(r"\&amp;", "")
    assert "www.example" not in markdown and "http://" not in markdown
    assert r"\# Open Data \| Portal" in markdown
    for nr in HOSTILE:
        assert f"{nr} {TITLES[nr]}" in md_unescape(markdown), nr


# ----------------------------------------------------------------------------- another inquiry, other answer


OTHER_INQUIRY = """
number = "99/2020"
date = 2020-03-01
session_date = "11.03.2020"
title = "Stand der späteren Prioritäten"
party = "Fraktion X"
city = "die Stadt Musterstadt"
deadline = 2020-06-30
deadline_priorities = [3]

[[questions]]
kind = "status"
priorities = [4, 3]
text = "Welche Maßnahmen der Prioritäten 3 und 4 sind umgesetzt?"

[[questions]]
kind = "completed"
priorities = [0]
text = "Welche Basismaßnahmen sind abgeschlossen?"

[[questions]]
kind = "plans"
priorities = [4]
text = "Gibt es Pläne für Priorität 4?"

[[questions]]
kind = "cooperation"
priorities = [3]
text = "Wo wird bei Priorität 3 kooperiert?"
"""


def test_another_inquiry_file_changes_the_answer(cli, register, tmp_path):
    toml = tmp_path / "anfrage-99-2020.toml"
    toml.write_text(OTHER_INQUIRY, encoding="utf-8")
    document, markdown = answer_files(cli, register, tmp_path, "--anfrage", toml)
    heading = "Antwort auf die Anfrage 99/2020 vom 01.03.2020"
    assert document.paragraphs[0].text == heading and markdown.startswith(f"# {heading}\n")
    assert "Anfrage 99/2020 zur Sitzung am 11.03.2020" in markdown
    for parsed in (docx_questions(document), md_questions(markdown)):
        assert sorted(parsed) == [1, 2, 3, 4]
        first = parsed[1]
        assert [v for k, v in first if k == "h"] == ["Priorität 3", "Priorität 4"]
        assert "Die vorgesehene Umsetzungsfrist endet am 30.06.2020" in paragraphs(first)
        assert paragraphs(first).count("Umsetzungsfrist") == 1  # only priority 3 has the deadline
        named = {nr_of(v) for k, v in first if k == "li"}
        assert named == {"3.01", "3.02", "3.03", "4.01", "4.02"}
        assert lists_after(parsed[2]) == {"Vollständig umgesetzt sind:": ["0.01"],
                                          "Teilweise umgesetzt, aber noch nicht abgeschlossen sind:":
                                              ["0.02", "0.03", "0.05"]}
        assert tables(parsed[3]) == []
        assert lists_after(parsed[3]) == {"Noch kein Umsetzungsplan liegt vor für:": ["4.01", "4.02"]}
        (cooperation,) = tables(parsed[4])
        assert [nr_of(row[0]) for row in cooperation[1:]] == ["3.02"]
        assert "arbeitet die Stadt Musterstadt" in paragraphs(parsed[4])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("number"), "›number‹ fehlt"),
        (lambda d: d.update(date="irgendwann"), "›date‹ ist kein Datum"),
        (lambda d: d["questions"][0].update(kind="raten"), "Frage 1: ›kind‹ „raten“ ist unbekannt"),
        (lambda d: d["questions"][1].update(priorities=[6]), "Frage 2: ›priorities‹ muss eine Liste"),
        (lambda d: d["questions"][2].pop("text"), "Frage 3: ›text‹ fehlt"),
        (lambda d: d.update(questions=[]), "keine Frage"),
    ],
)
def test_invalid_inquiry_is_named_in_german(change, message):
    data = tomllib.loads(DEFAULT_INQUIRY.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(InquiryError, match=re.escape(message)):
        parse_inquiry(data, "x.toml")


@pytest.mark.parametrize(
    ("priorities", "phrase"),
    [((0,), "Priorität 0 (Basismaßnahmen)"), ((3, 4, 5), "Prioritäten 3 bis 5"), ((1, 2), "Prioritäten 1 und 2"),
     ((1, 3, 5), "Prioritäten 1, 3 und 5")],
)
def test_priorities_phrase(priorities, phrase):
    assert priorities_phrase(priorities) == phrase


def test_empty_priorities_are_answered_soberly(cli, tmp_path):
    path = write_register(tmp_path / "small.xlsx", [measure("0.04", 0, Status="offen")])
    _, markdown = answer_files(cli, path, tmp_path)
    text = md_unescape(markdown)
    assert "Der Priorität 1 sind im Maßnahmenregister keine Maßnahmen zugeordnet." in text
    assert "Zum Stichtag 17.09.2019 ist davon keine Maßnahme umgesetzt. Eine Maßnahme ist noch nicht umgesetzt." in text
    assert "Umgesetzt ist noch keine Maßnahme dieser Priorität." in text
    assert "Noch nicht umgesetzt sind:\n\n- 0.04 " in text
    assert "Bei keiner der genannten Maßnahmen ist im Maßnahmenregister eine Kooperation" in text


# ----------------------------------------------------------------------------- CLI exit codes


def test_cli_answer_refuses_invalid_register_with_exit_1(cli, tmp_path):
    rows = [measure("0.01", 0), measure("0.01", 0)]
    path = write_register(tmp_path / "dup.xlsx", rows)
    out = tmp_path / "antwort.docx"
    done = cli("answer", path, "--out", out)
    assert done.code == 1
    assert "Fehler: Blatt ›Maßnahmen‹, Zeile 5, Spalte ›Nr‹: „0.01“ kommt doppelt vor" in done.err
    assert "nicht ausgewertet" in done.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("answer", "{csv}", "--out", "{tmp}/a.md"), "keine Excel-Arbeitsmappe"),
        (("answer", "{tmp}/fehlt.xlsx", "--out", "{tmp}/a.md"), "gibt es nicht"),
        (("answer", "{register}", "--out", "{tmp}/a.pdf"), "muss auf .docx oder .md enden"),
        (("answer", "{register}", "--out", "{tmp}/a.md", "--anfrage", "{tmp}/fehlt.toml"), "Anfrage-Datei"),
        (("answer", "{register}", "--out", "{tmp}/a.md", "--anfrage", "{csv}"), "kein gültiges TOML"),
        (("answer", "{register}", "--out", "{tmp}/a.md", "--stichtag", "morgen"), "ist kein Datum"),
        (("answer", "{register}"), "es fehlt: --out"),
    ],
)
def test_cli_answer_unusable_call_exit_2(cli, register, tmp_path, args, message):
    csv = tmp_path / "csv.xlsx"
    csv.write_text("Nr;Maßnahme\n0.01;A\n", encoding="utf-8")
    done = cli(*(a.format(csv=csv, tmp=tmp_path, register=register) for a in args))
    assert done.code == 2
    assert message in done.err
    assert not (tmp_path / "a.md").exists()


def test_docx_uses_word_lists_tables_and_heading(cli, register, tmp_path):
    document, _ = answer_files(cli, register, tmp_path)
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Antwort auf die Anfrage 1384/2019 vom 17.09.2019"
    assert document.styles["List Bullet"].element.pPr.numPr is not None  # a numbering-backed Word list
    assert sum(p.style.name == "List Bullet" for p in document.paragraphs) > 10
    assert [len(t.rows) for t in document.tables] == [4, 3, 3]  # counts 3-5, plans, cooperations
    for table in document.tables:
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_notice_is_stated_first_in_both_formats(register, tmp_path):
    loaded = read_register(register.read_bytes()).register
    notice = "Beispieldaten (fiktiv): nur ein Muster."
    answer = build_answer(loaded, loaded.stand or dt.date(2019, 9, 17), load_inquiry(DEFAULT_INQUIRY), notice)
    assert to_markdown(answer).split("\n\n")[2].startswith(notice)
    document = docx.Document(io.BytesIO(to_docx(answer)))
    assert notice in [p.text.split("\n")[0] for p in document.paragraphs]
    plain_answer = build_answer(loaded, loaded.stand or dt.date(2019, 9, 17), load_inquiry(DEFAULT_INQUIRY))
    assert "Beispieldaten" not in to_markdown(plain_answer)
