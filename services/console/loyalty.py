"""Loyalty pages: tier distribution and transitions of the last recompute as charts, RFM(T) and
behaviour-group counts, a paged and filtered table of assignments with a CSV download, and one
consumer's tier history with the gap to the next tier.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Blueprint, Response, render_template, request

from services.cli.tiers import COLUMNS, row
from services.console import access, charts
from services.console.context import domain, page_size, signed_in
from services.console.domain import BEHAVIOURS, GROUPS, TIERS, Assignment, Filters

blueprint = Blueprint("loyalty", __name__, url_prefix="/loyalty")


def _filters() -> Filters:
    return Filters(
        tier=request.args.get("tier", ""),
        rfm=request.args.get("rfm", ""),
        behaviour=request.args.get("behaviour", ""),
    )


@blueprint.get("/")
@access.requires(access.TIER_SUMMARY)
def summary() -> str:
    s = domain().tier_summary()
    tiers = [(t, s.tier_counts.get(t, 0)) for t in TIERS]
    groups = [(g, s.rfm_counts.get(g, 0)) for g in GROUPS]
    behaviours = [(b, s.behaviour_counts.get(b, 0)) for b in BEHAVIOURS]
    matrix = {(a, b): n for a, b, n in s.transitions}
    return render_template(
        "loyalty/summary.html",
        summary=s,
        tiers=tiers,
        groups=groups,
        behaviours=behaviours,
        tier_names=TIERS,
        matrix=matrix,
        tier_chart=charts.bar_chart("tier-chart", "Consumers per tier", tiers),
        transition_chart=charts.heat_grid(
            "transition-chart",
            "Tier transitions in the last recompute (from row to column)",
            TIERS,
            TIERS,
            matrix,
            row_axis="from",
            col_axis="to",
        ),  # fmt: skip
        rfm_chart=charts.bar_chart("rfm-chart", "Consumers per RFM(T) group", groups),
        behaviour_chart=charts.bar_chart("behaviour-chart", "Consumers per behaviour group", behaviours),
    )


@blueprint.get("/assignments")
@access.requires(access.ASSIGNMENTS)
def assignments() -> str:
    filters = _filters()
    token = request.args.get("page", "")
    page = domain().assignments(filters, page_size(), token)
    return render_template(
        "loyalty/assignments.html", page=page, filters=filters, tiers=TIERS, groups=GROUPS, behaviours=BEHAVIOURS,
        first=not token,
    )  # fmt: skip


@blueprint.get("/assignments.csv")
@access.requires(access.ASSIGNMENTS)
def assignments_csv() -> Response:
    filters = _filters()
    rows = domain().all_assignments(signed_in(), filters)
    name = "-".join(x for x in ("tiers", filters.tier, filters.rfm, filters.behaviour) if x)
    return Response(
        _csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="lifecue-{name}.csv"'},
    )


def _csv(rows: Iterator[Assignment]) -> Iterator[str]:
    """The CSV of `lifecue tiers export`, streamed in chunks of 500 rows."""
    buffer = io.StringIO()
    out = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    out.writeheader()
    for k, a in enumerate(rows, 1):
        out.writerow(row(a))
        if k % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@blueprint.get("/consumer")
@access.requires(access.ONE_TIER)
def consumer() -> str:
    consumer_id = request.args.get("id", "").strip()
    found = domain().tier_of(consumer_id) if consumer_id else None
    gap_chart = None
    if found is not None and found.next_tier:
        reached = found.value_12m
        gap_chart = charts.bar_chart(
            "gap-chart", f"12-month value against the {found.next_tier} threshold",
            [("value, 12 months", reached), (f"{found.next_tier} needs", reached + found.next_tier_gap)],
        )  # fmt: skip
    return render_template("loyalty/consumer.html", consumer_id=consumer_id, found=found, gap_chart=gap_chart)
