"""Who may open which console page: the gRPC authorization matrix, read per page.

Each page names the matrix rows (``Service/Method``) it stands for; a signed-in role may
open it when the matrix lets that role call one of those methods. So the console can
never show a role more than the gRPC API would give it, and a change to
`services/auth/matrix.py` changes the console with it. Insight pages show aggregates
only (counts, no consumer), for anyone who may read steward or loyalty data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g

from services.auth.matrix import PACKAGE, allowed
from services.identity import Caller

F = TypeVar("F", bound=Callable[..., Any])

# steward pages
FIND_CONSUMER = ("ConsentService/GetConsents",)
GRANT = ("ConsentService/GrantConsent",)
REVOKE = ("ConsentService/RevokeConsent",)
EXPORT = ("ConsentService/ExportConsumerData",)
ERASE = ("ConsentService/EraseConsumer",)
AUDIT = ("ConsentService/ListAuditLog",)
REVIEW = ("LifeEventService/ListReviewItems",)
RESOLVE = ("LifeEventService/ResolveReviewItem",)
# loyalty pages
TIER_SUMMARY = ("LoyaltyService/GetTierSummary",)
ASSIGNMENTS = ("LoyaltyService/ListTierAssignments",)
ONE_TIER = ("LoyaltyService/GetTier",)
# insight pages: aggregates for whoever reads steward or loyalty data
INSIGHTS = ("ConsentService/GetConsents", "LoyaltyService/GetTierSummary")


def may(role: str, rows: tuple[str, ...]) -> bool:
    """Whether ``role`` may open a page standing for ``rows``."""
    return any(allowed(f"/{PACKAGE}.{row}", role) for row in rows)


def caller() -> Caller | None:
    """The signed-in caller of this request (set by the session check), or None."""
    return getattr(g, "caller", None)


def requires(rows: tuple[str, ...]) -> Callable[[F], F]:
    """A view decorator: 403 unless the signed-in role may open a page standing for ``rows``.

    Signed-out requests never reach a view: the session check sends them to sign in first.
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            who = caller()
            if who is None or not may(who.role, rows):
                abort(403)
            return view(*args, **kwargs)

        guarded.rows = rows  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
