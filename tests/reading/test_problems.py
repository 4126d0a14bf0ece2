"""Findings as records and as a table: one record shape, the table its German-headed rendering."""

from lib.reading.problems import Code, error, problem_table, warning

DUPLICATE = error(Code.DUPLICATE_ID, "„0.01“ kommt doppelt vor.", sheet="Maßnahmen", row=4, column="Nr", value="0.01")
NOWHERE = warning(Code.EXTRA_COLUMN, "Datei ohne Ort.")
HEADERS = ["Art", "Blatt", "Zeile", "Spalte", "Wert", "Meldung", "Grund"]


def test_record_carries_code_severity_and_the_full_sentence():
    assert DUPLICATE.as_record() == {
        "severity": "error", "code": "duplicate_id", "sheet": "Maßnahmen", "row": 4, "column": "Nr", "value": "0.01",
        "message": "Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor.",
    }
    assert NOWHERE.as_record() == {"severity": "warning", "code": "extra_column", "sheet": None, "row": None,
                                   "column": None, "value": None, "message": "Datei ohne Ort."}


def test_problem_table_is_the_records_under_german_headers():
    table = problem_table([DUPLICATE, NOWHERE])
    assert list(table.columns) == HEADERS
    assert table.iloc[0].tolist() == ["Fehler", "Maßnahmen", 4, "Nr", "0.01",
                                      "Blatt ›Maßnahmen‹, Zeile 4, Spalte ›Nr‹: „0.01“ kommt doppelt vor.",
                                      "Nr doppelt"]
    assert table.iloc[1].drop("Zeile").tolist() == ["Hinweis", "", "", "", "Datei ohne Ort.", "zusätzliche Spalte"]
    assert table["Zeile"].isna().tolist() == [False, True] and str(table["Zeile"].dtype) == "Int64"


def test_empty_problem_table_has_the_headers():
    assert problem_table([]).columns.tolist() == HEADERS


def test_every_reason_reads_german_in_the_table_and_stays_a_code_in_the_record():
    table = problem_table([error(code, "x") for code in Code])
    assert table["Grund"].tolist() == [code.reason for code in Code]
    assert len(set(table["Grund"])) == len(Code)  # no two reasons read alike
    assert not set(table["Grund"]) & {code.value for code in Code}
    assert [error(code, "x").as_record()["code"] for code in Code] == [code.value for code in Code]
