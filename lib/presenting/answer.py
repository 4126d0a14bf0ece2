"""The administration's answer to a council inquiry, built from the register and rendered as Markdown.

An inquiry (number, dates, questions) is data in a TOML file under `data/anfragen/`; `build_answer`
turns it plus a register and a Stichtag into the sections of `lib.presenting.sections` (the ones the pages
draw) and the German text blocks both renderers draw (`to_markdown` here, `lib.presenting.answer_docx.to_docx`
for Word).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pandas as pd

from lib.deriving.status import derive
from lib.presenting.columns import HEADERS
from lib.presenting.fmt import de_date, de_number
from lib.presenting.sections import (
    LIST_SEPARATOR,
    STATUS_SECTIONS,
    CompletedResult,
    CooperationResult,
    Gap,
    MeasureRef,
    PlanResult,
    PriorityStatus,
    Section,
    completed,
    cooperation_result,
    plan_result,
    priority_status,
)
from lib.presenting.text import md_escape
from lib.presenting.views import office_labels
from lib.reading import cells
from lib.reading.contract import PRIORITIES, PRIORITY_LABELS, STATUS_LABELS
from lib.reading.register import Register

INQUIRY_DIR = Path(__file__).resolve().parents[2] / "data" / "anfragen"
DEFAULT_INQUIRY = INQUIRY_DIR / "anfrage-1384-2019.toml"


class InquiryError(Exception):
    """An inquiry file that cannot be used; the message is German and names the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuestionKind(Enum):
    STATUS = "status"  # per priority: implemented, complete, not yet everywhere (and where), not implemented
    COMPLETED = "completed"  # which measures of the priorities are complete
    PLANS = "plans"  # implementation plans and which measures have none
    COOPERATION = "cooperation"  # measures carried out with other municipalities or bodies


@dataclass(frozen=True)
class Question:
    number: int
    kind: QuestionKind
    priorities: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class Inquiry:
    number: str
    date: dt.date
    title: str
    questions: tuple[Question, ...]
    session_date: dt.date | None = None
    party: str = ""
    requester: str = ""
    place: str = ""
    city: str = "die Stadt"
    deadline: dt.date | None = None
    deadline_priorities: tuple[int, ...] = ()


# ----------------------------------------------------------------------------- reading an inquiry


