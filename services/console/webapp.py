"""The console's Flask application: sessions, CSRF, security headers, errors, sign-in and sign-out.

Why Flask: the console is a few server-rendered pages over synchronous domain calls
(pymongo, like the gRPC servicers), and Flask gives exactly that with Jinja2's
autoescaping, signed cookies and Flask-WTF's CSRF protection, and no JavaScript.

Cookies: the session cookie is HTTP-only, SameSite=Strict, and Secure whenever the
request came over TLS or to a loopback address (Chromium keeps Secure cookies on
http://127.0.0.1 and http://localhost, which count as secure origins there); a Secure
cookie is named with the ``__Host-`` prefix, so it is bound to this host and path ``/``.
Only plain HTTP to a non-loopback name gets a cookie without Secure, and the server logs
a warning at start-up when it listens that way.
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from lifecue.config import ConsoleSettings
from lifecue.errors import (
    ConsentRequired,
    FailedPrecondition,
    InvalidArgument,
    LifecueError,
    NotFound,
    PermissionDenied,
    StorageUnavailable,
    Unauthenticated,
)
from services.console import access, insights, loyalty, steward
from services.console.domain import ConsoleDomain
from services.console.signin import Session, SignIn

SECURE_COOKIE = "__Host-lifecue-console"
PLAIN_COOKIE = "lifecue-console"
OPEN_ENDPOINTS = {"sign_in", "static", "health"}
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
_STATUS: tuple[tuple[type[LifecueError], int], ...] = (
    (InvalidArgument, 400),
    (Unauthenticated, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (ConsentRequired, 409),
    (FailedPrecondition, 409),
    (StorageUnavailable, 503),
)


def is_loopback(host: str) -> bool:
    """Whether a Host header (name[:port]) names this machine's loopback."""
    name = urlsplit(f"//{host}").hostname or ""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class ConsoleSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the Secure flag and cookie name chosen per request."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def secure(self) -> bool:
        """Whether this request's cookie carries Secure (see the module docstring)."""
        if self.mode != "auto":
            return self.mode == "always"
        return request.is_secure or is_loopback(request.host)

    def get_cookie_secure(self, app: Flask) -> bool:
        return self.secure()

    def get_cookie_name(self, app: Flask) -> str:
        return SECURE_COOKIE if self.secure() else PLAIN_COOKIE


class TrustedProxy:
    """WSGI middleware: believe X-Forwarded-Proto/For only from the configured proxy addresses."""

    def __init__(self, wsgi: Any, proxies: list[str]) -> None:
        self.wsgi = wsgi
        self.proxies = set(proxies)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REMOTE_ADDR") in self.proxies:
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
            forwarded = environ.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
            if forwarded:
                environ["REMOTE_ADDR"] = forwarded
        return self.wsgi(environ, start_response)


def create_app(domain: ConsoleDomain, signin: SignIn, settings: ConsoleSettings) -> Flask:
    """The console application over ``domain``, signing in with ``signin``."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    key = settings.secret_key.get_secret_value() if settings.secret_key else secrets.token_hex(32)
    app.config.update(
        SECRET_KEY=key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_PATH="/",
        PERMANENT_SESSION_LIFETIME=settings.session_minutes * 60,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        MAX_CONTENT_LENGTH=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.session_interface = ConsoleSessionInterface(settings.cookie_secure)
    app.wsgi_app = TrustedProxy(app.wsgi_app, settings.trusted_proxies)  # type: ignore[method-assign]
    CSRFProtect(app)
    app.extensions["lifecue.domain"] = domain
    app.extensions["lifecue.signin"] = signin
    app.extensions["lifecue.page_size"] = settings.page_size
    app.jinja_env.globals["may"] = lambda rows: (
        g.get("caller") is not None and access.may(g.caller.role, rows)
    )
    app.jinja_env.globals["pages"] = access
    app.jinja_env.globals["auth_enabled"] = signin.auth_enabled

    @app.before_request
    def check_session() -> Any:
        g.caller = None
        current = signin.load(session) if session else None
        if current is not None:
            g.caller = current.caller
            g.session = current
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        if g.caller is None:
            if "sid" in session:  # an expired or signed-out sign-in: forget it, keep nothing of it
                session.clear()
            return redirect(url_for("sign_in", next=request.full_path if request.method == "GET" else "/"))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(LifecueError)
    def domain_error(exc: LifecueError) -> tuple[str, int]:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
        return render_template("error.html", status=status, message=str(exc)), status

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[str, int]:
        message = f"the form could not be checked ({exc.description}); reload the page and try again"
        return render_template("error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[str, int]:
        status = exc.code or 500
        message = {
            403: "your role may not open this page",
            404: "there is no such page",
        }.get(status, exc.description or "")
        return render_template("error.html", status=status, message=message), status

    @app.get("/healthz")
    def health() -> tuple[str, int, dict[str, str]]:
        return "ok\n", 200, {"Content-Type": "text/plain"}

    @app.route("/sign-in", methods=["GET", "POST"])
    def sign_in() -> Any:
        error = ""
        status = 200
        target = _safe_next(request.values.get("next", "/"))
        if request.method == "POST":
            try:
                if request.form.get("method") == "password":
                    started = signin.with_password(
                        request.form.get("user", ""), request.form.get("password", "")
                    )
                elif request.form.get("method") == "anonymous":
                    started = signin.anonymous()
                else:
                    started = signin.with_token(request.form.get("token", ""))
            except Unauthenticated as exc:
                error, status = str(exc), 401
            else:
                _start(started)
                domain.record_sign_in(started.caller, started.caller.proof)
                return redirect(target)
        return render_template("sign_in.html", error=error, next=target, signin=signin), status

    @app.post("/sign-out")
    def sign_out() -> Any:
        current: Session | None = g.get("session")
        if current is not None:
            signin.sign_out(current)
            domain.record_sign_out(current.caller)
        session.clear()
        return redirect(url_for("sign_in"))

    @app.get("/")
    def home() -> str:
        return render_template("home.html")

    app.register_blueprint(steward.blueprint)
    app.register_blueprint(loyalty.blueprint)
    app.register_blueprint(insights.blueprint)
    return app


def _start(started: Session) -> None:
    """Put a fresh session in the cookie (a new CSRF token with it: no fixation across sign-ins)."""
    session.clear()
    session.update(started.cookie_data())
    session.permanent = True


def _safe_next(target: str) -> str:
    """Only same-site paths are followed after sign-in."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
