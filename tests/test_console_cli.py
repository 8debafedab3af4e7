"""`lifecue serve` serves the console on LIFECUE_CONSOLE__PORT; a token from `lifecue token` signs in."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from genome_store.embedded import free_port


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _Opener:
    """Opens a request without following redirects (the 302 of a sign-in carries the new cookie)."""

    def open(self, request: urllib.request.Request) -> Any:
        opener = urllib.request.build_opener(_KeepRedirects)
        try:
            return opener.open(request)
        except urllib.error.HTTPError as answer:
            if answer.code in (301, 302, 303):
                return answer
            raise


_no_redirects = _Opener()


def _wait_http(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def test_serve_serves_the_console_and_lifecue_token_signs_in(mongo_uri: str, db_name: str, tmp_path: Any,
                                                              auth_env: dict[str, str]) -> None:  # fmt: skip
    port, console_port = free_port(), free_port()
    env = {**os.environ, "MONGODB_URI": mongo_uri, "LIFECUE_DB_NAME": db_name, "LIFECUE_STATE_DIR": str(tmp_path),
           "LIFECUE_SERVER__GRACE_SECONDS": "1", "LIFECUE_CONSOLE__PORT": str(console_port), **auth_env}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "serve", "--port", str(port), "--services", "consent", "loyalty"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{console_port}/"
        _wait_http(base + "healthz")
        token = subprocess.run([sys.executable, "-m", "services.cli", "token", "--role", "loyalty", "--subject", "lou"],
                               env=env, capture_output=True, text=True, timeout=60, check=True).stdout.strip()  # fmt: skip
        # urllib keeps Secure cookies for https only; a browser keeps them on loopback (see webapp), so
        # the cookie is carried by hand here
        with urllib.request.urlopen(base + "sign-in") as answer:
            cookie = answer.headers["Set-Cookie"].split(";")[0]
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', answer.read().decode())
        assert csrf is not None and cookie.startswith("__Host-lifecue-console=")
        data = urllib.parse.urlencode(
            {"csrf_token": csrf.group(1), "method": "token", "token": token}
        ).encode()
        signed = urllib.request.Request(base + "sign-in", data=data, headers={"Cookie": cookie})
        with _no_redirects.open(signed) as answer:
            assert answer.status == 302
            cookie = answer.headers["Set-Cookie"].split(";")[0]
        with urllib.request.urlopen(urllib.request.Request(base, headers={"Cookie": cookie})) as answer:
            assert "lou (loyalty)" in answer.read().decode()
        try:
            urllib.request.urlopen(urllib.request.Request(base + "steward/audit", headers={"Cookie": cookie}))
            raise AssertionError("a loyalty user opened a steward page")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f'"url": "http://127.0.0.1:{console_port}/"' in err


def test_serve_refuses_to_start_when_the_console_port_is_taken(mongo_uri: str, db_name: str, tmp_path: Any,
                                                               auth_env: dict[str, str]) -> None:  # fmt: skip
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        env = {**os.environ, "MONGODB_URI": mongo_uri, "LIFECUE_DB_NAME": db_name, "LIFECUE_STATE_DIR": str(tmp_path),
               "LIFECUE_CONSOLE__PORT": str(taken.getsockname()[1]), **auth_env}  # fmt: skip
        out = subprocess.run([sys.executable, "-m", "services.cli", "serve", "--port", str(free_port()),
                              "--services", "consent"], env=env, capture_output=True, text=True, timeout=90)  # fmt: skip
    assert out.returncode == 2
    assert "LIFECUE_CONSOLE__PORT" in out.stderr
