"""The authorization matrix: one row per method, enforced on every method for every credential.

The table-driven test calls every method of every lifecue service with no token, with
broken tokens (expired, bad signature, wrong audience or issuer, unknown kid, another
algorithm, unsigned) and with a token of every role, and checks UNAUTHENTICATED,
PERMISSION_DENIED or not-denied exactly as the matrix says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import jwt
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from lifecue.roles import ADMIN, COMMERCE, INGEST, LOYALTY, ROLES, STEWARD
from services.auth import MATRIX, KeyRing, TokenPolicy, allowed, methods_of, mint
from tests.hostile import lifecue_methods

DENIED = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)

# what the matrix must say, written out by role as the design states it (admin: everything)
EXPECTED = {
    COMMERCE: {"RecommenderService/Recommend", "RecommenderService/RecordInteractions",
               "GenomeService/RecordPurchases", "GenomeService/UpsertProducts", "LoyaltyService/GetTier"},
    INGEST: {"LifeEventService/IngestPosts", "LifeEventService/ClassifyText"},
    LOYALTY: {"LoyaltyService/GetTier", "LoyaltyService/ListTierAssignments", "LoyaltyService/GetTierSummary"},
    STEWARD: {"ConsentService/GrantConsent", "ConsentService/RevokeConsent", "ConsentService/GetConsents",
              "ConsentService/ExportConsumerData", "ConsentService/EraseConsumer", "ConsentService/ListAuditLog",
              "GenomeService/GetGenome", "LifeEventService/ListLifeEvents",
              "LifeEventService/ListReviewItems", "LifeEventService/ResolveReviewItem"},
}  # fmt: skip


METHODS = lifecue_methods()


def test_every_method_of_every_service_has_a_row() -> None:
    missing = [path for path, _ in METHODS if path.removeprefix("/lifecue.v1.") not in MATRIX]
    assert not missing, f"add these methods to services/auth/matrix.py MATRIX: {missing}"
    assert len(METHODS) >= 20


def test_matrix_is_the_documented_table() -> None:
    for role, expected in EXPECTED.items():
        assert set(methods_of(role)) == expected, role
    assert set(methods_of(ADMIN)) == set(MATRIX)
    assert methods_of("root") == []
    for only_admin in (
        "RecommenderService/Retrain",
        "RecommenderService/GetModelInfo",
        "LoyaltyService/RecomputeTiers",
    ):
        assert [r for r in ROLES if allowed(f"/lifecue.v1.{only_admin}", r)] == [ADMIN]
    assert allowed("/lifecue.v1.NewService/NotInTheTable", ADMIN)
    assert not any(allowed("/lifecue.v1.NewService/NotInTheTable", r) for r in ROLES if r != ADMIN)


def _bad_tokens(serve: Any) -> dict[str, tuple[str, str]]:
    """Credentials that must be refused, and a word the refusal must contain."""
    ring: KeyRing = serve.signer.ring
    policy: TokenPolicy = serve.signer.policy
    hour = timedelta(hours=1)
    other = KeyRing("HS256", {}, ring.signing_kid, b"another-secret-of-more-than-32-bytes-000")
    retired = KeyRing("HS256", {}, "retired-kid", ring.signing)
    hs512 = KeyRing("HS512", {}, ring.signing_kid, b"k" * 64)
    claims = {"iss": policy.issuer, "aud": policy.audience, "sub": "mallory", "role": ADMIN,
              "iat": datetime.now(UTC), "exp": datetime.now(UTC) + hour}  # fmt: skip
    return {
        "no token": ("", "no credentials"),
        "expired": (mint(ring, policy, ADMIN, "old", hour, now=datetime.now(UTC) - 2 * hour), "expired"),
        "bad signature": (mint(other, policy, ADMIN, "mallory", hour), "signature"),
        "wrong audience": (mint(ring, TokenPolicy(audience="elsewhere"), ADMIN, "x", hour), "audience"),
        "wrong issuer": (mint(ring, TokenPolicy(issuer="evil"), ADMIN, "x", hour), "issued"),
        "unknown kid": (mint(retired, policy, ADMIN, "x", hour), "key id"),
        "other algorithm": (mint(hs512, policy, ADMIN, "x", hour), "algorithm"),
        "unsigned": (jwt.encode(claims, None, algorithm="none"), "algorithm"),
        "unknown role": (
            jwt.encode(
                {**claims, "role": "root"}, ring.signing, algorithm="HS256", headers={"kid": ring.signing_kid}
            ),
            "role",
        ),  # fmt: skip
        "not a jwt": ("not-a-jwt", "malformed"),
    }


def _call(channel: grpc.Channel, path: str, message: Any, token: str) -> grpc.StatusCode:
    call = channel.unary_unary(path, request_serializer=message.SerializeToString,
                               response_deserializer=lambda raw: raw)  # fmt: skip
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    try:
        call(message(), metadata=metadata, timeout=60)
    except grpc.RpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


def test_every_method_answers_every_credential_as_the_matrix_says(serve) -> None:
    channel = serve(role=None)
    bad = _bad_tokens(serve)
    roles = {role: serve.token(role) for role in ROLES}
    wrong = []
    for path, message in METHODS:
        for case, (token, reason) in bad.items():
            call = channel.unary_unary(path, request_serializer=message.SerializeToString)
            with pytest.raises(grpc.RpcError) as info:
                call(message(), metadata=(("authorization", f"Bearer {token}"),) if token else (), timeout=60)
            if info.value.code() != grpc.StatusCode.UNAUTHENTICATED or reason not in info.value.details():
                wrong.append((path, case, info.value.code(), info.value.details()))
            assert not token or token not in info.value.details(), "a refusal must never echo the token"
        for role, token in roles.items():
            code = _call(channel, path, message, token)
            expected = "allowed" if allowed(path, role) else grpc.StatusCode.PERMISSION_DENIED
            got = "allowed" if code not in DENIED else code
            if got != expected:
                wrong.append((path, role, code, ""))
    assert not wrong, "\n".join(map(str, wrong))


def test_permission_denied_names_the_roles_that_may(serve) -> None:
    channel = serve("consent", role=COMMERCE)
    path, message = next((p, m) for p, m in METHODS if p.endswith("/EraseConsumer"))
    with pytest.raises(grpc.RpcError) as info:
        channel.unary_unary(path, request_serializer=message.SerializeToString)(message(consumer_id="c1"))
    assert info.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "'commerce' may not call ConsentService/EraseConsumer" in info.value.details()
    assert "admin, steward" in info.value.details()


def test_health_is_open_without_credentials(serve) -> None:
    reply = health_pb2_grpc.HealthStub(serve(role=None)).Check(health_pb2.HealthCheckRequest(service=""))
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
