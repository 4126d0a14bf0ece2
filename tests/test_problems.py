"""Findings as a table: one row per problem, Excel rows as whole numbers, empty list gives the headers."""

from lib.problems import Code, error, problem_table, warning


def test_problem_table():
    table = problem_table([error(Code.DUPLICATE_ID, "„0.01“ kommt doppelt vor.", sheet="Maßnahmen", row=4, column="Nr"),
                           warning(Code.EXTRA_COLUMN, "Datei ohne Ort.")])
    assert list(table.columns) == ["Blatt", "Zeile", "Spalte", "Meldung"]
    assert table.iloc[0].tolist() == ["Maßnahmen", 4, "Nr", "„0.01“ kommt doppelt vor."]
    assert table["Zeile"].isna().tolist() == [False, True] and str(table["Zeile"].dtype) == "Int64"
    assert problem_table([]).columns.tolist() == ["Blatt", "Zeile", "Spalte", "Meldung"]
