"""Page Vergleich: where each register of an installation stands, per priority, and across the registers.

Per register and priority the measures vollständig umgesetzt (flächendeckend: in every relevant office),
teilweise (in at least one office, or partly), nicht umgesetzt and überfällig, as counts and shares of the
priority's measures – the one status rule (`lib.deriving.status.derive`) counted by `priority_counts`.
Across the registers, per priority, the way the federal dashboard sets "flächendeckend" against "in at
least one municipality": in how many registers every measure of the priority is complete, and in how many
at least one is complete or partial.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from lib.deriving import history
from lib.deriving.status import priority_counts
from lib.presenting.columns import german
from lib.presenting.fmt import de_count, de_date, de_number
from lib.reading.contract import PRIORITIES, PRIORITY_LABELS
from lib.storing.storage import Store, Version

OVERVIEW_PATH = "./"  # the page Übersicht, relative like every link in a table (a proxy's base path stays)
REGISTER_PARAM = "register"
COUNT_COLUMNS = history.COUNT_COLUMNS  # total, then the counts below
STATUS_COUNTS = COUNT_COLUMNS[1:]
SHARES = {f"share_{count}": count for count in STATUS_COUNTS}


@dataclass(frozen=True)
class Standing:
    """One register as the comparison takes it: its current version and that version's counts per priority."""

    name: str
    title: str
    version: int  # number of its current version
    stand: dt.date | None  # the Stand of that version
    stichtag: dt.date  # the day its status was derived at
    counts: np.ndarray  # per priority 0–5 (rows) the COUNT_COLUMNS of lib.deriving.status.priority_counts


def standing(name: str, title: str, version: int, stand: dt.date | None, stichtag: dt.date,
             derived: pd.DataFrame) -> Standing:
    """A register's Standing from its derived status table (`derive` at `stichtag`)."""
    return Standing(name, title, version, stand, stichtag, priority_counts(derived)[COUNT_COLUMNS].to_numpy())


def register_path(name: str, stichtag: dt.date | None = None) -> str:
    """The Übersicht of one register ('./?register=trier'); the register comes last: the table shows it by a pattern."""
    params = [("stichtag", stichtag.isoformat())] if stichtag else []
    return f"{OVERVIEW_PATH}?{urlencode([*params, (REGISTER_PARAM, name)])}"


REGISTER_LINK_TEXT = rf"{REGISTER_PARAM}=([^&]*)$"  # what a link in the column Register shows: the register's name


@dataclass(frozen=True)
class RegisterComparison:
    """Page Vergleich: one row per register, one per register and priority, one per priority across registers,
    and the sentences over them."""

    registers: pd.DataFrame  # register, link, register_label, register_title, version, version_stand, stichtag, measures, counts and shares
    priorities: pd.DataFrame  # register, register_label, register_title, priority, priority_label, total, counts and shares
    coverage: pd.DataFrame  # priority, registers_with, registers_complete, registers_begun
    common_stichtag: dt.date | None
    stichtag_note: str
    finding: str  # the chart's sentence
    coverage_findings: tuple[str, ...]  # one per priority

    @property
    def table(self) -> pd.DataFrame:
        """One row per register; the column Register links to its Übersicht."""
        return german(self.registers.assign(register=self.registers["link"]),
                      ["register", "register_title", "version_stand", "stichtag", "measures", "complete", "share_complete", "partial",
                       "share_partial", "not_started", "share_not_started", "overdue", "share_overdue"])

    @property
    def chart_table(self) -> pd.DataFrame:
        """The chart's numbers: one row per register and priority."""
        return german(self.priorities, ["register_label", "priority", "total", "complete", "share_complete", "partial",
                                        "share_partial", "not_started", "share_not_started", "overdue",
                                        "share_overdue"])

    @property
    def coverage_table(self) -> pd.DataFrame:
        return german(self.coverage, ["priority", "registers_with", "registers_complete", "registers_begun"])


def _shares(frame: pd.DataFrame, total: str) -> pd.DataFrame:
    """Each count as a share of `total` (NaN, an empty cell, where there is nothing to share)."""
    whole = frame[total].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return frame.assign(**{share: np.where(whole > 0, frame[count] / whole, np.nan)
                               for share, count in SHARES.items()})


def _labels(standings: Sequence[Standing]) -> list[str]:
    """How a register is named in the chart: its title, with its short name where two titles are the same."""
    titles = [s.title or s.name for s in standings]
    repeated = {title for title, times in Counter(titles).items() if times > 1}
    return [f"{t} ({s.name})" if t in repeated else t for t, s in zip(titles, standings, strict=True)]


