"""The web console through its HTTP interface on the real database: sign-in, cookies, CSRF, roles,
steward actions and their audit entries, loyalty tables and downloads, insight figures."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from genome_store import audit
from genome_store.schema import GENOMES, POSTS, REVIEW_ITEMS
from lifecue.config import ConsoleSettings, ConsoleUser, Settings
from lifecue.roles import ROLES
from lifeevents.pipeline import Classifier
from services.auth import TokenPolicy, TokenSigner, mint
from services.auth.keys import resolve
from services.console import ConsoleDomain, SignIn, access, create_app
from services.console.webapp import PLAIN_COOKIE, SECURE_COOKIE
from tests.console_data import doubtful, hold_review_posts, seed

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Console:
    """A test client of the console with helpers to sign in and post forms with their CSRF token."""

    def __init__(self, client: FlaskClient, signer: TokenSigner, base: str = "http://127.0.0.1") -> None:
        self.client = client
        self.signer = signer
        self.base = base

    def csrf(self, path: str = "/sign-in") -> str:
        page = self.client.get(path, base_url=self.base).get_data(as_text=True)
        found = _CSRF.search(page)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def sign_in(self, role: str, subject: str | None = None, token: str | None = None) -> Any:
        token = token or self.signer.token(role, subject or f"kim-{role}", timedelta(hours=1))
        return self.client.post(
            "/sign-in",
            data={"csrf_token": self.csrf(), "method": "token", "token": token},
            base_url=self.base,
            headers={"Referer": self.base + "/sign-in"},  # browsers send it; Flask-WTF needs it over https
        )

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, base_url=self.base, **kw)

    def post(self, path: str, data: dict[str, str], form_page: str = "/") -> Any:
        return self.client.post(path, data={"csrf_token": self.csrf(form_page), **data}, base_url=self.base)


@pytest.fixture
def seeded(db: Any) -> dict[str, Any]:
    return seed(db, crowd=9)  # fewer than the browser tests' pictures need: quicker


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    """The shipped model acting on nothing, so the posts of `hold_review_posts` wait for review."""
    return doubtful(Classifier())


@pytest.fixture
def held(db: Any, seeded: dict[str, Any], classifier: Classifier) -> list[dict[str, Any]]:
    """Pending events ingested from posts: c-ana's pregnancy, c-ben's engagement."""
    return hold_review_posts(db, classifier)


def _console(db: Any, settings: Settings, **console: Any) -> Iterator[Console]:
    cfg = settings.model_copy(update={"console": ConsoleSettings(**console)})
    app = create_app(ConsoleDomain(db, cfg), SignIn.from_settings(cfg, embedded=False), cfg.console)
    with app.test_client() as client:
        yield Console(client, TokenSigner(cfg, embedded=False))


@pytest.fixture
def console(db: Any, settings: Settings, seeded: dict[str, Any]) -> Iterator[Console]:
    yield from _console(db, settings)


def test_signed_out_requests_go_to_sign_in(console: Console) -> None:
    for path in ("/", "/steward/consumers", "/loyalty/", "/insights/events"):
        answer = console.get(path)
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith("/sign-in?next=")


def test_token_sign_in_starts_a_session_with_the_tokens_subject_and_role(console: Console, db: Any) -> None:
    answer = console.sign_in("steward", "kim")
    assert answer.status_code == 302
    page = console.get("/").get_data(as_text=True)
    assert "kim (steward)" in page
    entries = audit.list_entries(db, action="console.sign_in").entries
    assert [(e.actor, e.details) for e in entries] == [("kim (steward)", {"proof": "token"})]


@pytest.mark.parametrize("case", ["expired", "wrong_audience", "bad_signature", "garbage", "empty"])
def test_bad_tokens_are_refused_with_the_reason(console: Console, settings: Settings, case: str) -> None:
    signer = console.signer
    good = signer.token("steward", "kim", timedelta(hours=1))
    token = {
        "expired": _expired(settings),
        "wrong_audience": _other_audience(settings),
        "bad_signature": good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"),
        "garbage": "not-a-token",
        "empty": " ",
    }[case]
    answer = console.sign_in("steward", token=token)
    assert answer.status_code == 401
    text = answer.get_data(as_text=True)
    assert "error-message" in text
    assert token.strip() == "" or token not in text  # a refusal never repeats the token
    assert console.get("/").status_code == 302


def _expired(settings: Settings) -> str:
    ring = resolve(settings.auth, settings.state_dir, embedded=False)
    assert ring is not None
    return mint(ring, TokenPolicy.from_settings(settings.auth), "steward", "kim", timedelta(minutes=1),
                now=datetime.now(UTC) - timedelta(hours=2))  # fmt: skip


def _other_audience(settings: Settings) -> str:
    ring = resolve(settings.auth, settings.state_dir, embedded=False)
    assert ring is not None
    return mint(ring, TokenPolicy(audience="someone-else"), "steward", "kim", timedelta(hours=1))


def test_session_cookie_is_http_only_strict_and_secure_on_loopback_and_tls(
    db: Any, settings: Settings
) -> None:
    for base, name, secure in (
        ("http://127.0.0.1", SECURE_COOKIE, True),
        ("http://localhost:8080", SECURE_COOKIE, True),
        ("https://console.example.org", SECURE_COOKIE, True),
        ("http://console.example.org", PLAIN_COOKIE, False),
    ):
        for console in _console(db, settings):
            console.base = base
            answer = console.sign_in("steward")
            cookies = [h for h in answer.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
            assert len(cookies) == 1, (base, answer.headers.getlist("Set-Cookie"))
            flags = cookies[0].lower()
            assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags
            assert ("; secure" in flags) is secure, base
            assert "domain=" not in flags  # __Host- cookies must not name a domain


def test_cookie_secure_setting_forces_the_flag(db: Any, settings: Settings) -> None:
    for console in _console(db, settings, cookie_secure="always"):
        console.base = "http://console.example.org"
        flags = [h for h in console.sign_in("steward").headers.getlist("Set-Cookie") if "lifecue" in h]
        assert flags and all("; Secure" in f for f in flags)


def test_forms_without_the_csrf_token_are_refused_and_change_nothing(console: Console, db: Any) -> None:
    console.sign_in("steward")
    before = db[GENOMES].find_one({"_id": "c-ana"})["consents"]
    for token in ("", "forged"):
        answer = console.client.post(
            "/steward/consumers/c-ana/revoke",
            data={"csrf_token": token, "purpose": "social_analysis", "reason": "x"},
            base_url=console.base,
        )
        assert answer.status_code == 400
        assert "could not be checked" in answer.get_data(as_text=True)
    assert db[GENOMES].find_one({"_id": "c-ana"})["consents"] == before
    assert db[POSTS].count_documents({"consumer_id": "c-ana"}) == 3


def test_sign_in_form_itself_needs_the_csrf_token(console: Console) -> None:
    token = console.signer.token("steward", "kim", timedelta(hours=1))
    answer = console.client.post("/sign-in", data={"method": "token", "token": token}, base_url=console.base)
    assert answer.status_code == 400
    assert console.get("/").status_code == 302


PAGES = [
    ("/steward/consumers?q=c-", access.FIND_CONSUMER),
    ("/steward/consumers/c-ana", access.FIND_CONSUMER),
    ("/steward/consumers/c-ana/erase", access.ERASE),
    ("/steward/audit", access.AUDIT),
    ("/steward/review", access.REVIEW),
    ("/loyalty/", access.TIER_SUMMARY),
    ("/loyalty/assignments", access.ASSIGNMENTS),
    ("/loyalty/assignments.csv", access.ASSIGNMENTS),
    ("/loyalty/consumer?id=c-cy", access.ONE_TIER),
    ("/insights/events", access.INSIGHTS),
    ("/insights/reasons", access.INSIGHTS),
    ("/insights/purchases", access.INSIGHTS),
]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_pages_the_grpc_matrix_gives_it(console: Console, role: str) -> None:
    console.sign_in(role)
    home = console.get("/").get_data(as_text=True)
    for path, rows in PAGES:
        answer = console.get(path)
        expected = 200 if access.may(role, rows) else 403
        assert answer.status_code == expected, (role, path)
        link = path.split("?")[0]
        if link in ("/steward/consumers", "/steward/audit", "/steward/review", "/loyalty/assignments"):
            assert (f'href="{link}"' in home) is access.may(role, rows), (role, link)


def test_the_matrix_gives_stewards_the_steward_pages_and_loyalty_the_loyalty_pages() -> None:
    steward_rows = [
        access.FIND_CONSUMER,
        access.REVOKE,
        access.EXPORT,
        access.ERASE,
        access.AUDIT,
        access.REVIEW,
    ]
    loyalty_rows = [access.TIER_SUMMARY, access.ASSIGNMENTS, access.ONE_TIER]
    assert all(access.may("steward", r) and not access.may("loyalty", r) for r in steward_rows)
    assert all(access.may("loyalty", r) and not access.may("steward", r) for r in loyalty_rows)
    assert all(access.may("admin", r) for r in steward_rows + loyalty_rows)
    assert not any(access.may("ingest", r) for r in steward_rows + loyalty_rows + [access.INSIGHTS])


def test_revoke_shows_the_cascade_counts_then_deletes_exactly_those(
    console: Console, db: Any, held: list[dict[str, Any]]
) -> None:
    console.sign_in("steward", "kim")
    preview = console.post(
        "/steward/consumers/c-ana/revoke/preview", {"purpose": "social_analysis", "reason": "asked by phone"}
    )
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert re.search(r'id="preview-posts">4<', text) and re.search(r'id="preview-events">3<', text)
    assert re.search(r'id="preview-reviews">1<', text)  # the pregnancy held for review, with its post
    assert db[POSTS].count_documents({"consumer_id": "c-ana"}) == 4  # a preview deletes nothing
    done = console.post(
        "/steward/consumers/c-ana/revoke", {"purpose": "social_analysis", "reason": "asked by phone"}
    )
    text = done.get_data(as_text=True)
    assert re.search(r'id="deleted-posts">4<', text) and re.search(r'id="deleted-events">3<', text)
    assert re.search(r'id="deleted-reviews">1<', text)
    assert db[POSTS].count_documents({"consumer_id": "c-ana"}) == 0
    assert db[REVIEW_ITEMS].count_documents({"consumer_id": "c-ana"}) == 0
    actions = {(e.action, e.actor) for e in audit.list_entries(db, consumer_id="c-ana").entries}
    assert {("consent.revoke", "kim (steward)"), ("consent.revoke.cascade", "kim (steward)")} <= actions
    history = db[GENOMES].find_one({"_id": "c-ana"})["consent_history"][-1]
    assert (history["granted"], history["evidence"], history["actor"]) == (
        False,
        "asked by phone",
        "kim (steward)",
    )


def test_grant_needs_a_reason_and_records_it(console: Console, db: Any) -> None:
    console.sign_in("steward", "kim")
    refused = console.post("/steward/consumers/c-cy/grant", {"purpose": "social_analysis", "reason": " "})
    assert refused.status_code == 400 and "reason" in refused.get_data(as_text=True)
    granted = console.post(
        "/steward/consumers/c-cy/grant", {"purpose": "social_analysis", "reason": "web form 7"}
    )
    assert granted.status_code == 302
    page = console.get(granted.headers["Location"]).get_data(as_text=True)
    assert "granted social_analysis" in page and "web form 7" in page
    state = db[GENOMES].find_one({"_id": "c-cy"})["consents"]["social_analysis"]
    assert state["granted"] is True and state["source"] == "console"


def test_export_downloads_json_and_is_audited(console: Console, db: Any) -> None:
    console.sign_in("steward", "kim")
    answer = console.post("/steward/consumers/c-ana/export", {}, form_page="/steward/consumers/c-ana")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == 'attachment; filename="lifecue-export-c-ana.json"'
    document = json.loads(answer.get_data(as_text=True))
    assert document["format"] == "lifecue.export/1" and len(document["posts"]) == 3
    entry = audit.list_entries(db, consumer_id="c-ana", action="consumer.export").entries[0]
    assert entry.actor == "kim (steward)"


def test_erase_needs_the_typed_id(console: Console, db: Any) -> None:
    console.sign_in("steward", "kim")
    wrong = console.post("/steward/consumers/c-ben/erase", {"reason": "request 12", "confirm": "c-be"})
    assert wrong.status_code == 400 and "does not match" in wrong.get_data(as_text=True)
    assert db[GENOMES].find_one({"_id": "c-ben"}) is not None
    right = console.post("/steward/consumers/c-ben/erase", {"reason": "request 12", "confirm": "c-ben"})
    assert right.status_code == 200 and "erased:" in right.get_data(as_text=True)
    assert db[GENOMES].find_one({"_id": "c-ben"}) is None
    assert console.get("/steward/consumers/c-ben").status_code == 404


def test_audit_log_filters_and_pages(console: Console, db: Any) -> None:
    console.sign_in("steward", "kim")
    first = console.get("/steward/audit?action=consent.grant").get_data(as_text=True)
    assert "consent.grant" in first and "console.sign_in" not in first.split('id="audit"')[1]
    grants = len(audit.list_entries(db, action="consent.grant", page_size=500).entries)
    assert grants == 5 and first.count("<tr><td>") == grants
    for k in range(60):
        audit.record(db, actor="seed (admin)", action="consumer.export", consumer_id="c-cy", details={"n": k})
    page1 = console.get("/steward/audit?consumer=c-cy&action=consumer.export").get_data(as_text=True)
    token = re.search(r'id="next-page" href="([^"]+)"', page1)
    assert token and page1.count("<tr><td>") == 50
    page2 = console.get(token.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert page2.count("<tr><td>") == 10 and 'id="next-page"' not in page2


def test_review_queue_lists_held_events_and_applies_corrections_and_rejections(
    console: Console, db: Any, held: list[dict[str, Any]]
) -> None:
    pregnancy, pet = (e["review_item_id"] for e in held)
    console.sign_in("steward", "kim")
    page = console.get("/steward/review").get_data(as_text=True)
    assert "Meet Biscuit" in page and "Big news coming soon" in page
    assert "held: low confidence and sensitive" in page
    only = console.get("/steward/review?reason=sensitive").get_data(as_text=True)
    assert "Big news coming soon" in only and "Biscuit" not in only
    corrected = console.post(
        f"/steward/review/{pet}", {"decision": "correct", "event_type": "new_pet", "subject": "network",
                                          "relation": "sister", "event_date": "2026-06-01"}, form_page="/steward/review")  # fmt: skip
    assert corrected.status_code == 302 and "corrected:+new_pet+of+c-ben" in corrected.headers["Location"]
    refused = console.post(f"/steward/review/{pet}", {"decision": "reject"}, "/steward/review")
    assert refused.status_code == 409 and "already corrected" in refused.get_data(as_text=True)
    assert (
        console.post(f"/steward/review/{pregnancy}", {"decision": "reject"}, "/steward/review").status_code
        == 302
    )
    pets = [e for e in db[GENOMES].find_one({"_id": "c-ben"})["life_events"] if e["type"] == "new_pet"]
    assert [(e["subject"], e["relation"], e["date"].date().isoformat(), e["source_post_ids"]) for e in pets] == [
        ("network", "sister", "2026-06-01", ["r-ben"])]  # fmt: skip
    assert [e["type"] for e in db[GENOMES].find_one({"_id": "c-ana"})["life_events"]].count("pregnancy") == 1
    decisions = audit.list_entries(db, action="review.resolve").entries
    assert sorted((e.consumer_id, e.details["decision"], e.actor) for e in decisions) == [
        ("c-ana", "rejected", "kim (steward)"), ("c-ben", "corrected", "kim (steward)")]  # fmt: skip
    assert "Nothing is waiting" in console.get("/steward/review").get_data(as_text=True)


def test_loyalty_summary_draws_the_last_recompute(console: Console, seeded: dict[str, Any]) -> None:
    console.sign_in("loyalty", "lou")
    page = console.get("/loyalty/").get_data(as_text=True)
    counts = seeded["recompute"].tier_counts
    for chart in ("tier-chart", "transition-chart", "rfm-chart", "behaviour-chart"):
        assert f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart}"' in page
    for tier, n in counts.items():
        assert re.search(rf"<th scope=\"row\">{tier}</th><td>{n}</td>", page), tier


def test_assignment_csv_matches_the_table_and_is_audited(console: Console, db: Any) -> None:
    console.sign_in("loyalty", "lou")
    answer = console.get("/loyalty/assignments.csv?tier=silver")
    assert answer.headers["Content-Disposition"] == 'attachment; filename="lifecue-tiers-silver.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert rows and {r["tier"] for r in rows} == {"silver"}
    table = console.get("/loyalty/assignments?tier=silver").get_data(as_text=True)
    assert all(f">{r['consumer_id']}</a>" in table for r in rows)
    entry = audit.list_entries(db, action="console.tiers.export").entries[0]
    assert (entry.actor, entry.details["tier"]) == ("lou (loyalty)", "silver")


def test_one_consumers_tier_shows_history_and_gap(console: Console) -> None:
    console.sign_in("loyalty")
    page = console.get("/loyalty/consumer?id=c-cy").get_data(as_text=True)
    assert 'id="tier">' in page and 'id="gap">' in page and 'id="tier-history"' in page
    assert console.get("/loyalty/consumer?id=nobody").status_code == 404


def test_sign_out_ends_the_session_even_for_a_replayed_cookie(console: Console, db: Any) -> None:
    console.sign_in("steward", "kim")
    saved = console.client.get_cookie(SECURE_COOKIE, domain="127.0.0.1")
    assert saved is not None
    assert console.post("/sign-out", {}).status_code == 302
    assert console.get("/").status_code == 302
    console.client.set_cookie(SECURE_COOKIE, saved.value, domain="127.0.0.1")
    assert console.get("/").status_code == 302
    assert audit.list_entries(db, action="console.sign_out").entries[0].actor == "kim (steward)"


def test_password_sign_in_with_hashed_credentials(db: Any, settings: Settings) -> None:
    from werkzeug.security import generate_password_hash

    users = {"ana": ConsoleUser(role="loyalty", password_hash=generate_password_hash("correct horse"))}
    for console in _console(db, settings, users=users):
        for name, password in (("ana", "wrong"), ("nobody", "correct horse")):
            answer = console.client.post("/sign-in", base_url=console.base, data={
                "csrf_token": console.csrf(), "method": "password", "user": name, "password": password})  # fmt: skip
            assert answer.status_code == 401 and "user name or password is wrong" in answer.get_data(
                as_text=True
            )
        answer = console.client.post("/sign-in", base_url=console.base, data={
            "csrf_token": console.csrf(), "method": "password", "user": "ana", "password": "correct horse"})  # fmt: skip
        assert answer.status_code == 302
        assert "ana (loyalty)" in console.get("/").get_data(as_text=True)
        assert console.get("/steward/consumers").status_code == 403


def test_security_headers_allow_only_local_assets(console: Console) -> None:
    answer = console.get("/sign-in")
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "DENY" and answer.headers["Cache-Control"] == "no-store"
    assert "http" not in re.sub(
        r"http://www.w3.org/2000/svg", "", answer.get_data(as_text=True).split("<body>")[0]
    )
    assert console.get("/static/console.css").status_code == 200


def test_next_after_sign_in_stays_on_this_site(console: Console) -> None:
    token = console.signer.token("steward", "kim", timedelta(hours=1))
    for target, expected in (("/steward/audit", "/steward/audit"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/")):  # fmt: skip
        console.client.post("/sign-out", data={"csrf_token": console.csrf()}, base_url=console.base)
        answer = console.client.post("/sign-in", base_url=console.base, data={
            "csrf_token": console.csrf(), "method": "token", "token": token, "next": target})  # fmt: skip
        assert answer.headers["Location"] == expected


def test_a_signed_out_request_elsewhere_keeps_the_sign_in_forms_csrf_token(console: Console) -> None:
    """Regression: Chromium's /favicon.ico request during sign-in cleared the session and its CSRF token."""
    token = console.csrf()
    assert console.get("/favicon.ico").status_code == 302
    signed = console.client.post("/sign-in", base_url=console.base, data={
        "csrf_token": token, "method": "token", "token": console.signer.token("steward", "kim", timedelta(hours=1))})  # fmt: skip
    assert signed.status_code == 302
