"""Authentication: the audited identity, key rotation by kid, keys, switching auth or reflection off."""

from __future__ import annotations

import logging
import multiprocessing
import os
import stat
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from lifecue.config import AuthSettings, load_settings
from lifecue.errors import FailedPrecondition, InvalidArgument, Unauthenticated
from lifecue.roles import ADMIN, COMMERCE, STEWARD
from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc
from services.auth import TokenPolicy, TokenVerifier, keys, mint, parse_ttl
from services.auth.keys import LOCAL_KEY_FILE, from_settings, local_keyring

HOUR = timedelta(hours=1)


def _grant(channel: grpc.Channel, consumer_id: str, metadata: tuple[tuple[str, str], ...] = ()) -> None:
    consent_service_pb2_grpc.ConsentServiceStub(channel).GrantConsent(
        consent_service_pb2.GrantConsentRequest(
            consumer_id=consumer_id, purpose=common_pb2.PURPOSE_PERSONALIZATION, source="web"
        ),
        metadata=metadata,
    )


def _actors(db, consumer_id: str) -> list[str]:
    return [e["actor"] for e in db.audit_log.find({"consumer_id": consumer_id}).sort("at", 1)]


def test_audit_records_the_verified_subject_and_role_not_a_header(serve, db) -> None:
    channel = serve("consent", role=STEWARD, subject="kim")
    _grant(channel, "c1", metadata=(("x-lifecue-actor", "mallory"),))
    admin = serve.channel(ADMIN, subject="ops-ada")
    _grant(admin, "c2")
    assert _actors(db, "c1") == ["kim (steward)"]
    assert _actors(db, "c2") == ["ops-ada (admin)"]
    history = db.genomes.find_one({"_id": "c1"})["consent_history"]
    assert [h["actor"] for h in history] == ["kim (steward)"]


def test_keys_rotate_by_kid_without_downtime(serve, app) -> None:
    old, new = "old-secret-0123456789-0123456789-01", "new-secret-0123456789-0123456789-01"
    app.settings.auth = AuthSettings(keys={"2026-01": old, "2026-02": new}, signing_kid="2026-02")
    serve("consent", role=None)
    policy = TokenPolicy()
    ring_old = from_settings(AuthSettings(keys={"2026-01": old}))
    assert ring_old is not None
    by_old = mint(ring_old, policy, STEWARD, "kim", HOUR)
    by_new = serve.token(STEWARD, "lee")
    assert '"kid":"2026-02"' in _header(by_new)
    _grant(serve.channel(token=by_old), "c1")
    _grant(serve.channel(token=by_new), "c2")
    # the old key is retired: a server started without it refuses what it signed
    app.settings.auth = AuthSettings(keys={"2026-02": new})
    serve("consent", role=None)
    with pytest.raises(grpc.RpcError) as info:
        _grant(serve.channel(token=by_old), "c3")
    assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "key id is unknown (known: 2026-02)" in info.value.details()
    _grant(serve.channel(token=by_new), "c4")


def _header(token: str) -> str:
    import base64

    head = token.split(".")[0]
    return base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)).decode().replace(" ", "")


def test_asymmetric_keys_verify_by_kid_and_sign_only_with_the_private_key() -> None:
    private = {kid: ec.generate_private_key(ec.SECP256R1()) for kid in ("a", "b")}
    public = {
        kid: key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
        for kid, key in private.items()
    }
    pem_b = (
        private["b"]
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )
    verifying = from_settings(AuthSettings(algorithm="ES256", keys=public))
    assert verifying is not None and verifying.signing is None  # a server holds no private key
    signing = from_settings(AuthSettings(algorithm="ES256", keys=public, signing_kid="b", signing_key=pem_b))
    assert signing is not None
    verifier = TokenVerifier(verifying, TokenPolicy())
    caller = verifier.verify(mint(signing, TokenPolicy(), COMMERCE, "shop", HOUR))
    assert (caller.subject, caller.role) == ("shop", COMMERCE)
    with pytest.raises(FailedPrecondition, match="no signing key"):
        mint(verifying, TokenPolicy(), COMMERCE, "shop", HOUR)
    with pytest.raises(FailedPrecondition, match="ES384 needs an EC key on secp384r1"):
        from_settings(AuthSettings(algorithm="ES384", keys=public))


