"""Writes posts_train.jsonl, posts_test.jsonl and dates_test.jsonl deterministically from the templates.

Run: .venv/bin/python -m lifeevents.data.build_dataset
The split is by template: every template (and every hand-written post) belongs to exactly one
split, so test posts are phrased in ways training never saw.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from lifeevents.data import DATA_DIR
from lifeevents.data.build_social import build_social
from lifeevents.data.date_cases import build_date_cases
from lifeevents.data.render import SLOT, Template, render
from lifeevents.data.social_dates import build_social_date_cases
from lifeevents.data.templates_events import EVENTS, MULTI
from lifeevents.data.templates_none import (
    CHATTER,
    GENERAL_TALK,
    HARD_NEGATIVES,
    MORE_CHATTER,
    NEAR_MISSES,
    NETWORK_CHATTER,
    NOT_EVENTS,
    OTHERS_NEWS,
    SLOTTED_NEAR_MISSES,
)
from lifeevents.data.templates_posts import IDIOM_NONE, IDIOMS, NAMED, NAMED_NONE, NONE_POSTS, POSTS
from lifeevents.data.templates_stories import STORIES
from lifeevents.data.templates_voices import VOICES

SEED = 20260314
FIRST_DAY = date(2025, 6, 1)
LAST_DAY = date(2026, 10, 31)
QUOTA = {"train": 205, "test": 52}
NONE_QUOTA = {"train": 980, "test": 250}
MULTI_QUOTA = {"train": 90, "test": 22}
COUNTS_MARK = "<!-- counts: written by build_dataset.py -->"
WHO = {"S": "", "R": ":R", "C": ":C"}


def _spec(label: str, who: str) -> str:
    if who.startswith(("R=", "N=")):
        return f"{label}:{who}"
    return label + WHO[who]


def _split_of(i: int, every: int = 5) -> str:
    return "test" if i % every == 3 else "train"


def template_groups() -> dict[str, dict[str, list[Template]]]:
    """Templates grouped by label ('none' and 'multi' included), then by split."""
    groups: dict[str, dict[str, list[Template]]] = {}
    for label, lines in EVENTS.items():
        for i, line in enumerate(
            lines + VOICES[label] + STORIES[label] + POSTS[label] + NAMED[label] + IDIOMS[label]
        ):
            who, text = line.split("|", 1)
            groups.setdefault(label, {"train": [], "test": []})[_split_of(i)].append(
                Template(text, _spec(label, who))
            )
    for i, text in enumerate(
        HARD_NEGATIVES
        + NOT_EVENTS
        + OTHERS_NEWS
        + NEAR_MISSES
        + GENERAL_TALK
        + SLOTTED_NEAR_MISSES
        + CHATTER
        + MORE_CHATTER
        + NETWORK_CHATTER
        + NONE_POSTS
        + NAMED_NONE
        + IDIOM_NONE
    ):
        groups.setdefault("none", {"train": [], "test": []})[_split_of(i)].append(Template(text, ""))
    for i, (spec, text) in enumerate(MULTI):
        groups.setdefault("multi", {"train": [], "test": []})[_split_of(i, 4)].append(Template(text, spec))
    return groups


def normalise(text: str) -> str:
    """The key two posts share when they differ only in case, spacing or punctuation."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _posted(rng: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    return datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.randrange(60), rng.randrange(60))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build_posts(seed: int = SEED) -> dict[str, list[dict[str, object]]]:
    """Both splits of labelled posts; no normalised text appears twice anywhere."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: dict[str, list[dict[str, object]]] = {"train": [], "test": []}
    groups = template_groups()
    for split in ("train", "test"):
        rows: list[dict[str, object]] = []
        for label, by_split in groups.items():
            quota = {"none": NONE_QUOTA, "multi": MULTI_QUOTA}.get(label, QUOTA)[split]
            templates = by_split[split]
            cap = max(2, 3 * (quota // max(1, len(templates))))
            # a post with no slots yields at most a clean copy and one noisy copy
            caps = [cap if SLOT.search(t.text) else 2 for t in templates]
            uses = [0] * len(templates)
            made, attempts = 0, 0
            while made < quota and attempts < quota * 60:
                attempts += 1
                k = rng.randrange(len(templates))
                if uses[k] >= caps[k]:
                    continue
                moment = _posted(rng)
                text, events = render(templates[k], rng, moment.date())
                key = normalise(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                uses[k] += 1
                made += 1
                row: dict[str, object] = {"text": text, "posted_at": _stamp(moment), "events": events}
                rows.append(row | {"group": f"{label}-{k}"} if split == "train" else row)
        rng.shuffle(rows)
        prefix = "tr" if split == "train" else "te"
        out[split] = [{"id": f"{prefix}{i:05d}", **row} for i, row in enumerate(rows, 1)]
    return out


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    """One JSON object per line, UTF-8, emoji kept as they are."""
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def counts_table(posts: dict[str, list[dict[str, object]]], cases: list[dict[str, object]]) -> str:
    """Markdown table of posts per label and split (a two-event post counts for both labels)."""
    labels = [*EVENTS, "none"]
    per: dict[str, Counter[str]] = {}
    for split, rows in posts.items():
        counter: Counter[str] = Counter()
        for row in rows:
            events = row["events"]
            assert isinstance(events, list)
            counter.update(e["type"] for e in events)
            counter["none"] += not events
            counter["two events"] += len(events) == 2
            counter["posts"] += 1
        per[split] = counter
    lines = ["| label | train | test |", "|---|---:|---:|"]
    for label in [*labels, "two events", "posts"]:
        lines.append(f"| {label} | {per['train'][label]} | {per['test'][label]} |")
    dated = sum(1 for c in cases if c["expected_date"] is not None)
    lines.append("")
    lines.append(
        f"`dates_test.jsonl`: {len(cases)} cases, {dated} with a date and {len(cases) - dated} without."
    )
    return "\n".join(lines)


def main() -> None:
    """Rebuild every data file from the templates and the seed, and the counts in README.md."""
    posts = build_posts()
    write_jsonl(DATA_DIR / "posts_train.jsonl", posts["train"])
    write_jsonl(DATA_DIR / "posts_test.jsonl", posts["test"])
    seen = {normalise(str(row["text"])) for rows in posts.values() for row in rows}
    extra = build_social(seen, _posted, normalise)
    write_jsonl(DATA_DIR / "posts_social_train.jsonl", extra["social"])
    write_jsonl(DATA_DIR / "posts_heldout.jsonl", extra["heldout"])
    write_jsonl(DATA_DIR / "posts_heldout3.jsonl", extra["heldout3"])
    write_jsonl(DATA_DIR / "posts_voices_train.jsonl", extra["voices"])
    write_jsonl(DATA_DIR / "posts_heldout4.jsonl", extra["heldout4"])
    write_jsonl(DATA_DIR / "posts_register_train.jsonl", extra["register"])
    cases = build_date_cases(SEED)
    write_jsonl(DATA_DIR / "dates_test.jsonl", cases)
    write_jsonl(DATA_DIR / "dates_social.jsonl", build_social_date_cases(SEED))
    readme = DATA_DIR / "README.md"
    head, _, _ = readme.read_text(encoding="utf-8").partition(COUNTS_MARK)
    readme.write_text(head + COUNTS_MARK + "\n\n" + counts_table(posts, cases) + "\n", encoding="utf-8")
    print(f"train {len(posts['train'])}  test {len(posts['test'])}  social train {len(extra['social'])}"
          f"  heldout {len(extra['heldout'])}  heldout3 {len(extra['heldout3'])}  voices train {len(extra['voices'])}"
          f"  heldout4 {len(extra['heldout4'])}  register train {len(extra['register'])}"
          f"  dates {len(cases)}")  # fmt: skip


if __name__ == "__main__":
    main()
