"""Layout rules: domain packages know nothing of gRPC, only genome_store speaks to MongoDB,
genome_store's public names are curated, and generated code matches the protos."""

from __future__ import annotations

import ast
import filecmp
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import genome_store
from genome_store.driver_errors import is_storage_call

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ("pymongo", "bson")
# Modules outside genome_store that still reach MongoDB themselves (none); an entry that no longer
# offends fails the test, so the list can only shrink.
NOT_YET_BEHIND_GENOME_STORE: set[str] = set()
# Process wiring that still reaches genome_store modules directly (start-up and scheduled jobs).
WIRING_WITH_DEEP_IMPORTS: set[str] = set()
COLLECTION_METHODS = {
    "find_one", "insert_one", "insert_many", "update_one", "update_many", "delete_one", "delete_many",
    "replace_one", "bulk_write", "aggregate", "count_documents", "distinct", "watch", "find_one_and_update",
    "create_index", "create_indexes", "drop_collection", "list_collection_names",
}  # fmt: skip


def _sources(*tops: str) -> list[Path]:
    return sorted(p for top in tops for p in (ROOT / top).rglob("*.py") if "lifecue/v1" not in p.as_posix())


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every import in ``path`` (names empty for ``import x``)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_only_genome_store_imports_the_driver() -> None:
    offenders = {
        _rel(path)
        for path in _sources("lifecue", "lifeevents", "loyalty", "recommender", "services", "bench", "tests")
        if any(module.split(".")[0] in DRIVER for module, _ in _imports(path))
    }
    assert offenders - NOT_YET_BEHIND_GENOME_STORE == set(), "import genome_store instead of pymongo/bson"
    assert NOT_YET_BEHIND_GENOME_STORE - offenders - _touching_collections() == set(), (
        "these modules no longer reach MongoDB: remove them from NOT_YET_BEHIND_GENOME_STORE"
    )


def _touching_collections() -> set[str]:
    """Production modules outside genome_store that call collection methods or name collections."""
    found = set()
    for path in _sources("lifecue", "lifeevents", "loyalty", "recommender", "services"):
        tree = ast.parse(path.read_text(), str(path))
        calls = {
            node.func.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        }
        if calls & COLLECTION_METHODS or any(m == "genome_store.schema" for m, _ in _imports(path)):
            found.add(_rel(path))
    return found


def test_no_collection_is_touched_outside_genome_store() -> None:
    assert _touching_collections() - NOT_YET_BEHIND_GENOME_STORE == set(), (
        "add a function to a genome_store repository instead of querying a collection here"
    )


def test_other_packages_use_only_genome_stores_public_names() -> None:
    public = set(genome_store.__all__)
    offenders = []
    for path in _sources("lifeevents", "loyalty", "recommender", "services", "bench"):
        if _rel(path) in NOT_YET_BEHIND_GENOME_STORE | WIRING_WITH_DEEP_IMPORTS:
            continue
        for module, names in _imports(path):
            if module.startswith("genome_store.") or (module == "genome_store" and set(names) - public):
                offenders.append(f"{_rel(path)}: {module} {names}")
    assert offenders == []


def test_genome_store_all_is_sorted_unique_and_importable() -> None:
    names = genome_store.__all__
    assert len(names) == len(set(names))
    assert names == sorted(names, key=lambda n: (not n.isupper(), n[:1].islower(), n))
    for name in names:
        assert getattr(genome_store, name) is not None, name


def _storage_functions() -> list[tuple[str, object]]:
    """Every function (and Store method) of genome_store whose first parameter is the database."""
    found: list[tuple[str, object]] = []
    for info in pkgutil.iter_modules(genome_store.__path__, "genome_store."):
        module = __import__(info.name, fromlist=["_"])
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != info.name:
                continue
            if inspect.isfunction(value) and list(inspect.signature(value).parameters)[:1] == ["db"]:
                found.append((f"{info.name}.{name}", value))
    found.append(("genome_store.database.Store.drop", genome_store.Store.drop))
    return found


def test_every_storage_function_translates_driver_errors() -> None:
    functions = _storage_functions()
    assert len(functions) > 40
    unwrapped = [name for name, fn in functions if not is_storage_call(fn)]
    assert unwrapped == [], "decorate with genome_store.driver_errors.storage_call"


@pytest.mark.parametrize("package", ["lifeevents", "genome_store", "loyalty", "recommender"])
def test_domain_package_does_not_import_grpc(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'grpc' or n.startswith(('grpc.', 'lifecue.v1')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"{package} pulls in {out.stdout.strip()}"


def test_generated_code_is_fresh(tmp_path: Path) -> None:
    protos = sorted((ROOT / "protos").rglob("*.proto"))
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", str(ROOT / "protos"),
         f"--python_out={tmp_path}", f"--pyi_out={tmp_path}", f"--grpc_python_out={tmp_path}",
         *map(str, protos)],
        check=True,
    )  # fmt: skip
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.py*"))
    committed = sorted(p.relative_to(ROOT) for p in (ROOT / "lifecue" / "v1").glob("*_pb2*.py*"))
    assert fresh == committed, "run `make proto`: generated files differ from protos/"
    stale = [str(p) for p in fresh if not filecmp.cmp(tmp_path / p, ROOT / p, shallow=False)]
    assert not stale, f"run `make proto`: stale generated code {stale}"
