"""Insight pages, aggregates only: upcoming life events by week and type, the recommender's
reasons over the last days, and when consumers buy (day of week by hour).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from flask import Blueprint, render_template, request

from lifecue.errors import InvalidArgument
from services.console import access, charts
from services.console.context import domain

blueprint = Blueprint("insights", __name__, url_prefix="/insights")

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS = tuple(f"{h:02d}" for h in range(24))


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidArgument(name, f"give a whole number from {low} to {high}")
    return int(raw)


@blueprint.get("/events")
@access.requires(access.INSIGHTS)
def events() -> str:
    weeks = _int_arg("weeks", 12, 1, 52)
    outlook = domain().upcoming_events(weeks)
    rows = [w.isoformat() for w in outlook.weeks]
    values = {(w.isoformat(), t): n for (w, t), n in outlook.counts.items()}
    grid = charts.heat_grid(
        "events-chart", f"Upcoming life events by week (starting Monday) and type, next {weeks} weeks",
        rows, outlook.types, values, row_axis="week of", col_axis="event type", cell=52,
    ) if outlook.types else None  # fmt: skip
    totals = charts.bar_chart(
        "events-total-chart",
        "Upcoming life events per week",
        [(w.isoformat(), outlook.total(w)) for w in outlook.weeks],
        patterned=False,
    )
    return render_template("insights/events.html", outlook=outlook, weeks=weeks, grid=grid, totals=totals)


@blueprint.get("/reasons")
@access.requires(access.INSIGHTS)
def reasons() -> str:
    days = _int_arg("days", 14, 1, 90)
    rows = domain().reason_counts(days)
    today = datetime.now(UTC).date()
    day_names = [(today - timedelta(days=k)).isoformat() for k in reversed(range(days))]
    labels = sorted({_label(r.kind, r.event_type) for r in rows})
    per_cell: Counter[tuple[str, str]] = Counter()
    per_label: Counter[str] = Counter()
    for r in rows:
        per_cell[(r.day.isoformat(), _label(r.kind, r.event_type))] += r.count
        per_label[_label(r.kind, r.event_type)] += r.count
    totals = charts.bar_chart(
        "reasons-chart", f"Reasons given in the last {days} days", [(k, per_label[k]) for k in labels]
    )
    grid = charts.heat_grid(
        "reasons-grid", "Reasons given per day", day_names, labels, dict(per_cell),
        row_axis="day (UTC)", col_axis="reason", cell=64,
    ) if labels else None  # fmt: skip
    return render_template(
        "insights/reasons.html", days=days, labels=labels, day_names=day_names, per_cell=per_cell,
        per_label=per_label, totals=totals, grid=grid,
    )  # fmt: skip


def _label(kind: str, event_type: str) -> str:
    return f"{kind}: {event_type}" if event_type else kind


@blueprint.get("/purchases")
@access.requires(access.INSIGHTS)
def purchases() -> str:
    days = _int_arg("days", 90, 1, 730)
    counts = domain().purchase_hours(days)
    values = {(DAYS[d - 1], HOURS[h]): n for (d, h), n in counts.items()}
    grid = charts.heat_grid(
        "purchases-chart", f"Purchases by day of week and hour (UTC), last {days} days",
        DAYS, HOURS, values, row_axis="day", col_axis="hour (UTC)", cell=34,
    )  # fmt: skip
    per_day = [(d, sum(values.get((d, h), 0) for h in HOURS)) for d in DAYS]
    return render_template(
        "insights/purchases.html", days=days, grid=grid, values=values, day_names=DAYS, hours=HOURS,
        per_day=per_day, total=sum(counts.values()),
        day_chart=charts.bar_chart("purchases-day-chart", "Purchases per day of week", per_day),
    )  # fmt: skip
