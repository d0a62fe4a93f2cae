"""How the dashboard prints its figures: numbers in words for the table, and the
geometry of each server-drawn SVG chart (templates/research/includes/chart.html)."""

from dataclasses import dataclass

from research.figures import GROUPS, Figure
from research.models import Group

COLOURS = {Group.HAT: "#1d70b8", Group.BLENDED: "#912b88"}  # GOV.UK blue and bright purple
WIDTH, LABEL_WIDTH, RIGHT_MARGIN = 640, 150, 110
BAR_HEIGHT, GAP, TOP = 28, 18, 10


def number(value, unit: str) -> str:
    if value is None:
        return "not known"
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit == "hours":
        # Simulated journeys (the load test) take seconds: say so rather than "0.0 hours".
        if value < 1 / 60:
            return f"{value * 3600:,.1f} seconds"
        return f"{value * 60:,.1f} minutes" if value < 1 else f"{value:,.1f} hours"
    if unit == "sessions":
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def interval(estimate, unit: str) -> str:
    if estimate.value is None:
        return ""
    if estimate.lower is None and estimate.upper is None:
        return "not known (too few)"
    lower = number(estimate.lower, unit) if estimate.lower is not None else "below the smallest"
    upper = number(estimate.upper, unit) if estimate.upper is not None else "above the largest"
    return f"{lower} to {upper}"


@dataclass
class Row:
    group: str
    label: str
    applies: bool
    too_few: bool
    value: str
    interval: str
    n: int
    count: int | None
    drawn: bool  # a bar on the chart; else a line of text saying why not


@dataclass
class Chart:
    figure: Figure
    rows: list
    bars: list
    width: int
    height: int
    description: str

    @property
    def key(self):
        return self.figure.key


def rows_of(figure: Figure) -> list[Row]:
    rows = []
    for group in GROUPS:
        estimate = figure.estimates[group]
        applies = group in figure.applies_to
        too_few = applies and estimate.too_few
        rows.append(
            Row(
                group=group,
                label=Group(group).label,
                applies=applies,
                too_few=too_few,
                value=number(estimate.value, figure.unit) if applies else "Not applicable",
                interval=interval(estimate, figure.unit) if applies else "",
                n=estimate.n,
                count=estimate.count,
                drawn=applies and not too_few and estimate.value is not None,
            )
        )
    return rows


def chart_of(figure: Figure) -> Chart:
    """Horizontal bars, one a group, with the 95% interval as a whisker. A group with too
    few (under 20) or to which the figure does not apply gets a line of text, no bar."""
    rows = rows_of(figure)
    shown = [figure.estimates[row.group] for row in rows if row.drawn]
    top = max([e.upper or e.value for e in shown] + [e.value for e in shown] + [0]) or 1
    scale = (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / (top * 1.05)
    bars = []
    for index, row in enumerate(rows):
        estimate = figure.estimates[row.group]
        y = TOP + index * (BAR_HEIGHT + GAP)
        bar = {
            "label": row.label,
            "y": y,
            "text_y": y + BAR_HEIGHT / 2 + 5,
            "colour": COLOURS[row.group],
            "drawn": row.drawn,
            "x": LABEL_WIDTH,
        }
        if row.drawn:
            width = estimate.value * scale
            bar.update(
                width=max(width, 1),
                whisker_from=LABEL_WIDTH + (estimate.lower or 0) * scale,
                whisker_to=LABEL_WIDTH
                + (estimate.upper if estimate.upper is not None else top * 1.05) * scale,
                whisker_y=y + BAR_HEIGHT / 2,
                whisker_open=estimate.upper is None,
                text=row.value,
                text_x=LABEL_WIDTH + max(width, (estimate.upper or 0) * scale) + 6,
            )
        else:
            reason = "Not applicable" if not row.applies else f"Too few to compare (n = {row.n})"
            bar.update(text=reason, text_x=LABEL_WIDTH)
        bars.append(bar)
    height = TOP * 2 + len(rows) * (BAR_HEIGHT + GAP) - GAP
    return Chart(figure, rows, bars, WIDTH, height, describe(figure, rows))


def describe(figure: Figure, rows: list[Row]) -> str:
    """The chart in words, for its <desc>: every number it shows."""
    parts = []
    for row in rows:
        if not row.applies:
            parts.append(f"{row.label}: not applicable")
        elif row.too_few:
            parts.append(f"{row.label}: too few to compare, {row.n} {figure.sample}")
        else:
            parts.append(
                f"{row.label}: {row.value} (95% interval {row.interval}), {row.n} {figure.sample}"
            )
    return ". ".join(parts) + "."
