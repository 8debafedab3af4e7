"""What a console view reads from the running application: the domain adapter, the page size, the caller."""

from __future__ import annotations

from flask import abort, current_app, g

from services.console.domain import ConsoleDomain
from services.identity import Caller


def domain() -> ConsoleDomain:
    """The console's domain adapter."""
    return current_app.extensions["lifecue.domain"]  # type: ignore[no-any-return]


def page_size() -> int:
    """Rows per table page (``LIFECUE_CONSOLE__PAGE_SIZE``)."""
    return int(current_app.extensions["lifecue.page_size"])


def signed_in() -> Caller:
    """The signed-in caller (views run only for signed-in requests)."""
    caller: Caller | None = g.get("caller")
    if caller is None:
        abort(401)
    return caller
