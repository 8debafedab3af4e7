"""The image, checked without a Docker engine: what it copies exists and is in the build
context, it installs every package and the shipped model, its entrypoint and healthcheck run."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from services.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def exec_form(args: str) -> list[str]:
    """The JSON array of an exec-form instruction (ENTRYPOINT, CMD, HEALTHCHECK ... CMD)."""
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(x, str) for x in value), args
    return value


def copies() -> list[list[str]]:
    """Sources of each COPY from the build context (copies from other stages left out)."""
    out = []
    for word, args in instructions():
        if word == "COPY":
            parts = shlex.split(args)
            if any(p.startswith("--from") for p in parts):
                continue
            out.append([p for p in parts if not p.startswith("--")][:-1])
    return out


def _pattern(pattern: str) -> re.Pattern[str]:
    # Docker's .dockerignore: path globs where `*` stays within one folder and `**` spans any.
    regex = ""
    for part in re.split(r"(\*\*/?|\*|\?)", pattern.strip("/")):
        regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(part, re.escape(part))
    return re.compile(regex)


def ignored(path: str) -> bool:
    """Whether .dockerignore keeps ``path`` out of the context (last match wins; a folder covers its files)."""
    rules = [
        (line.startswith("!"), _pattern(line.lstrip("!")))
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for negated, rule in rules:
        if any(rule.fullmatch(p) for p in prefixes):
            excluded = not negated
    return excluded


def test_dockerignore_reading_matches_docker_semantics() -> None:
    assert ignored(".git/config") and ignored("tests/test_layout.py") and ignored(".venv/bin/python")
    assert not ignored("services/cli/up.py") and not ignored("pyproject.toml")
    assert ignored("services/__pycache__/app.cpython-311.pyc")


def test_every_copied_source_exists_and_is_in_the_build_context() -> None:
    sources = [s for group in copies() for s in group]
    assert "pyproject.toml" in sources
    for source in sources:
        path = ROOT / source
        assert path.exists(), f"COPY {source}: no such file"
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        kept = [f for f in files if not ignored(str(f.relative_to(ROOT)))]
        assert kept, f"COPY {source}: .dockerignore leaves nothing of it in the build context"


def test_image_copies_every_installed_package() -> None:
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"][
        "include"
    ]
    packages = {p.rstrip("*") for p in include}
    on_disk = {p for p in packages if (ROOT / p / "__init__.py").is_file()}
    copied = {s.strip("/") for group in copies() for s in group}
    assert on_disk <= copied, f"the image misses packages {sorted(on_disk - copied)}"


def test_torch_pin_and_python_match_the_project() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (torch_pin,) = [d for d in project["dependencies"] if d.startswith("torch")]
    text = (ROOT / "Dockerfile").read_text()
    assert f'pip install --extra-index-url "${{TORCH_INDEX_URL}}" "{torch_pin}+cpu"' in text
    (base,) = re.findall(r"ARG PYTHON_IMAGE=python:(\d+\.\d+)-slim", text)
    low, high = re.findall(r"(\d+\.\d+)", project["requires-python"])
    assert (
        tuple(map(int, low.split("."))) <= tuple(map(int, base.split("."))) < tuple(map(int, high.split(".")))
    )


def test_runs_as_a_numeric_non_root_user() -> None:
    users = [args for word, args in instructions() if word == "USER"]
    assert users, "no USER: the image would run as root"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "runAsNonRoot needs a numeric, non-zero USER"


def test_entrypoint_and_default_command_run_in_the_venv() -> None:
    found = dict(instructions())
    entrypoint, cmd = exec_form(found["ENTRYPOINT"]), exec_form(found["CMD"])
    assert entrypoint == ["lifecue"]
    build_parser().parse_args(cmd)  # the default command is one the CLI knows
    out = subprocess.run([str(BIN / "lifecue"), "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "serve" in out.stdout and "health" in out.stdout


def test_healthcheck_is_the_grpc_health_check() -> None:
    (args,) = [a for w, a in instructions() if w == "HEALTHCHECK"]
    command = exec_form(args.split(" CMD ", 1)[1])
    assert command == ["python", "-m", "services.healthcheck"]
    # it runs (tests/test_health_cli.py runs it against a live server); with nothing there it fails
    out = subprocess.run([sys.executable, *command[1:], "--target", "127.0.0.1:9", "--timeout", "0.5"],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 1


@pytest.mark.slow
def test_the_wheel_ships_the_classifier_model(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("lifecue-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    version = json.loads((ROOT / "lifeevents" / "model" / "current.json").read_text())["version"]
    assert "lifeevents/model/current.json" in names
    assert (
        f"lifeevents/model/{version}/head.npz" in names and f"lifeevents/model/{version}/meta.json" in names
    )
    assert "lifecue/v1/recommender_service_pb2_grpc.py" in names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_the_image_exports_the_encoder_build_where_its_services_read_it() -> None:
    runs = [shlex.split(a) for w, a in instructions() if w == "RUN" and "export-encoder" in a]
    assert len(runs) == 1, "the image should export the encoder's ONNX build once, at build time"
    words = runs[0]
    command = words[words.index("lifecue") + 1 :]
    args = build_parser(command).parse_args(command)  # a command the CLI knows
    envs = " ".join(a for w, a in instructions() if w == "ENV")
    assert f"LIFECUE_LIFEEVENTS__BUILD_CACHE={args.to}" in envs
