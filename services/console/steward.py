"""Steward pages: find a consumer; consents and history; grant; revoke after seeing the cascade;
export; erase with a typed confirmation; the audit log; the review queue.

Every change is a POST with a CSRF token, made through `services.console.domain` with the
signed-in identity, which the audit log records as ``subject (role)``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from lifecue.errors import InvalidArgument
from services.console import access
from services.console.context import domain, page_size, signed_in
from services.console.domain import AUDIT_ACTIONS, DECISIONS, EVENT_LABELS, PURPOSES, REASONS, Resolution

blueprint = Blueprint("steward", __name__, url_prefix="/steward")

MAX_REASON = 500
SUBJECTS = ("self", "network")
DONE = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
_SAFE_FILE = re.compile(r"[^A-Za-z0-9._-]+")


def _purpose() -> str:
    purpose = request.form.get("purpose", "")
    if purpose not in PURPOSES:
        raise InvalidArgument("purpose", f"choose one of {', '.join(PURPOSES)}")
    return purpose


def _reason(required: bool = True) -> str:
    reason = request.form.get("reason", "").strip()
    if required and not reason:
        raise InvalidArgument("reason", "say why (it is kept with the change and in the audit log)")
    if len(reason) > MAX_REASON:
        raise InvalidArgument("reason", f"is {len(reason)} characters; at most {MAX_REASON}")
    return reason


@blueprint.get("/consumers")
@access.requires(access.FIND_CONSUMER)
def find() -> str:
    query = request.args.get("q", "").strip()
    found = domain().find_consumers(query) if query else []
    return render_template("steward/find.html", query=query, found=found)


@blueprint.get("/consumers/<consumer_id>")
@access.requires(access.FIND_CONSUMER)
def consumer(consumer_id: str) -> str:
    view = domain().consumer(consumer_id)
    return render_template(
        "steward/consumer.html", view=view, purposes=PURPOSES, done=request.args.get("done", "")
    )


@blueprint.post("/consumers/<consumer_id>/grant")
@access.requires(access.GRANT)
def grant(consumer_id: str) -> Response:
    result = domain().grant(signed_in(), consumer_id, _purpose(), _reason())
    done = (
        f"granted {result.state.purpose}" if result.changed else f"{result.state.purpose} was already granted"
    )
    return redirect(url_for("steward.consumer", consumer_id=consumer_id, done=done))  # type: ignore[return-value]


@blueprint.post("/consumers/<consumer_id>/revoke/preview")
@access.requires(access.REVOKE)
def revoke_preview(consumer_id: str) -> str:
    purpose, reason = _purpose(), _reason()
    cascade, granted = domain().preview_revoke(consumer_id, purpose)
    return render_template(
        "steward/revoke.html", consumer_id=consumer_id, cascade=cascade, granted=granted, reason=reason
    )


@blueprint.post("/consumers/<consumer_id>/revoke")
@access.requires(access.REVOKE)
def revoke(consumer_id: str) -> str:
    result = domain().revoke(signed_in(), consumer_id, _purpose(), _reason())
    return render_template("steward/revoked.html", consumer_id=consumer_id, result=result)


@blueprint.post("/consumers/<consumer_id>/export")
@access.requires(access.EXPORT)
def export(consumer_id: str) -> Response:
    result = domain().export(signed_in(), consumer_id)
    name = _SAFE_FILE.sub("_", consumer_id)[:80] or "consumer"
    return Response(
        result.json,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="lifecue-export-{name}.json"'},
    )


@blueprint.get("/consumers/<consumer_id>/erase")
@access.requires(access.ERASE)
def erase_form(consumer_id: str) -> str:
    view = domain().consumer(consumer_id)
    return render_template("steward/erase.html", view=view, error="")


@blueprint.post("/consumers/<consumer_id>/erase")
@access.requires(access.ERASE)
def erase(consumer_id: str) -> Any:
    typed = request.form.get("confirm", "")
    if typed != consumer_id:
        view = domain().consumer(consumer_id)
        error = "the id you typed does not match; nothing was erased"
        return render_template("steward/erase.html", view=view, error=error), 400
    result = domain().erase(signed_in(), consumer_id, _reason())
    return render_template("steward/erased.html", consumer_id=consumer_id, result=result)


@blueprint.get("/audit")
@access.requires(access.AUDIT)
def audit_log() -> str:
    consumer_id = request.args.get("consumer", "").strip()
    action = request.args.get("action", "")
    if action and action not in AUDIT_ACTIONS:
        raise InvalidArgument("action", f"choose one of {', '.join(AUDIT_ACTIONS)} or none")
    token = request.args.get("page", "")
    page = domain().audit_page(consumer_id, action, page_size(), token)
    return render_template(
        "steward/audit.html", page=page, consumer_id=consumer_id, action=action, actions=AUDIT_ACTIONS,
        first=not token,
    )  # fmt: skip


@blueprint.get("/review")
@access.requires(access.REVIEW)
def review() -> Any:
    event_type = request.args.get("type", "")
    reason = request.args.get("reason", "")
    if event_type and event_type not in EVENT_LABELS:
        raise InvalidArgument("type", f"choose one of {', '.join(EVENT_LABELS)} or none")
    if reason and reason not in REASONS:
        raise InvalidArgument("reason", f"choose one of {', '.join(REASONS)} or none")
    page = domain().review_items(event_type, reason, page_size(), request.args.get("page", ""))
    return render_template("steward/review.html", page=page, **_review_context(event_type, reason))


def _review_context(event_type: str, reason: str) -> dict[str, Any]:
    return {"event_type": event_type, "reason": reason, "types": EVENT_LABELS, "reasons": REASONS,
            "subjects": SUBJECTS, "done": request.args.get("done", "")}  # fmt: skip


@blueprint.post("/review/<item_id>")
@access.requires(access.RESOLVE)
def resolve(item_id: str) -> Response:
    decision = request.form.get("decision", "")
    if decision not in DECISIONS:
        raise InvalidArgument("decision", f"choose one of {', '.join(DECISIONS)}")
    resolution = Resolution(decision)
    if decision == "correct":
        event_type = request.form.get("event_type", "")
        subject = request.form.get("subject", "")
        if event_type not in EVENT_LABELS:
            raise InvalidArgument("event_type", f"choose one of {', '.join(EVENT_LABELS)}")
        if subject not in SUBJECTS:
            raise InvalidArgument("subject", f"choose one of {', '.join(SUBJECTS)}")
        raw = request.form.get("event_date", "").strip()
        try:
            when = date.fromisoformat(raw) if raw else None
        except ValueError:
            raise InvalidArgument("event_date", "write the date as YYYY-MM-DD, or leave it empty") from None
        resolution = Resolution("correct", event_type, subject, request.form.get("relation", ""), when)
    item = domain().resolve_review(signed_in(), item_id, resolution)
    shown = item.resolved["type"] if item.resolved else item.event_type
    done = f"{DONE[decision]}: {shown} of {item.consumer_id}"
    return redirect(url_for("steward.review", done=done))  # type: ignore[return-value]