def load_inquiry(path: Path | str = DEFAULT_INQUIRY) -> Inquiry:
    """Read and check an inquiry file; any problem is an `InquiryError` in German."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InquiryError(f"Die Anfrage-Datei „{path}“ gibt es nicht.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InquiryError(f"Die Anfrage-Datei „{path}“ kann nicht gelesen werden ({exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise InquiryError(f"Die Anfrage-Datei „{path}“ ist kein gültiges TOML ({exc}).") from None
    return parse_inquiry(data, file.name)


def parse_inquiry(data: dict, source: str = "Anfrage") -> Inquiry:
    def fail(message: str) -> InquiryError:
        return InquiryError(f"Anfrage-Datei „{source}“: {message}")

    def text(key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise fail(f"›{key}‹ fehlt oder ist kein Text.")
        return value.strip()

    def date(key: str, required: bool = False) -> dt.date | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, dt.date | str):
            try:
                return cells.read_date(value)
            except cells.CellError:
                pass
        raise fail(f"›{key}‹ ist kein Datum (erwartet z. B. 2019-12-31 oder „31.12.2019“).")

    def priorities(value: object, where: str) -> tuple[int, ...]:
        if not isinstance(value, list) or not value or not all(
            isinstance(p, int) and not isinstance(p, bool) and p in PRIORITIES for p in value
        ):
            raise fail(f"{where}: ›priorities‹ muss eine Liste von Prioritäten 0–5 sein, z. B. [3, 4, 5].")
        return tuple(sorted(set(value)))

    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise fail("es ist keine Frage angegeben ([[questions]]).")
    kinds = {k.value: k for k in QuestionKind}
    questions = []
    for number, raw in enumerate(raw_questions, start=1):
        where = f"Frage {number}"
        if not isinstance(raw, dict):
            raise fail(f"{where} ist keine Tabelle mit kind, priorities und text.")
        kind = kinds.get(raw.get("kind"))
        if kind is None:
            raise fail(f"{where}: ›kind‹ „{raw.get('kind')}“ ist unbekannt (möglich: {', '.join(kinds)}).")
        question_text = raw.get("text")
        if not isinstance(question_text, str) or not question_text.strip():
            raise fail(f"{where}: ›text‹ fehlt.")
        questions.append(Question(number, kind, priorities(raw.get("priorities"), where), question_text.strip()))
    deadline_priorities = data.get("deadline_priorities")
    return Inquiry(
        number=text("number", required=True),
        date=date("date", required=True),
        title=text("title", required=True),
        questions=tuple(questions),
        session_date=date("session_date"),
        party=text("party"),
        requester=text("requester"),
        place=text("place"),
        city=text("city") or "die Stadt",
        deadline=date("deadline"),
        deadline_priorities=() if deadline_priorities is None else priorities(deadline_priorities, "›deadline_priorities‹"),
    )


# ----------------------------------------------------------------------------- the answer as data


Result = tuple[PriorityStatus, ...] | CompletedResult | PlanResult | CooperationResult


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns


Block = Paragraph | Subheading | Bullets | Table


@dataclass(frozen=True)
class QuestionAnswer:
    question: Question
    result: Result
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Answer:
    inquiry: Inquiry
    stichtag: dt.date
    stand: dt.date | None
    preamble: tuple[Block, ...]
    answers: tuple[QuestionAnswer, ...]
    notice: str = ""  # e.g. that the register is fictitious sample data; stated first

    @property
    def heading(self) -> str:
        return f"Antwort auf die Anfrage {self.inquiry.number} vom {de_date(self.inquiry.date)}"

    @property
    def subtitle(self) -> str:
        party = f" ({self.inquiry.party})" if self.inquiry.party else ""
        return f"{self.inquiry.title}{party}"

    @property
    def meta_lines(self) -> tuple[str, ...]:
        inquiry, lines = self.inquiry, [self.notice] if self.notice else []
        origin = f"{inquiry.place}, {de_date(inquiry.date)}" if inquiry.place else de_date(inquiry.date)
        session = f" zur Sitzung am {de_date(inquiry.session_date)}" if inquiry.session_date else ""
        lines.append(f"Anfrage {inquiry.number}{session} ({origin})")
        if inquiry.requester:
            lines.append(f"Anfragende: {inquiry.requester}")
        lines.append(f"Stichtag der Auswertung: {de_date(self.stichtag)}")
        return tuple(lines)


# ----------------------------------------------------------------------------- building


def build_answer(register: Register, stichtag: dt.date, inquiry: Inquiry, notice: str = "",
                 derived: pd.DataFrame | None = None) -> Answer:
    """The answer to `inquiry`; `derived` is `derive(register, stichtag)` when the caller has it already."""
    if derived is None:
        derived = derive(register, stichtag)
    labels = office_labels(register)
    answers = []
    for question in inquiry.questions:
        priorities = question.priorities
        if question.kind is QuestionKind.STATUS:
            result = tuple(priority_status(derived, p, labels) for p in priorities)
            blocks = _status_blocks(result, inquiry, stichtag)
        elif question.kind is QuestionKind.COMPLETED:
            result = completed(derived, priorities)
            blocks = _completed_blocks(result, priorities, stichtag)
        elif question.kind is QuestionKind.PLANS:
            result = plan_result(derived, priorities)
            blocks = _plan_blocks(result, priorities)
        else:
            result = cooperation_result(derived, priorities)
            blocks = _cooperation_blocks(result, inquiry)
        answers.append(QuestionAnswer(question, result, tuple(blocks)))
    return Answer(inquiry, stichtag, register.stand, tuple(_preamble(register, stichtag)), tuple(answers), notice)


# ----------------------------------------------------------------------------- German text


def _count(n: int) -> str:
    """'keine Maßnahme', 'eine Maßnahme', '12 Maßnahmen' (the verb follows `_verb`)."""
    return {0: "keine Maßnahme", 1: "eine Maßnahme"}.get(n, f"{de_number(n)} Maßnahmen")


def _number(n: int) -> str:
    return {0: "keine", 1: "eine"}.get(n, de_number(n))


def _verb(n: int) -> str:
    return "ist" if n <= 1 else "sind"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _dative(priorities: tuple[int, ...]) -> str:
    """'der Priorität 0 (Basismaßnahmen)', 'den Prioritäten 3 bis 5'."""
    return f"{'der' if len(priorities) == 1 else 'den'} {priorities_phrase(priorities)}"


def priorities_phrase(priorities: tuple[int, ...]) -> str:
    """(0,) → 'Priorität 0 (Basismaßnahmen)', (3, 4, 5) → 'Prioritäten 3 bis 5', (1, 3) → 'Prioritäten 1 und 3'."""
    if len(priorities) == 1:
        return PRIORITY_LABELS[priorities[0]]
    if len(priorities) > 2 and list(priorities) == list(range(priorities[0], priorities[-1] + 1)):
        return f"Prioritäten {priorities[0]} bis {priorities[-1]}"
    return f"Prioritäten {', '.join(map(str, priorities[:-1]))} und {priorities[-1]}"


def _amount(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = de_number(value, 0 if float(value).is_integer() else 1)
    return f"{text} {unit}".strip()


def _preamble(register: Register, stichtag: dt.date) -> list[Block]:
    stand = f"mit Stand vom {de_date(register.stand)}" if register.stand else "(ohne Standangabe)"
    return [
        Paragraph(f"Grundlage der Antwort ist das Maßnahmenregister {stand}. Ausgewertet ist der Umsetzungsstand "
                  f"zum Stichtag {de_date(stichtag)}. Die Maßnahmen werden mit ihrer Nummer und ihrem Titel "
                  "im Maßnahmenregister bezeichnet."),
        Paragraph("Als vollständig und flächendeckend umgesetzt gilt eine Maßnahme, wenn sie in allen betroffenen "
                  "Ämtern abgeschlossen ist, an allen vorgesehenen Arbeitsplätzen zur Verfügung steht und keine "
                  "vorgesehene Anwendung mehr offen ist. Ist sie erst in einem Teil davon umgesetzt, wird sie als "
                  "teilweise umgesetzt geführt; auch diese Maßnahmen zählen zu den umgesetzten."),
    ]


def _gap_item(gap: Gap) -> str:
    details = []
    if gap.offices:
        details.append(f"noch nicht ausgerollt in: {LIST_SEPARATOR.join(gap.offices)}")
    if gap.workplaces_left:
        of_total = f" von {de_number(gap.workplaces_total)}" if gap.workplaces_total else ""
        details.append(f"an {de_number(gap.workplaces_left)}{of_total} Arbeitsplätzen noch nicht eingeführt")
    if gap.applications:
        details.append(f"noch offene Anwendungen: {LIST_SEPARATOR.join(gap.applications)}")
    if not details:
        details.append("Umsetzung begonnen; das Register nennt keine einzelnen noch offenen Bereiche")
    return f"{gap.measure.label} – {'; '.join(details)}"


def _labels(refs: tuple[MeasureRef, ...]) -> Bullets:
    return Bullets(tuple(r.label for r in refs))


# The paragraph introducing each section's list (the page heading of the same section is
# `lib.presenting.sections.PAGE_HEADINGS`): questions 1–3 per priority, question 4, question 5.
LEADS = {
    Section.IMPLEMENTED: "Umgesetzt (vollständig oder teilweise) sind:",
    Section.COMPLETE: "Davon vollständig und flächendeckend umgesetzt sind:",
    Section.NOT_EVERYWHERE: "In einzelnen Ämtern, an einzelnen Arbeitsplätzen oder in einzelnen Anwendungen noch "
                            "nicht ausgerollt sind (mit den noch ausstehenden Bereichen):",
    Section.NOT_STARTED: "Noch nicht umgesetzt sind:",
    Section.UNPLANNED: "Noch kein Umsetzungsplan liegt vor für:",
}
COMPLETED_LEADS = {
    Section.COMPLETE: "Vollständig umgesetzt sind:",
    Section.NOT_EVERYWHERE: "Teilweise umgesetzt, aber noch nicht abgeschlossen sind:",
}
NO_MEASURES = {  # stands in for an empty list of questions 1–3
    Section.IMPLEMENTED: "Umgesetzt ist noch keine Maßnahme dieser Priorität.",
    Section.COMPLETE: "Vollständig und flächendeckend umgesetzt ist noch keine dieser Maßnahmen.",
    Section.NOT_EVERYWHERE: "Keine umgesetzte Maßnahme dieser Priorität ist nur teilweise ausgerollt.",
    Section.NOT_STARTED: "Alle Maßnahmen dieser Priorität sind zumindest teilweise umgesetzt.",
}


def _status_blocks(result: tuple[PriorityStatus, ...], inquiry: Inquiry, stichtag: dt.date) -> list[Block]:
    blocks: list[Block] = []
    for status in result:
        if len(result) > 1:
            blocks.append(Subheading(PRIORITY_LABELS[status.priority]))
        blocks += _one_priority(status, inquiry, stichtag)
    return blocks


def _one_priority(s: PriorityStatus, inquiry: Inquiry, stichtag: dt.date) -> list[Block]:
    dative = _dative((s.priority,))
    if s.total == 0:
        return [Paragraph(f"{_cap(dative)} sind im Maßnahmenregister keine Maßnahmen zugeordnet.")]
    n_impl, n_complete, n_partial, n_open = len(s.implemented), len(s.complete), len(s.partial), len(s.not_started)
    among = f", darunter {_number(n_complete)} vollständig und flächendeckend" if n_impl else ""
    rest = [f"{_count(n)} {_verb(n)} {what}" for n, what in
            ((n_partial, "noch nicht überall ausgerollt"), (n_open, "noch nicht umgesetzt")) if n]
    summary = (f"{_cap(dative)} {_verb(s.total)} im Maßnahmenregister {_count(s.total)} zugeordnet. "
               f"Zum Stichtag {de_date(stichtag)} {_verb(n_impl)} davon {_count(n_impl)} umgesetzt{among}. "
               + (f"{_cap(', '.join(rest))}." if rest else "Damit sind alle vollständig und flächendeckend umgesetzt."))
    blocks: list[Block] = [Paragraph(summary)]
    deadline = _deadline_sentence(s, inquiry, stichtag)
    if deadline:
        blocks.append(Paragraph(deadline))
    for section in STATUS_SECTIONS:
        bullets = Bullets(tuple(_gap_item(g) for g in s.partial)) if section is Section.NOT_EVERYWHERE else \
            _labels(s.measures(section))
        blocks += [Paragraph(LEADS[section]), bullets] if bullets.items else [Paragraph(NO_MEASURES[section])]
    return blocks


def _deadline_sentence(s: PriorityStatus, inquiry: Inquiry, stichtag: dt.date) -> str:
    if inquiry.deadline is None or s.priority not in inquiry.deadline_priorities:
        return ""
    unfinished = s.total - len(s.complete)
    if stichtag > inquiry.deadline:
        text = f"Die vorgesehene Umsetzungsfrist ({de_date(inquiry.deadline)}) ist zum Stichtag abgelaufen"
        text += f"; {_count(unfinished)} {_verb(unfinished)} nicht vollständig umgesetzt." if unfinished else \
            "; alle Maßnahmen dieser Priorität sind vollständig umgesetzt."
    else:
        days = (inquiry.deadline - stichtag).days
        text = (f"Die vorgesehene Umsetzungsfrist endet am {de_date(inquiry.deadline)}; "
                f"bis dahin {'verbleibt ein Tag' if days == 1 else f'verbleiben {de_number(days)} Tage'}.")
        if days == 0:
            text = f"Die vorgesehene Umsetzungsfrist endet am Stichtag ({de_date(inquiry.deadline)})."
    if s.overdue:
        text += (f" Nach den im Register eingetragenen Fristen {_verb(s.overdue)} {_count(s.overdue)} "
                 "dieser Priorität überfällig.")
    return text


def _completed_blocks(result: CompletedResult, priorities: tuple[int, ...], stichtag: dt.date) -> list[Block]:
    dative = _cap(_dative(priorities))
    total = sum(c.total for c in result.counts)
    if total == 0:
        return [Paragraph(f"{dative} sind im Maßnahmenregister keine Maßnahmen zugeordnet.")]
    n_complete, n_partial = len(result.complete), len(result.partial)
    blocks: list[Block] = [
        Paragraph(f"{dative} {_verb(total)} im Maßnahmenregister {_count(total)} zugeordnet. Zum Stichtag "
                  f"{de_date(stichtag)} {_verb(n_complete)} davon {_count(n_complete)} vollständig umgesetzt; "
                  f"{_count(n_partial)} {_verb(n_partial)} teilweise umgesetzt."),
        Table((HEADERS["priority"], HEADERS["measures"], "vollständig umgesetzt", "teilweise umgesetzt", "nicht umgesetzt"),
              tuple((str(c.priority), de_number(c.total), de_number(c.complete), de_number(c.partial),
                     de_number(c.not_started)) for c in result.counts),
              (False, True, True, True, True)),
    ]
    blocks += [Paragraph(COMPLETED_LEADS[Section.COMPLETE]), _labels(result.complete)] if result.complete else \
        [Paragraph("Vollständig umgesetzt ist noch keine dieser Maßnahmen.")]
    if result.partial:
        blocks += [Paragraph(COMPLETED_LEADS[Section.NOT_EVERYWHERE]), _labels(result.partial)]
    return blocks


def _plan_blocks(result: PlanResult, priorities: tuple[int, ...]) -> list[Block]:
    phrase = priorities_phrase(priorities)
    if result.open_total == 0:
        return [Paragraph(f"Alle Maßnahmen der {phrase} sind vollständig umgesetzt oder im Register nicht "
                          "enthalten; weitere Umsetzungspläne sind dafür nicht erforderlich.")]
    n_planned, n_open = len(result.planned), result.open_total
    opening = f"Noch nicht vollständig umgesetzt {_verb(n_open)} {_count(n_open)} der {phrase}."
    blocks: list[Block] = []
    if n_planned:
        plans_exist = "liegt ein Umsetzungsplan" if n_planned == 1 else "liegen Umsetzungspläne"
        blocks.append(Paragraph(
            f"{opening} Für {_number(n_planned)} davon {plans_exist} vor. In der geplanten Reihenfolge sehen "
            "die Pläne Folgendes vor (nicht eingetragene Angaben sind mit – gekennzeichnet):"))
        blocks.append(Table(
            (HEADERS["order"], HEADERS["title"], HEADERS["priority"], HEADERS["start"], HEADERS["duration_months"], HEADERS["person_days"],
             HEADERS["budget_eur"]),
            tuple((_amount(e.order), e.measure.label, str(e.measure.priority),
                   e.start.strftime("%m.%Y") if e.start else "–", _amount(e.duration_months),
                   _amount(e.person_days), _amount(e.budget_eur)) for e in result.planned),
            (True, False, True, False, True, True, True)))
        days = sum(e.person_days is not None for e in result.planned)
        budget = sum(e.budget_eur is not None for e in result.planned)
        if days or budget:
            partial_note = "" if days == budget == n_planned else " (soweit angegeben)"
            blocks.append(Paragraph(
                f"Zusammen sehen diese Pläne{partial_note} {_amount(result.person_days)} Personentage und ein "
                f"Budget von {_amount(result.budget_eur)} EUR vor."))
    else:
        blocks.append(Paragraph(f"{opening} Für sie liegen noch keine Umsetzungspläne vor."))
    if result.unplanned:
        blocks.append(Paragraph(LEADS[Section.UNPLANNED]))
        blocks.append(_labels(result.unplanned))
        blocks.append(Paragraph(
            "Eine weitere Umsetzungsplanung für diese Maßnahmen ist vorgesehen. Reihenfolge, Dauer und "
            "Ressourcen werden festgelegt und im Maßnahmenregister ergänzt, sobald die Planung vorliegt."))
    return blocks


def _cooperation_blocks(result: CooperationResult, inquiry: Inquiry) -> list[Block]:
    entries = result.entries
    if not entries:
        return [Paragraph("Bei keiner der genannten Maßnahmen ist im Maßnahmenregister eine Kooperation mit "
                          "anderen Kommunen oder Gebietskörperschaften eingetragen.")]
    partner_counts = result.partner_counts
    top, top_n = result.top_partner
    how_many = "einer" if len(entries) == 1 else de_number(len(entries))
    partners = "ein Partner" if len(partner_counts) == 1 else f"{de_number(len(partner_counts))} Partner"
    return [
        Paragraph(f"Bei {how_many} der genannten Maßnahmen arbeitet {inquiry.city} in der Umsetzung "
                  "mit anderen Kommunen oder Gebietskörperschaften zusammen:"),
        Table((HEADERS["title"], HEADERS["priority"], "Stand", HEADERS["partners"]),
              tuple((e.measure.label, str(e.measure.priority), STATUS_LABELS[e.measure.status],
                     LIST_SEPARATOR.join(e.partners))
                    for e in entries),
              (False, True, False, False)),
        Paragraph(f"Beteiligt {_verb(len(partner_counts))} {partners}; "
                  f"die meisten gemeinsamen Maßnahmen bestehen mit {top} ({_count(top_n)})."),
    ]


# ----------------------------------------------------------------------------- Markdown


def _md_table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(md_escape(c) for c in cells) + " |"

    rule = "|" + "|".join("---:" if right else "---" for right in table.numeric) + "|"
    return [row(table.header), rule, *(row(r) for r in table.rows)]


def _md_blocks(blocks: tuple[Block, ...]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines += [md_escape(block.text), ""]
        elif isinstance(block, Subheading):
            lines += [f"### {md_escape(block.text)}", ""]
        elif isinstance(block, Bullets):
            lines += [f"- {md_escape(item)}" for item in block.items] + [""]
        else:
            lines += [*_md_table(block), ""]
    return lines


def to_markdown(answer: Answer) -> str:
    lines = [f"# {md_escape(answer.heading)}", "", f"**{md_escape(answer.subtitle)}**", ""]
    lines += ["  \n".join(md_escape(line) for line in answer.meta_lines), ""]
    lines += ["## Vorbemerkung", "", *_md_blocks(answer.preamble)]
    for part in answer.answers:
        lines += [f"## Frage {part.question.number}", "", f"> {md_escape(part.question.text)}", ""]
        lines += ["**Antwort:**", "", *_md_blocks(part.blocks)]
    return "\n".join(lines).rstrip() + "\n"
