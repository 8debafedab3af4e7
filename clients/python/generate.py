"""Generate lifecue_client/v1 from the repository's protos (``make proto`` runs this).

The stubs are made by the same protoc as the server's (``grpc_tools``, from the same
``protos/``), then their imports are moved from ``lifecue.v1`` to ``lifecue_client.v1``
so the client installs beside, never over, the server package. The descriptors stay
byte-identical to the server's. The output is committed; tests/test_python_client.py
regenerates it and fails when the committed copy is stale.

    python clients/python/generate.py [OUT_DIR]
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTOS = HERE.parent.parent / "protos"
PACKAGE = HERE / "src" / "lifecue_client" / "v1"
_IMPORT = re.compile(r"^from lifecue\.v1 import ", re.MULTILINE)
INIT = '"""Generated gRPC stubs of lifecue.v1 (``python clients/python/generate.py``); never edited by hand."""\n'


def generate(out: Path = PACKAGE) -> list[Path]:
    """Write the stubs into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    protos = sorted(str(p) for p in (PROTOS / "lifecue" / "v1").glob("*.proto"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "grpc_tools.protoc", "-I", str(PROTOS),
             f"--python_out={tmp}", f"--pyi_out={tmp}", f"--grpc_python_out={tmp}", *protos],
            check=True,
        )  # fmt: skip
        written = []
        for source in sorted((Path(tmp) / "lifecue" / "v1").glob("*_pb2*.py*")):
            target = out / source.name
            target.write_text(_IMPORT.sub("from lifecue_client.v1 import ", source.read_text()))
            written.append(target)
    (out / "__init__.py").write_text(INIT)
    return [*written, out / "__init__.py"]


if __name__ == "__main__":
    for path in generate(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE):
        print(path)
