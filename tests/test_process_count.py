"""How many serving processes ``lifecue serve`` starts: the setting, or one per usable core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifecue.config import Settings
from services import processes


def test_a_set_count_is_taken_as_it_is() -> None:
    assert processes.process_count(Settings(server={"processes": 3})) == 3


def test_zero_means_one_per_core_of_the_affinity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(processes, "CPU_MAX", tmp_path / "absent")
    assert processes.process_count(Settings()) == len(os.sched_getaffinity(0))


@pytest.mark.parametrize(
    ("cpu_max", "cap"), [("150000 100000", 2), ("50000 100000", 1), ("max 100000", None)]
)
def test_a_container_cpu_quota_caps_the_count(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cpu_max: str, cap: int | None
) -> None:
    quota = tmp_path / "cpu.max"
    quota.write_text(cpu_max + "\n")
    monkeypatch.setattr(processes, "CPU_MAX", quota)
    cores = len(os.sched_getaffinity(0))
    assert processes.usable_cores() == (cores if cap is None else min(cores, cap))


def test_the_count_is_bounded() -> None:
    with pytest.raises(ValueError, match="processes"):
        Settings(server={"processes": -1})
