"""Labelled posts and date-resolution cases that train and test the life-event classifier."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
POSTS_TRAIN = DATA_DIR / "posts_train.jsonl"
POSTS_TEST = DATA_DIR / "posts_test.jsonl"
DATES_TEST = DATA_DIR / "dates_test.jsonl"

__all__ = ["DATA_DIR", "DATES_TEST", "POSTS_TEST", "POSTS_TRAIN"]