def test_weak_or_misnamed_keys_are_refused() -> None:
    with pytest.raises(FailedPrecondition, match="at least 32 bytes"):
        from_settings(AuthSettings(keys={"k": "short"}))
    with pytest.raises(FailedPrecondition, match="SIGNING_KID 'z' is not a key"):
        from_settings(AuthSettings(keys={"k": "x" * 32}, signing_kid="z"))
    with pytest.raises(FailedPrecondition, match="not a PEM and not a readable file"):
        from_settings(AuthSettings(algorithm="RS256", keys={"k": "/no/such/key.pem"}))
    two = from_settings(AuthSettings(keys={"a": "x" * 32, "b": "y" * 32}))
    assert two is not None and two.signing is None  # several keys: which one signs must be said


def test_verified_tokens_are_remembered_until_they_expire() -> None:
    ring = from_settings(AuthSettings(keys={"k": "x" * 32}))
    assert ring is not None
    verifier = TokenVerifier(ring, TokenPolicy(leeway_seconds=0), cache_size=2)
    token = mint(ring, TokenPolicy(), STEWARD, "kim", timedelta(seconds=1))
    first = verifier.verify(token)
    assert verifier.verify(token) is first
    time.sleep(1.5)  # past its exp: remembering it must not keep it alive
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(token)
    for n in range(3):
        verifier.verify(mint(ring, TokenPolicy(), STEWARD, f"s{n}", HOUR))
    assert len(verifier._known) <= 2


def test_local_key_is_created_private_and_reused(tmp_path) -> None:
    ring = local_keyring(tmp_path)
    path = tmp_path / LOCAL_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_keyring(tmp_path).signing == ring.signing
    assert keys.resolve(AuthSettings(), tmp_path, embedded=True) == ring
    assert keys.resolve(AuthSettings(), tmp_path / "elsewhere", embedded=False) is None
    os.chmod(path, 0o644)
    with pytest.raises(FailedPrecondition, match="chmod 600"):
        local_keyring(tmp_path)


def _read_local_key(state_dir: str, start: Any, out: Any) -> None:
    start.wait()
    try:
        out.put(local_keyring(Path(state_dir)).signing)
    except FailedPrecondition as exc:
        out.put(str(exc))