def compare(standings: Sequence[Standing], common_stichtag: dt.date | None = None) -> RegisterComparison:
    """The comparison of these registers, in the order given. `common_stichtag`: the one day every register
    was derived at (the sidebar's), None when each was derived at its own Stand.

    On the counts stacked into one array: a table per register and one concat took 0,6 s for 400 registers.
    """
    n, size = len(standings), len(PRIORITIES)
    counts = np.stack([s.counts for s in standings]) if standings else np.zeros((0, size, len(COUNT_COLUMNS)),
                                                                                 dtype=np.int64)
    names = [s.name for s in standings]
    labels = _labels(standings)
    titles = [s.title or s.name for s in standings]
    long = pd.DataFrame({
        "register": np.repeat(np.array(names, dtype=object), size),
        "register_label": np.repeat(np.array(labels, dtype=object), size),
        "register_title": np.repeat(np.array(titles, dtype=object), size),
        "priority": np.tile(np.array(PRIORITIES, dtype=np.int64), n),
        "priority_label": np.tile(np.array([PRIORITY_LABELS[p] for p in PRIORITIES], dtype=object), n),
        **{column: counts[:, :, i].ravel() for i, column in enumerate(COUNT_COLUMNS)},
    })
    priorities = _shares(long, "total")

    sums = counts.sum(axis=1)
    registers = pd.DataFrame({
        "register": names,
        "link": [register_path(name, common_stichtag) for name in names],
        "register_label": labels,
        "register_title": titles,
        "version": np.array([s.version for s in standings], dtype=np.int64),
        "version_stand": [s.stand for s in standings],
        "stichtag": [s.stichtag for s in standings],
        "measures": sums[:, 0],
        **{column: sums[:, i] for i, column in enumerate(COUNT_COLUMNS) if column != "total"},
    })
    registers = _shares(registers, "measures")

    coverage = _coverage(long)
    return RegisterComparison(
        registers=registers, priorities=priorities, coverage=coverage, common_stichtag=common_stichtag,
        stichtag_note=_stichtag_note(common_stichtag), finding=_finding(registers),
        coverage_findings=tuple(_coverage_finding(row, n) for row in coverage.to_dict("records")),
    )


def _coverage(long: pd.DataFrame) -> pd.DataFrame:
    """Per priority 0–5: registers holding measures of it, those where all are complete, those where one is begun."""
    has = long["total"] > 0
    complete = has & (long["complete"] == long["total"])
    begun = (long["complete"] + long["partial"]) > 0
    flags = pd.DataFrame({"priority": long["priority"], "registers_with": has, "registers_complete": complete,
                          "registers_begun": begun})
    return (flags.groupby("priority").sum().reindex(list(PRIORITIES), fill_value=0).astype(np.int64)
            .reset_index())


def _stichtag_note(common: dt.date | None) -> str:
    if common is not None:
        return f"Stichtag für alle Register: {de_date(common)} (aus der Seitenleiste)."
    return ("Stichtag je Register: der Stand seiner aktuellen Version, ohne Stand der Tag des Hochladens "
            "(Spalte „Stichtag“). Ein anderer Stichtag in der Seitenleiste gilt für alle Register.")


def _percent(share: float) -> str:
    return f"{de_number(100 * share)} %"


def _finding(registers: pd.DataFrame) -> str:
    """The chart's sentence: how many registers, which are furthest and which least far, by the whole percent
    the table shows (a tie names every register at the top or bottom, three at most)."""
    counted = registers[registers["measures"] > 0]
    if counted.empty:
        return f"{de_count(len(registers), 'Register', 'Register')}, keines mit Maßnahmen."
    lead = f"{de_count(len(registers), 'Register', 'Register')}, Anteil vollständig und teilweise umgesetzter " \
           "Maßnahmen je Priorität"
    if len(counted) == 1:
        only = counted.iloc[0]
        return f"{lead}: {only['register_label']} hat {_percent(only['share_complete'])} vollständig umgesetzt."
    percent = (100 * counted["share_complete"]).round()
    best, worst = percent.max(), percent.min()
    if best == worst:
        return f"{lead}: alle gleich weit, je {_percent(best / 100)} vollständig umgesetzt."
    furthest = counted.loc[percent == best, "register_label"].tolist()
    least = counted.loc[percent == worst, "register_label"].tolist()
    return (f"{lead}: am weitesten {'ist' if len(furthest) == 1 else 'sind'} {_names(furthest)} "
            f"({_percent(best / 100)} vollständig umgesetzt), am wenigsten weit {_names(least)} "
            f"({_percent(worst / 100)}).")


def _names(labels: list[str], shown: int = 3) -> str:
    """`A`, `A und B`, `A, B und C`, `A, B, C und 4 weitere`."""
    if len(labels) > shown:
        return f"{', '.join(labels[:shown])} und {len(labels) - shown} weitere"
    return " und ".join([", ".join(labels[:-1]), labels[-1]]) if len(labels) > 1 else labels[0]


def _coverage_finding(row: dict, registers: int) -> str:
    label = PRIORITY_LABELS[row["priority"]]
    holding = row["registers_with"]
    if holding == 0:
        return f"{label}: in keinem Register Maßnahmen."
    return (f"{label}: in {row['registers_complete']} von {de_count(holding, 'Register', 'Registern')} "
            f"flächendeckend umgesetzt (alle Maßnahmen vollständig), in {row['registers_begun']} mindestens "
            "teilweise begonnen"
            + (f"; {registers - holding} ohne Maßnahmen dieser Priorität." if holding < registers else "."))


def registers_compared(store: Store, registers: Sequence[tuple[str, str]], latest: Mapping[str, Version],
                       stichtag: dt.date | None = None) -> RegisterComparison:
    """The comparison of these (name, title) registers at their current versions `latest` (registers without
    a version are left out), each derived at `stichtag`, or else at its own Stichtag.

    The counts are kept by (sha256, Stichtag) (`lib.deriving.history.status_counts`): only a register with a
    new version, or a new Stichtag, is read again.
    """
    shown = [(name, title, latest[name]) for name, title in registers if name in latest]
    counts = history.status_counts(store, [version for *_, version in shown], stichtag)
    return compare([Standing(name, title, version.number, version.stand, stichtag or version.stichtag, table)
                    for (name, title, version), table in zip(shown, counts, strict=True)], stichtag)
