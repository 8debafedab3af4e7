"""TLS and mutual TLS on the server port, with certificates made here; client certificates as roles."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from lifecue.config import TlsSettings
from lifecue.roles import ADMIN
from lifecue.v1 import common_pb2, consent_service_pb2, consent_service_pb2_grpc, genome_service_pb2
from lifecue.v1 import genome_service_pb2_grpc as genome_grpc
from services.auth import bearer


class Pki:
    """A CA and certificates it signs, written as PEM files."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lifecue test CA")])
        self.cert = (
            self._builder(name, self.key.public_key(), name)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        self.ca_file = self._write("ca.pem", self.cert.public_bytes(serialization.Encoding.PEM))

    @staticmethod
    def _builder(subject: x509.Name, public: Any, issuer: x509.Name) -> x509.CertificateBuilder:
        now = datetime.now(UTC)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
        )

    def _write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def issue(self, common_name: str, sans: list[x509.GeneralName]) -> tuple[Path, Path]:
        """(certificate file, key file) for ``common_name`` with the given SANs."""
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        builder = self._builder(subject, key.public_key(), self.cert.subject)
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        cert = builder.sign(self.key, hashes.SHA256())
        pem_key = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return (
            self._write(f"{common_name}.pem", cert.public_bytes(serialization.Encoding.PEM)),
            self._write(f"{common_name}.key", pem_key),
        )


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return Pki(tmp_path)


def _server_tls(pki: Pki, mutual: bool) -> TlsSettings:
    cert, key = pki.issue(
        "lifecue-server", [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    )
    if not mutual:
        return TlsSettings(cert_file=cert, key_file=key)
    return TlsSettings(
        cert_file=cert,
        key_file=key,
        client_ca_file=pki.ca_file,
        client_roles={"shop-backend": "commerce", "spiffe://lifecue/steward-tool": "steward"},
    )


def _channel(port: int, pki: Pki, client: tuple[Path, Path] | None = None) -> grpc.Channel:
    creds = grpc.ssl_channel_credentials(
        root_certificates=pki.ca_file.read_bytes(),
        private_key=client[1].read_bytes() if client else None,
        certificate_chain=client[0].read_bytes() if client else None,
    )
    return grpc.secure_channel(f"127.0.0.1:{port}", creds)


def _upsert(channel: grpc.Channel, metadata: Any = (), product_id: str = "p1") -> Any:
    product = common_pb2.Product(
        product_id=product_id, title="Cake", category="food", price=9.5, in_stock=True
    )
    return genome_grpc.GenomeServiceStub(channel).UpsertProducts(
        genome_service_pb2.UpsertProductsRequest(products=[product]), metadata=metadata, timeout=10
    )


def _erase(channel: grpc.Channel, metadata: Any = ()) -> Any:
    return consent_service_pb2_grpc.ConsentServiceStub(channel).EraseConsumer(
        consent_service_pb2.EraseConsumerRequest(consumer_id="nobody"), metadata=metadata, timeout=10
    )


def _code(call: Any, *args: Any) -> grpc.StatusCode:
    try:
        call(*args)
    except grpc.RpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


def test_tls_port_serves_token_callers_and_refuses_plaintext(serve, app, pki) -> None:
    app.settings.tls = _server_tls(pki, mutual=False)
    serve("genome", role=None)
    with _channel(serve.port, pki) as channel:
        assert _upsert(channel, bearer(serve.token("commerce"))).results[0].status == common_pb2.ACCEPTED
        assert _code(_upsert, channel) == grpc.StatusCode.UNAUTHENTICATED
    assert _code(_upsert, serve.channel("commerce")) == grpc.StatusCode.UNAVAILABLE  # plaintext


def test_mutual_tls_maps_verified_client_certificates_to_roles(serve, app, pki) -> None:
    app.settings.tls = _server_tls(pki, mutual=True)
    serve("genome", "consent", role=None)
    shop = pki.issue("shop-backend", [])
    steward = pki.issue("kim", [x509.UniformResourceIdentifier("spiffe://lifecue/steward-tool")])
    stranger = pki.issue("stranger", [x509.DNSName("stranger.example")])
    with _channel(serve.port, pki, shop) as channel:
        assert _upsert(channel).results[0].status == common_pb2.ACCEPTED  # commerce by its CN, no token
        assert _code(_erase, channel) == grpc.StatusCode.PERMISSION_DENIED
    with _channel(serve.port, pki, steward) as channel:
        assert _code(_erase, channel) == grpc.StatusCode.NOT_FOUND  # allowed: steward by its SAN
        assert _code(_upsert, channel) == grpc.StatusCode.PERMISSION_DENIED
    with _channel(serve.port, pki, stranger) as channel:
        assert _code(_upsert, channel) == grpc.StatusCode.UNAUTHENTICATED  # verified, but no role
        reply = _upsert(channel, bearer(serve.token(ADMIN)), product_id="p2")  # a token still works
        assert reply.results[0].status == common_pb2.ACCEPTED
    with _channel(serve.port, pki) as channel:  # no client certificate: the handshake fails
        assert _code(_upsert, channel, bearer(serve.token(ADMIN))) == grpc.StatusCode.UNAVAILABLE
    outsider = Pki(pki.folder / "other")
    with _channel(serve.port, pki, outsider.issue("shop-backend", [])) as channel:  # same name, other CA
        assert _code(_upsert, channel) == grpc.StatusCode.UNAVAILABLE


def test_half_configured_tls_is_rejected(tmp_path) -> None:
    with pytest.raises(ValueError, match="both cert_file and key_file"):
        TlsSettings(cert_file=tmp_path / "c.pem")
    with pytest.raises(ValueError, match="client_roles needs client_ca_file"):
        TlsSettings(cert_file=tmp_path / "c", key_file=tmp_path / "k", client_roles={"x": "admin"})
    with pytest.raises(ValueError):
        TlsSettings(client_roles={"x": "root"})  # type: ignore[dict-item]
