"""The empty register template a new office starts from (`python -m lib.cli template OUT.xlsx|OUT.ods`)."""

from __future__ import annotations

from lib.presenting.ods import write_spreadsheet
from lib.presenting.xlsx import Sheet, write_workbook
from lib.reading.contract import (
    MEASURE_COLUMNS,
    ROLLOUT_WORDS,
    SHEET_INFO,
    SHEET_MEASURES,
    SHEET_OFFICES,
    SHEET_ROLLOUT,
    Rollout,
)


def build_template(ods: bool = False) -> bytes:
    """A workbook (.xlsx, or .ods if `ods`) with every sheet and column of the contract, an example row and a guide."""
    measures = Sheet(
        SHEET_MEASURES,
        [c.name for c in MEASURE_COLUMNS],
        [["0.01", "Beispiel: Virtuelle Poststelle", 0, "Interne Verwaltung", "10"]],
        title_lines=["Maßnahmenregister"],
        text_columns=["Nr"],
        widths={"Maßnahme": 45, "Kooperationspartner": 35, "Bemerkung": 35},
    )
    rollout = Sheet(SHEET_ROLLOUT, ["Nr", "10", "33"], [["0.01", "x", "teilweise"]], text_columns=["Nr"])
    offices = Sheet(SHEET_OFFICES, ["Nr", "Bezeichnung", "Dezernat"],
                    [["10", "Hauptamt", "I"], ["33", "Bürgeramt", "III"]], text_columns=["Nr"])
    words = "; ".join(
        f"{label}: " + ", ".join(w or "(leer)" for w in ROLLOUT_WORDS[state])
        for state, label in ((Rollout.DONE, "umgesetzt"), (Rollout.PARTIAL, "teilweise"),
                             (Rollout.OPEN, "offen"), (Rollout.NOT_RELEVANT, "nicht relevant"))
    )
    guide = [
        ["Stand", None],
        ["", "↑ Datum des Stands rechts neben „Stand“ eintragen, z. B. 17.09.2019."],
        ["Blatt Maßnahmen", "Eine Zeile je Maßnahme. Pflichtspalten: Nr (als Text), Maßnahme, Priorität (0–5)."],
        ["Frist", "Leer bedeutet 31.12.2019 für Priorität 0–2, keine Frist für 3–5. Datum als TT.MM.JJJJ."],
        ["Listen", "Kooperationspartner und Anwendungen offen mit Semikolon (;) trennen."],
        ["Blatt Rollout", "Spalte Nr, dann eine Spalte je Amt (Kopf beginnt mit der Amtsnummer). "
                          "Alternativ als Liste mit den Spalten Nr, Amt, Status, Anwendung."],
        ["Zellwörter", words],
        ["Blatt Ämter", "Nr, Bezeichnung, Dezernat. Jedes Amt aus Federführung und Rollout muss hier stehen."],
    ]
    info = Sheet(SHEET_INFO, ["Feld", "Wert"], guide, widths={"Feld": 20, "Wert": 110})
    sheets = [info, measures, rollout, offices]
    return write_spreadsheet(sheets) if ods else write_workbook(sheets)
