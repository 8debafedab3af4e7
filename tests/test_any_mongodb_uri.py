"""The same suite runs against any MongoDB named by LIFECUE_TEST_MONGODB_URI."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from genome_store import MEMORY, EmbeddedMongo, connect

ROOT = Path(__file__).resolve().parent.parent


def test_suite_runs_against_the_given_uri() -> None:
    with EmbeddedMongo(MEMORY) as other:
        env = {**os.environ, "LIFECUE_TEST_MONGODB_URI": other.uri}
        out = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "tests/test_schema.py", "tests/test_server.py",
             "tests/contract/test_contract_repositories.py::TestCatalog"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert out.returncode == 0, out.stdout[-3000:]
        assert " passed" in out.stdout
        with closing(connect(other.uri, "admin")) as store:
            inserts = store.db.command("serverStatus")["opcounters"]["insert"]
        assert inserts > 0, "the suite did not write to the server it was pointed at"
