"""Log lines: context fields bound by `log_context` reach every line (text and JSON), a call site's own
field wins, and `lifecue up` keeps its terminal for the story while every line goes to its log file."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.logs import configure_logging, log_context

log = logging.getLogger("lifecue.test")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    for handler in root.handlers:
        if handler not in saved[0]:
            handler.close()
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_context_fields_nest_and_reach_the_text_format() -> None:
    buffer = io.StringIO()
    configure_logging("INFO", "text", stream=buffer)
    with log_context(job_id="j-1"), log_context(job_kind="retrain"):
        log.info("inside")
    log.info("outside")
    inside, outside = buffer.getvalue().splitlines()
    assert inside.endswith("inside [job_id=j-1 job_kind=retrain]") and outside.endswith("outside")
    with pytest.raises(ValueError, match="post_text"), log_context(post_text="anything"):
        pass


def test_json_lines_carry_the_context_and_a_call_sites_own_field_wins() -> None:
    buffer = io.StringIO()
    configure_logging("INFO", "json", stream=buffer)
    with log_context(request_id="r-1"):
        log.info("bound")
        log.info("given", extra={"request_id": "r-own"})
    bound, given = (json.loads(line) for line in buffer.getvalue().splitlines())
    assert (bound["request_id"], given["request_id"]) == ("r-1", "r-own")


def test_a_log_file_takes_every_line_and_the_terminal_only_warnings(tmp_path: Path) -> None:
    terminal = io.StringIO()
    path = tmp_path / "state" / "lifecue-up.log"
    configure_logging("INFO", "text", stream=terminal, log_file=path, console_level="WARNING")
    log.info("job finished")
    log.warning("database slow")
    assert "job finished" not in terminal.getvalue() and "database slow" in terminal.getvalue()
    written = path.read_text()
    assert "job finished" in written and "database slow" in written


def test_without_a_stream_lines_go_to_the_stderr_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A harness that swaps stderr (and closes the old one) does not make a later line fail: the handler
    reads ``sys.stderr`` when it writes, not when logging was set up."""
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stderr", first)
    configure_logging("INFO", "text")
    log.info("before the swap")
    monkeypatch.setattr("sys.stderr", second)
    first.close()
    log.info("after the swap")
    assert second.getvalue().rstrip().endswith("lifecue.test: after the swap")
    assert "Logging error" not in second.getvalue()