def test_processes_starting_together_agree_on_one_whole_local_key(tmp_path) -> None:
    ctx = multiprocessing.get_context("spawn")
    for round_ in range(3):
        state, start, out = tmp_path / str(round_), ctx.Barrier(8), ctx.Queue()
        procs = [ctx.Process(target=_read_local_key, args=(str(state), start, out)) for _ in range(8)]
        for proc in procs:
            proc.start()
        secrets = [out.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join(30)
        assert len(set(secrets)) == 1 and len(secrets[0]) == 64, set(secrets)
        assert [p.name for p in (state / LOCAL_KEY_FILE).parent.iterdir()] == ["local-signing.key"]


def test_a_local_key_is_made_where_the_file_system_has_no_hard_links(tmp_path, monkeypatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    ring = local_keyring(tmp_path)
    path = tmp_path / LOCAL_KEY_FILE
    assert len(ring.signing) == 64 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_keyring(tmp_path).signing == ring.signing
    assert [p.name for p in path.parent.iterdir()] == ["local-signing.key"]


def test_a_short_local_key_is_refused_once_its_writer_had_time_to_finish(tmp_path) -> None:
    path = tmp_path / LOCAL_KEY_FILE
    path.parent.mkdir(parents=True)
    path.write_text("too short\n")
    os.chmod(path, 0o600)
    with pytest.raises(FailedPrecondition, match="shorter than 32 bytes"):
        local_keyring(tmp_path)


def test_ttl_is_parsed_and_bounded() -> None:
    assert parse_ttl("90s") == timedelta(seconds=90)
    assert parse_ttl("15m") == timedelta(minutes=15)
    assert parse_ttl("12h") == timedelta(hours=12)
    assert parse_ttl("7d") == timedelta(days=7)
    assert parse_ttl("3600") == timedelta(hours=1)
    for bad in ("0s", "1y", "-5m", "400d", ""):
        with pytest.raises(InvalidArgument, match="--ttl"):
            parse_ttl(bad)


def test_auth_off_only_when_asked_and_says_so(serve, app, db, caplog) -> None:
    app.settings.auth.enabled = False
    with caplog.at_level(logging.WARNING, logger="lifecue.auth"):
        channel = serve("consent", role=None)
    assert any("authentication is OFF" in r.getMessage() for r in caplog.records)
    _grant(channel, "c1", metadata=(("x-lifecue-actor", "mallory"),))
    assert _actors(db, "c1") == ["anonymous"]


def test_a_server_with_nothing_to_check_tokens_against_refuses_to_start(serve, app) -> None:
    app.settings.auth = AuthSettings()
    with pytest.raises(FailedPrecondition, match="LIFECUE_AUTH__ENABLED=false"):
        serve("consent")


def test_reflection_can_be_switched_off(serve, app) -> None:
    app.settings.server.reflection = False
    channel = serve("consent", role=None)
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    with pytest.raises(grpc.RpcError) as info:
        next(
            iter(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")])))
        )
    assert info.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_auth_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFECUE_AUTH__KEYS", '{"2026-01": "' + "s" * 32 + '", "2026-02": "' + "t" * 32 + '"}')
    monkeypatch.setenv("LIFECUE_AUTH__SIGNING_KID", "2026-02")
    monkeypatch.setenv("LIFECUE_TLS__CLIENT_ROLES", '{"shop-backend": "commerce"}')
    with pytest.raises(ValueError, match="client_roles needs client_ca_file"):
        load_settings()
    monkeypatch.delenv("LIFECUE_TLS__CLIENT_ROLES")
    settings = load_settings()
    ring = from_settings(settings.auth)
    assert ring is not None and ring.signing_kid == "2026-02" and ring.signing == b"t" * 32
    assert "s" * 32 not in repr(settings), "secrets must not show in logs of the settings"


def test_refusals_are_counted_and_logged_once_with_reason_and_caller(serve, caplog) -> None:
    from prometheus_client import REGISTRY

    def failures(reason: str) -> float:
        return REGISTRY.get_sample_value("lifecue_auth_failures_total", {"reason": reason}) or 0.0

    nobody = serve("consent", role=None)
    commerce = serve.channel(COMMERCE, subject="shop-1")
    before = failures("missing"), failures("forbidden")
    caplog.set_level(logging.INFO)
    caplog.clear()
    for channel, code in (
        (nobody, grpc.StatusCode.UNAUTHENTICATED),
        (commerce, grpc.StatusCode.PERMISSION_DENIED),
    ):
        with pytest.raises(grpc.RpcError) as err:
            _grant(channel, "c1")
        assert err.value.code() is code
    assert (failures("missing"), failures("forbidden")) == (before[0] + 1, before[1] + 1)
    lines = [r for r in caplog.records if r.name in ("lifecue.rpc", "lifecue.auth")]
    assert [(r.getMessage(), r.code) for r in lines] == [
        ("rpc", "UNAUTHENTICATED"),
        ("rpc", "PERMISSION_DENIED"),
    ]
    assert lines[0].reason.startswith("no credentials")
    assert (lines[1].subject, lines[1].role) == ("shop-1", COMMERCE)


def test_unknown_methods_are_unimplemented_before_authentication(serve) -> None:
    channel = serve("consent", role=None)
    method = channel.unary_unary("/lifecue.v1.ConsentService/NoSuchMethod", request_serializer=None,
                                 response_deserializer=None)  # fmt: skip
    with pytest.raises(grpc.RpcError) as err:
        method(b"", timeout=10)
    assert err.value.code() is grpc.StatusCode.UNIMPLEMENTED
