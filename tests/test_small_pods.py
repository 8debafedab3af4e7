"""Small pods stay small: `lifecue serve --services consent` (or genome, loyalty) imports no model
library, because the registry imports only the selected services and the command line only the
subcommand's module. A fresh interpreter shows what one command drags in."""

from __future__ import annotations

import subprocess
import sys

import pytest

from services.registry import SERVICES, select

HEAVY = ("torch", "transformers", "spacy", "implicit", "lifeevents.pipeline", "recommender.serving")


def _imported_by(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("service", ["consent", "genome", "loyalty"])
def test_serving_a_small_service_imports_no_model_library(service: str) -> None:
    code = (
        "from services.cli import build_parser\n"
        f"args = build_parser(['serve', '--services', '{service}']).parse_args(['serve', '--services', '{service}'])\n"
        "from services.registry import select\n"
        "import services.app, services.server\n"
        f"select(['{service}'])"
    )
    assert _imported_by(code) == set()


def test_the_heavy_services_do_import_their_libraries() -> None:
    # the check above would pass for a probe that imports nothing: this one must see the libraries
    loaded = _imported_by(
        "from services.registry import select\nselect(['recommender', 'lifeevents'])\n"
        "import services.lifeevents.servicer  # what building the life-event service imports"
    )
    assert {"torch", "lifeevents.pipeline", "recommender.serving"} <= loaded


def test_the_registry_lists_every_service_and_loads_the_one_it_names() -> None:
    specs = select(None)
    assert [(s.key, s.full_name) for s in specs] == [(e.key, e.full_name) for e in SERVICES.values()]
    with pytest.raises(ValueError, match="unknown service"):
        select(["consent", "billing"])
