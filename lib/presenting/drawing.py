"""What every chart drawn on the server shares: the media (screen SVG, print PNG), matplotlib loaded on first use,
the status colours and hatchings, and saving without a date or a random id.

Charts are drawn on the server and shown as images named by their finding (`ui.blocks.picture_with_table`): the
browser needs no chart code (Plotly's was 4.7 MB of JavaScript and 1.0–1.3 s of a fresh browser's main thread on
a large register: docs/performance.md). Colours are Okabe–Ito hues darkened for ≥ 3:1 contrast on white, and
colour is never the only carrier: each status has its own hatching or marker, and bars carry their numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from lib.presenting.fmt import de_number
from lib.reading.contract import Status

STATUS_COLORS = {
    Status.COMPLETE.value: "#0072B2",  # blue, 5.2:1 on white
    Status.PARTIAL.value: "#A86500",  # ochre, 4.6:1
    Status.NOT_STARTED.value: "#595959",  # grey, 7.0:1
}
STATUS_HATCHES = {Status.COMPLETE.value: "", Status.PARTIAL.value: "//", Status.NOT_STARTED.value: "."}
STATUS_MARKERS = {Status.COMPLETE.value: "o", Status.PARTIAL.value: "D", Status.NOT_STARTED.value: "s"}
OVERDUE_COLOR = "#AA3377"  # reddish purple
TEXT_COLOR = "#1f1f1f"
GRID_COLOR = "#e5e5e5"


@dataclass(frozen=True)
class Medium:
    width_in: float
    font_pt: float
    format: str  # "svg" or "png"
    dpi: int = 100  # pixels per inch of a PNG; an SVG is sized in points


PRINT = Medium(width_in=16 / 2.54, font_pt=8, format="png", dpi=200)  # 16 cm wide in the Word report
SCREEN = Medium(width_in=9.0, font_pt=10.5, format="svg")  # 864 px wide at the browser's 96 px per inch


def drawing() -> tuple:
    """matplotlib and its Figure, loaded on first use: the import costs most of a second of CPU (its classes build
    their docstrings), which the CLI's other commands need not pay. The server loads it before it answers (app.py)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: drawn into memory
    from matplotlib.figure import Figure

    return matplotlib, Figure


def row_height_in(medium: Medium) -> float:
    """The height of one bar or row of labels: grows with the font, as a row of text needs."""
    return 0.22 * medium.font_pt / 8


def drawn(medium: Medium, height_in: float, name: str, paint: Callable[[object, object], None],
          panels: int = 1) -> bytes:
    """The bytes of a chart: `paint(figure, axes)` draws into a figure of the medium's width and font whose axes
    have no top or right frame and keep grid lines behind the data. `name` salts the SVG's ids, so the same
    drawing gives the same bytes; no date and no writer's name are written.

    `panels` > 1: `axes` is a tuple of that many axes side by side."""
    matplotlib, Figure = drawing()
    # parse_math off: register text with "$" is text, not a formula (mathtext would fail on "$x")
    style = {"svg.hashsalt": name, "text.parse_math": False, "font.size": medium.font_pt, "text.color": TEXT_COLOR,
             "axes.labelcolor": TEXT_COLOR, "xtick.color": TEXT_COLOR, "ytick.color": TEXT_COLOR,
             "axes.edgecolor": "#767676"}
    with matplotlib.rc_context(style):
        figure = Figure(figsize=(medium.width_in, height_in), dpi=medium.dpi, layout="constrained")
        shown = [figure.add_subplot()] if panels == 1 else list(figure.subplots(1, panels))
        for axes in shown:
            axes.set_axisbelow(True)
            for side in ("top", "right"):
                axes.spines[side].set_visible(False)
        paint(figure, shown[0] if panels == 1 else tuple(shown))
        buffer = io.BytesIO()
        no_stamp = {"Date": None, "Creator": None} if medium.format == "svg" else {"Software": None}
        figure.savefig(buffer, format=medium.format, metadata=no_stamp)
    return buffer.getvalue()


def number_labels(axes, bars, labels: list[str], where: str = "center") -> None:
    """Numbers on bars (`where`: "center" inside, "edge" after the bar's end), each on a white box that keeps it
    readable on any colour and hatching."""
    axes.bar_label(bars, labels=labels, label_type=where, color=TEXT_COLOR, fontweight="bold",
                   padding=3 if where == "edge" else 0, bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none"))


def count_axis(axis) -> None:
    """Whole-number ticks written the German way (1.234)."""
    from matplotlib.ticker import FuncFormatter

    axis.get_major_locator().set_params(integer=True)
    axis.set_major_formatter(FuncFormatter(lambda value, _position: de_number(int(round(value)))))


def date_axis(axis, pattern: str = "%d.%m.%Y") -> None:
    """Dates written the German way (31.12.2019, or 12.2019 with pattern "%m.%Y"), as many as fit side by side on
    the axis's width once the layout has set it (at most 8): beside long row labels only a few."""
    from matplotlib.dates import MONTHLY, AutoDateLocator, DateFormatter

    widest = len(dt.date(2019, 12, 31).strftime(pattern))

    class Fitting(AutoDateLocator):
        def __call__(self):
            axes = self.axis.axes
            width_in = axes.bbox.width / axes.get_figure(root=True).dpi
            label_in = widest * 0.55 * self.axis.majorTicks[0].label1.get_fontsize() / 72  # digits and dots
            fit = int(width_in / (label_in + 0.2)) + 1  # the outer labels may reach beyond the axis by half
            fit = max(2, min(8, fit))
            # a coarser step (years, not months) only where it still gives half as many dates as fit
            self.minticks, self.maxticks = max(2, fit // 2), dict.fromkeys(self.maxticks, fit)
            return super().__call__()

    locator = Fitting(minticks=2)
    locator.intervald[MONTHLY] = [1, 2, 3, 4, 6, 12]  # up to every January: a narrow axis may have room for two
    axis.set_major_locator(locator)
    axis.set_major_formatter(DateFormatter(pattern))


def text_width_pt(text: str, size_pt: float) -> float:
    """How wide `text` is drawn at `size_pt` (points, the default font), to decide before the layout whether it
    fits a cell or a bar."""
    drawing()
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    return text_to_path.get_text_width_height_descent(text, FontProperties(size=size_pt), ismath=False)[0]
