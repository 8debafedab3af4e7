"""The web console for data stewards and loyalty teams, served beside the gRPC services.

`start_console` serves it; `create_app` builds the Flask application; `ConsoleDomain` is
the one adapter through which pages reach domain code; `ReviewQueue` is the interface
the review pages need from the life-event service (`StoredReviewQueue` implements it).
"""

from services.console.domain import (
    ConsoleDomain,
    Resolution,
    ReviewItem,
    ReviewPage,
    ReviewQueue,
    StoredReviewQueue,
)
from services.console.server import RunningConsole, start_console
from services.console.signin import SignIn
from services.console.webapp import create_app

__all__ = [
    "ConsoleDomain",
    "Resolution",
    "ReviewItem",
    "ReviewPage",
    "ReviewQueue",
    "RunningConsole",
    "SignIn",
    "StoredReviewQueue",
    "create_app",
    "start_console",
]
