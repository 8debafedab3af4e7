"""The labelled posts and date cases are well-formed, cover every label, and keep test apart from train."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from lifeevents.data import DATA_DIR, DATES_TEST, POSTS_TEST, POSTS_TRAIN
from lifeevents.dataset import EVAL_SPLITS, OTHER_LANGUAGE_SPLITS

SOCIAL_TRAIN = DATA_DIR / "posts_social_train.jsonl"
HELDOUT = DATA_DIR / "posts_heldout.jsonl"
HELDOUT3 = DATA_DIR / "posts_heldout3.jsonl"
HELDOUT4 = DATA_DIR / "posts_heldout4.jsonl"
HELDOUT5 = DATA_DIR / "posts_heldout5.jsonl"
HELDOUT6 = DATA_DIR / "posts_heldout6.jsonl"
HELDOUT7 = DATA_DIR / "posts_heldout7.jsonl"
HELDOUT8 = DATA_DIR / "posts_heldout8.jsonl"
HELDOUT9 = DATA_DIR / "posts_heldout9.jsonl"
HELDOUT10 = DATA_DIR / "posts_heldout10.jsonl"
HELDOUT11 = DATA_DIR / "posts_heldout11.jsonl"
HELDOUT12 = DATA_DIR / "posts_heldout12.jsonl"
HELDOUT13 = DATA_DIR / "posts_heldout13.jsonl"
HELDOUT14 = DATA_DIR / "posts_heldout14.jsonl"
HELDOUT15 = DATA_DIR / "posts_heldout15.jsonl"
HELDOUT16 = DATA_DIR / "posts_heldout16.jsonl"
HELDOUT17 = DATA_DIR / "posts_heldout17.jsonl"
HELDOUT18 = DATA_DIR / "posts_heldout18.jsonl"
HELDOUT20 = DATA_DIR / "posts_heldout20.jsonl"
HELDOUT22 = DATA_DIR / "posts_heldout22.jsonl"
HELDOUT23 = DATA_DIR / "posts_heldout23.jsonl"
HELDOUT24 = DATA_DIR / "posts_heldout24.jsonl"
HELDOUT25 = DATA_DIR / "posts_heldout25.jsonl"
HELDOUT26 = DATA_DIR / "posts_heldout26.jsonl"
HELDOUT27 = DATA_DIR / "posts_heldout27.jsonl"
HELDOUT34 = DATA_DIR / "posts_heldout34.jsonl"
HELDOUT36 = DATA_DIR / "posts_heldout36.jsonl"
HELDOUT39 = DATA_DIR / "posts_heldout39.jsonl"
HELDOUT43 = DATA_DIR / "posts_heldout43.jsonl"
HELDOUT64 = DATA_DIR / "posts_heldout64.jsonl"
HELDOUT72 = DATA_DIR / "posts_heldout72.jsonl"
HELDOUT181 = DATA_DIR / "posts_heldout181.jsonl"
HELDOUT182 = DATA_DIR / "posts_heldout182.jsonl"
HELDOUT183 = DATA_DIR / "posts_heldout183.jsonl"
HELDOUT184 = DATA_DIR / "posts_heldout184.jsonl"
HELDOUT185 = DATA_DIR / "posts_heldout185.jsonl"
HELDOUT186 = DATA_DIR / "posts_heldout186.jsonl"
HELDOUT29 = DATA_DIR / "posts_heldout29.jsonl"
HELDOUT30 = DATA_DIR / "posts_heldout30.jsonl"
HELDOUT31 = DATA_DIR / "posts_heldout31.jsonl"
WRITERS_TRAIN = DATA_DIR / "posts_writers_train.jsonl"
WRITERS2_TRAIN = DATA_DIR / "posts_writers2_train.jsonl"
WRITERS3_TRAIN = DATA_DIR / "posts_writers3_train.jsonl"
WRITERS4_TRAIN = DATA_DIR / "posts_writers4_train.jsonl"
WRITERS5_TRAIN = DATA_DIR / "posts_writers5_train.jsonl"
WRITERS6_TRAIN = DATA_DIR / "posts_writers6_train.jsonl"
WRITERS7_TRAIN = DATA_DIR / "posts_writers7_train.jsonl"
WRITERS8_TRAIN = DATA_DIR / "posts_writers8_train.jsonl"
WRITERS9_TRAIN = DATA_DIR / "posts_writers9_train.jsonl"
WRITERS10_TRAIN = DATA_DIR / "posts_writers10_train.jsonl"
WRITERS11_TRAIN = DATA_DIR / "posts_writers11_train.jsonl"
WRITERS12_TRAIN = DATA_DIR / "posts_writers12_train.jsonl"
WRITERS13_TRAIN = DATA_DIR / "posts_writers13_train.jsonl"
WRITERS14_TRAIN = DATA_DIR / "posts_writers14_train.jsonl"
REGISTER_TRAIN = DATA_DIR / "posts_register_train.jsonl"
VOICES_TRAIN = DATA_DIR / "posts_voices_train.jsonl"
DATES_SOCIAL = DATA_DIR / "dates_social.jsonl"

TYPES = {
    "birthday", "anniversary", "wedding", "engagement", "new_baby", "pregnancy", "graduation",
    "new_job", "moving_home", "retirement", "new_pet", "bereavement",
}  # fmt: skip
MIN_PER_LABEL = {"train": 180, "test": 40}
RELATION = re.compile(r"^[a-z][a-z -]*$")


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def _texts(path: Path) -> frozenset[str]:
    """The texts of one posts file (read once per session: each outside writer's case needs them all)."""
    return frozenset(_key(r["text"]) for r in _rows(path))


def _texts_elsewhere(path: Path) -> set[str]:
    """The texts of every posts file in the data folder but ``path``."""
    return set().union(*(_texts(f) for f in sorted(DATA_DIR.glob("posts_*.jsonl")) if f != path))


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {"train": _rows(POSTS_TRAIN), "test": _rows(POSTS_TEST)}


def test_every_line_is_a_json_object_with_the_agreed_keys(splits: dict[str, list[dict]]) -> None:
    for split, rows in splits.items():
        for row in rows:
            # training rows also name their template group, so dev splits never cut through one
            keys = {"id", "text", "posted_at", "events"} | ({"group"} if split == "train" else set())
            assert set(row) == keys, row
            assert isinstance(row["text"], str) and row["text"].strip(), row
            assert isinstance(row["events"], list) and len(row["events"]) <= 2, row
            assert datetime.strptime(row["posted_at"], "%Y-%m-%dT%H:%M:%SZ"), row


def test_ids_are_unique_across_both_splits(splits: dict[str, list[dict]]) -> None:
    ids = [row["id"] for rows in splits.values() for row in rows]
    assert len(ids) == len(set(ids))


def test_events_use_the_taxonomy_and_consistent_subjects(splits: dict[str, list[dict]]) -> None:
    for rows in splits.values():
        for row in rows:
            for event in row["events"]:
                assert set(event) == {"type", "subject", "relation", "date", "date_precision"}, row
                assert event["type"] in TYPES, row
                assert event["subject"] in ("self", "network"), row
                if event["subject"] == "self":
                    assert event["relation"] == "", row
                else:
                    assert RELATION.match(event["relation"]), row
            types = [e["type"] for e in row["events"]]
            assert len(types) == len(set(types)), row


def test_dates_are_iso_and_agree_with_their_precision(splits: dict[str, list[dict]]) -> None:
    for rows in splits.values():
        for row in rows:
            for event in row["events"]:
                _check_date(event["date"], event["date_precision"], row)


def _check_date(value: str | None, precision: str, row: object) -> None:
    assert precision in ("day", "month", "year", "unknown"), row
    if value is None:
        assert precision == "unknown", row
        return
    assert precision != "unknown", row
    parsed = date.fromisoformat(value)
    assert parsed.isoformat() == value, row
    if precision == "month":
        assert parsed.day == 1, row
    if precision == "year":
        assert (parsed.month, parsed.day) == (1, 1), row


def test_every_label_has_enough_examples_in_each_split(splits: dict[str, list[dict]]) -> None:
    for split, rows in splits.items():
        counts = Counter(e["type"] for row in rows for e in row["events"])
        counts["none"] = sum(1 for row in rows if not row["events"])
        for label in [*TYPES, "none"]:
            assert counts[label] >= MIN_PER_LABEL[split], (split, label, counts[label])
        share = counts["none"] / len(rows)
        assert 0.2 <= share <= 0.35, (split, share)


def test_sizes_meet_the_brief(splits: dict[str, list[dict]]) -> None:
    assert len(splits["train"]) + len(splits["test"]) >= 3400
    assert len(splits["test"]) >= 600
    multi = sum(1 for rows in splits.values() for row in rows if len(row["events"]) == 2)
    assert multi >= 50


def test_no_text_appears_in_both_splits(splits: dict[str, list[dict]]) -> None:
    train = {row["text"] for row in splits["train"]}
    assert not train & {row["text"] for row in splits["test"]}
    train_keys = {_key(t) for t in train}
    assert not train_keys & {_key(row["text"]) for row in splits["test"]}


def test_sensitive_events_are_present_in_varied_wording(splits: dict[str, list[dict]]) -> None:
    for label, words in (
        ("pregnancy", ("expecting", "bump", "scan", "pregnant")),
        ("bereavement", ("passed", "funeral", "rip", "lost")),
    ):
        texts = [r["text"].lower() for r in splits["train"] if any(e["type"] == label for e in r["events"])]
        for word in words:
            assert any(word in t for t in texts), (label, word)


def test_date_cases_are_valid_and_cover_the_rules() -> None:
    cases = _rows(DATES_TEST)
    assert len(cases) >= 180
    for case in cases:
        assert {"text", "posted_at", "expected_date", "precision"} <= set(case), case
        datetime.strptime(case["posted_at"], "%Y-%m-%dT%H:%M:%SZ")
        _check_date(case["expected_date"], case["precision"], case)
    texts = " ".join(c["text"].lower() for c in cases)
    for cue in (
        "next ",
        "this weekend",
        "tomorrow",
        "tonight",
        "yesterday",
        "last night",
        "ago",
        " in ",
        "on the ",
    ):
        assert cue in texts, cue
    assert sum(1 for c in cases if c["expected_date"] is None) >= 10
    assert {"day", "month", "year", "unknown"} <= {c["precision"] for c in cases}


def test_relative_date_cases_follow_the_written_rules() -> None:
    by_text = {(c["text"], c["posted_at"][:10]): c["expected_date"] for c in _rows(DATES_TEST)}
    assert by_text[("my sister's wedding is next Saturday!", "2026-03-14")] == "2026-03-21"
    assert by_text[("moving this weekend", "2026-03-14")] == "2026-03-14"
    assert by_text[("getting married on January 10th", "2025-12-20")] == "2026-01-10"
    assert by_text[("we got married on January 10th", "2026-12-20")] == "2026-01-10"


DATE_WORDS = re.compile(
    r"\b(today|tonight|tomorrow|tmrw|yesterday|yday|last night|next week|last week|ago|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|"
    r"august|september|october|november|december|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def test_undated_events_carry_no_time_expression(splits: dict[str, list[dict]]) -> None:
    """A post whose events all lack a date must not say when: otherwise the gold date would be wrong."""
    for rows in splits.values():
        for row in rows:
            if row["events"] and all(e["date"] is None for e in row["events"]):
                assert not DATE_WORDS.search(row["text"]), row


def test_the_generator_rebuilds_the_committed_files_exactly() -> None:
    from lifeevents.data.build_dataset import SEED, _posted, build_posts, normalise
    from lifeevents.data.build_social import build_social
    from lifeevents.data.date_cases import build_date_cases
    from lifeevents.data.social_dates import build_social_date_cases

    posts = build_posts()
    assert posts["train"] == _rows(POSTS_TRAIN)
    assert posts["test"] == _rows(POSTS_TEST)
    assert build_date_cases(SEED) == _rows(DATES_TEST)
    seen = {normalise(str(row["text"])) for rows in posts.values() for row in rows}
    extra = build_social(seen, _posted, normalise)
    assert extra["social"] == _rows(SOCIAL_TRAIN)
    assert extra["heldout"] == _rows(HELDOUT)
    assert extra["heldout3"] == _rows(HELDOUT3)
    assert extra["voices"] == _rows(VOICES_TRAIN)
    assert extra["heldout4"] == _rows(HELDOUT4)
    assert extra["register"] == _rows(REGISTER_TRAIN)
    assert build_social_date_cases(SEED) == _rows(DATES_SOCIAL)


@pytest.mark.parametrize("future", [True, False])
def test_date_phrases_obey_the_written_rules(future: bool) -> None:
    """Every phrase the generator writes points the way its tense says, and weekday phrases name that day."""
    import random

    from lifeevents.data import dates

    rng = random.Random(7)
    kinds = dates.FUTURE_KINDS if future else dates.PAST_KINDS
    for n in range(600):
        today = date(2025, 6, 1) + timedelta(days=n)
        for kind in kinds:
            phrase = (dates.future_phrase if future else dates.past_phrase)(rng, today, kind)
            assert phrase.date is not None, phrase
            _check_date(phrase.date.isoformat(), phrase.precision, phrase)
            if phrase.precision == "day":
                assert (phrase.date >= today) if future else (phrase.date <= today), (today, phrase)
            elif phrase.precision == "month":
                month = (phrase.date.year, phrase.date.month)
                assert (
                    (month >= (today.year, today.month)) if future else (month <= (today.year, today.month))
                )
            words = phrase.text.lower().split()
            if phrase.kind in ("next_wd", "last_wd", "on_wd", "this_wd"):
                assert words[-1] == dates.WEEKDAYS[phrase.date.weekday()].lower(), (today, phrase)
                gap = abs((phrase.date - today).days)
                assert 1 <= gap <= 6, (today, phrase)
            if phrase.kind in ("this_weekend", "next_weekend", "last_weekend"):
                assert phrase.date.weekday() == 5, (today, phrase)


def test_readme_counts_match_the_files(splits: dict[str, list[dict]]) -> None:
    from lifeevents.data.build_dataset import COUNTS_MARK, counts_table

    readme = (POSTS_TRAIN.parent / "README.md").read_text(encoding="utf-8")
    assert readme.split(COUNTS_MARK)[1].strip() == counts_table(splits, _rows(DATES_TEST)).strip()


def test_each_template_belongs_to_one_split_only() -> None:
    from lifeevents.data.build_dataset import normalise, template_groups

    seen: dict[str, str] = {}
    for label, by_split in template_groups().items():
        for split, templates in by_split.items():
            for template in templates:
                key = normalise(template.text)
                assert key not in seen, (template.text, seen.get(key), label, split)
                seen[key] = f"{label}/{split}"


def _check_rows(rows: list[dict], prefix: str) -> None:
    """Ids carry the file's prefix; every event has a known type, a subject, a relation only for
    someone else's event, and a date its precision can hold."""
    for row in rows:
        assert row["id"].startswith(prefix), row
        for event in row["events"]:
            assert event["type"] in TYPES and event["subject"] in ("self", "network"), row
            assert (event["relation"] == "") == (event["subject"] == "self"), row
            _check_date(event["date"], event["date_precision"], row)


def test_platform_posts_and_the_second_held_out_split_are_valid_and_apart() -> None:
    """The platform-style training posts and the second held-out split share no text with any other file."""
    social, heldout = _rows(SOCIAL_TRAIN), _rows(HELDOUT)
    assert len(social) >= 2000 and len(heldout) >= 150
    _check_rows(social, "ts")
    _check_rows(heldout, "ho")
    assert all(row["group"] for row in social)
    keys = {split: {_key(r["text"]) for r in rows} for split, rows in
            {"train": _rows(POSTS_TRAIN), "test": _rows(POSTS_TEST), "social": social, "heldout": heldout}.items()}  # fmt: skip
    assert not keys["heldout"] & (keys["train"] | keys["social"] | keys["test"])
    assert not keys["social"] & keys["test"]
    labels = Counter(e["type"] for row in heldout for e in row["events"])
    assert all(labels[label] >= 8 for label in TYPES), labels
    assert 0.2 <= sum(1 for row in heldout if not row["events"]) / len(heldout) <= 0.4


def test_voices_training_posts_and_the_third_held_out_split_are_valid_and_apart() -> None:
    """The third held-out split shares no text with any training file, the team test split or the second."""
    voices, third = _rows(VOICES_TRAIN), _rows(HELDOUT3)
    assert len(voices) >= 2000 and len(third) >= 250
    _check_rows(voices, "tv")
    _check_rows(third, "h3")
    assert all(row["group"] for row in voices)
    files = {"train": _rows(POSTS_TRAIN), "social": _rows(SOCIAL_TRAIN), "voices": voices,
             "test": _rows(POSTS_TEST), "heldout": _rows(HELDOUT), "heldout3": third}  # fmt: skip
    keys = {split: {_key(r["text"]) for r in rows} for split, rows in files.items()}
    training = keys["train"] | keys["social"] | keys["voices"]
    assert not keys["heldout3"] & (training | keys["test"] | keys["heldout"])
    assert not keys["voices"] & (keys["test"] | keys["heldout"])
    labels = Counter(e["type"] for row in third for e in row["events"])
    assert all(labels[label] >= 12 for label in TYPES), labels
    assert 0.2 <= sum(1 for row in third if not row["events"]) / len(third) <= 0.4


def test_the_fourth_held_out_split_is_valid_and_apart() -> None:
    """The fourth split shares no text with any training file or the other splits, covers every label,
    and its undated events carry no time word."""
    fourth = _rows(HELDOUT4)
    assert len(fourth) >= 250
    _check_rows(fourth, "h4")
    files = {"train": _rows(POSTS_TRAIN), "social": _rows(SOCIAL_TRAIN), "voices": _rows(VOICES_TRAIN),
             "register": _rows(REGISTER_TRAIN), "test": _rows(POSTS_TEST), "heldout": _rows(HELDOUT),
             "heldout3": _rows(HELDOUT3)}  # fmt: skip
    others = set().union(*({_key(r["text"]) for r in rows} for rows in files.values()))
    assert not {_key(r["text"]) for r in fourth} & others
    labels = Counter(e["type"] for row in fourth for e in row["events"])
    assert all(labels[label] >= 12 for label in TYPES), labels
    assert 0.2 <= sum(1 for row in fourth if not row["events"]) / len(fourth) <= 0.4
    for row in fourth:
        if row["events"] and all(e["date"] is None for e in row["events"]):
            assert not DATE_WORDS.search(row["text"]), row


def test_outside_writers_training_posts_are_valid_and_apart_from_every_other_file() -> None:
    """The outside writers' training file has one group per post, valid events, every label, and no
    text of any held-out split or other training file."""
    writers = _rows(WRITERS_TRAIN)
    assert len(writers) >= 700
    _check_rows(writers, "tw")
    assert all(row["group"] == row["id"] for row in writers)
    files = (POSTS_TRAIN, SOCIAL_TRAIN, VOICES_TRAIN, REGISTER_TRAIN, POSTS_TEST, HELDOUT, HELDOUT3, HELDOUT4,
             HELDOUT5)  # fmt: skip
    others = set().union(*({_key(r["text"]) for r in _rows(f)} for f in files))
    assert not {_key(r["text"]) for r in writers} & others
    labels = Counter(e["type"] for row in writers for e in row["events"])
    assert all(labels[label] >= 36 for label in TYPES), labels


@pytest.mark.parametrize(
    ("path", "prefix"),
    [
        (HELDOUT5, "h5"),
        (HELDOUT6, "h6"),
        (HELDOUT7, "h7"),
        (HELDOUT8, "h8"),
        (HELDOUT9, "h9"),
        (HELDOUT10, "h10"),
        (HELDOUT11, "h11"),
        (HELDOUT12, "h12"),
        (HELDOUT13, "h13"),
        (HELDOUT14, "h14"),
        (HELDOUT15, "h15"),
        (HELDOUT16, "h16"),
        (HELDOUT17, "h17"),
        (HELDOUT18, "h18"),
        (HELDOUT20, "h20"),
        (HELDOUT22, "h22"),
        (HELDOUT23, "h23"),
        (HELDOUT24, "h24"),
        (HELDOUT25, "h25"),
        (HELDOUT26, "h26"),
        (HELDOUT29, "h29"),
        (HELDOUT34, "h34"),
        (HELDOUT36, "h36"),
        (HELDOUT43, "h43"),
        (HELDOUT64, "h64"),
        (HELDOUT72, "h72"),
        (HELDOUT181, "h181"),
        (HELDOUT182, "h182"),
        (HELDOUT183, "h183"),
        (HELDOUT184, "h184"),
        (HELDOUT185, "h185"),
        (HELDOUT186, "h186"),
        (HELDOUT39, "h39"),
    ],
)
def test_the_outside_writers_held_out_splits_are_valid_and_apart(path: Path, prefix: str) -> None:
    """The fifth to eighteenth, the twentieth, the twenty-second to the twenty-sixth, the twenty-ninth and thirty-fourth splits (one outside writer each, committed as written) share no text
    with any posts file in the data folder, cover every label with both subjects in use, and keep a share of posts
    without an event."""
    _check_held_out_split(path, prefix, least=15)


@pytest.mark.parametrize(("path", "prefix"), [(HELDOUT30, "h30"), (HELDOUT31, "h31")])
def test_the_splits_of_businesses_and_old_events_are_valid_and_apart(path: Path, prefix: str) -> None:
    """The thirtieth and thirty-first splits (one outside writer each, committed as written): a third businesses
    around the events they serve, a third events of years ago, the rest personal news, so more posts without an event
    than usual; no text of any other posts file, every label, both subjects in use."""
    split = _rows(path)
    assert len(split) >= 300
    _check_rows(split, prefix)
    assert not {_key(r["text"]) for r in split} & _texts_elsewhere(path)
    labels = Counter(e["type"] for row in split for e in row["events"])
    assert all(labels[label] >= 12 for label in TYPES), labels
    subjects = Counter(e["subject"] for row in split for e in row["events"])
    assert min(subjects["self"], subjects["network"]) >= 0.3 * sum(subjects.values()), subjects
    assert 0.3 <= sum(1 for row in split if not row["events"]) / len(split) <= 0.5


def test_the_twenty_seventh_split_is_valid_and_apart() -> None:
    """The twenty-seventh split passes the same checks with ten events per label: its writer gave engagement,
    new_pet and anniversary 11-14 events and moving_home and birthday 30 (committed as written)."""
    _check_held_out_split(HELDOUT27, "h27", least=10)


def _check_held_out_split(path: Path, prefix: str, least: int) -> list[dict[str, Any]]:
    """An outside writer's held-out split: 300+ valid posts, no text of any other posts file, ``least``
    events per label, both subjects in use and 20-40% of posts without an event."""
    split = _rows(path)
    assert len(split) >= 300
    _check_rows(split, prefix)
    assert not {_key(r["text"]) for r in split} & _texts_elsewhere(path)
    labels = Counter(e["type"] for row in split for e in row["events"])
    assert all(labels[label] >= least for label in TYPES), labels
    subjects = Counter(e["subject"] for row in split for e in row["events"])
    assert min(subjects["self"], subjects["network"]) >= 0.3 * sum(subjects.values()), subjects
    assert 0.2 <= sum(1 for row in split if not row["events"]) / len(split) <= 0.4
    return split


@pytest.mark.parametrize(
    ("path", "prefix"),
    [
        (DATA_DIR / EVAL_SPLITS[key][0], "h" + key.removeprefix("heldout"))
        for key in sorted(OTHER_LANGUAGE_SPLITS, key=lambda k: int(k.removeprefix("heldout")))
    ],
)
def test_the_other_languages_held_out_splits_are_valid_apart_and_mostly_in_other_languages(
    path: Path, prefix: str
) -> None:
    """Every split `dataset.OTHER_LANGUAGE_SPLITS` names (one outside writer each, posts wholly or mostly in other
    languages): no text of any other posts file, at least ten events per label, both subjects in use, a
    share of posts without an event, and few posts that read as English."""
    split = _check_held_out_split(path, prefix, least=10)
    english = {"the", "my", "and", "is", "to", "we", "our", "you", "happy", "so"}
    mostly_english = [r["text"] for r in split if len(english & set(r["text"].lower().split())) >= 3]
    assert len(mostly_english) <= 0.1 * len(split), mostly_english[:5]


def test_the_second_outside_writers_training_posts_are_mostly_hard_negatives_and_apart() -> None:
    """The second outside writers' file: one group per post, valid events, more posts without an event
    than with one, the weakest labels well covered, and no text of any other file."""
    rows = _rows(WRITERS2_TRAIN)
    assert len(rows) >= 400
    _check_rows(rows, "tw")
    assert all(row["group"] == row["id"] for row in rows)
    files = (POSTS_TRAIN, SOCIAL_TRAIN, VOICES_TRAIN, REGISTER_TRAIN, WRITERS_TRAIN, POSTS_TEST, HELDOUT,
             HELDOUT3, HELDOUT4, HELDOUT5, HELDOUT6, HELDOUT7)  # fmt: skip
    others = set().union(*({_key(r["text"]) for r in _rows(f)} for f in files))
    assert not {_key(r["text"]) for r in rows} & others
    assert sum(1 for row in rows if not row["events"]) > len(rows) / 2
    labels = Counter(e["type"] for row in rows for e in row["events"])
    assert all(
        labels[label] >= 25 for label in ("new_pet", "moving_home", "new_job", "pregnancy", "new_baby")
    )
    assert all(labels[label] >= 5 for label in TYPES), labels


def test_register_training_posts_are_valid_and_apart_from_every_held_out_split() -> None:
    """The real-register training file has groups, valid events, dated posts only where it says when,
    and no text of the team test split or any held-out split."""
    register = _rows(REGISTER_TRAIN)
    assert len(register) >= 1000
    _check_rows(register, "tg")
    assert all(row["group"] for row in register)
    held = set().union(
        *({_key(r["text"]) for r in _rows(f)} for f in (POSTS_TEST, HELDOUT, HELDOUT3, HELDOUT4, HELDOUT5))
    )
    assert not {_key(r["text"]) for r in register} & held
    labels = Counter(e["type"] for row in register for e in row["events"])
    assert all(labels[label] >= 30 for label in TYPES), labels
    for row in register:
        if row["events"] and all(e["date"] is None for e in row["events"]):
            assert not DATE_WORDS.search(row["text"]), row


def test_social_date_cases_cover_chat_forms() -> None:
    cases = _rows(DATES_SOCIAL)
    assert len(cases) >= 300
    for case in cases:
        datetime.strptime(case["posted_at"], "%Y-%m-%dT%H:%M:%SZ")
        _check_date(case["expected_date"], case["precision"], case)
    texts = " ".join(c["text"].lower() for c in cases)
    for cue in ("2moro", "tmrw", "nxt wknd", "on the ", "in a fortnight", "wks ago", "last nite", "sat"):
        assert cue in texts, cue


@pytest.mark.parametrize(
    ("path", "prefix", "without_event", "focus", "least"),
    [
        (WRITERS3_TRAIN, "tx", 100, ("graduation", "bereavement", "wedding", "new_job", "moving_home"), 12),
        (WRITERS4_TRAIN, "tw4", 150, ("new_baby", "wedding", "new_job", "graduation", "retirement"), 12),
        (WRITERS5_TRAIN, "tw5", 200, ("birthday", "anniversary", "new_pet"), 8),
        (WRITERS6_TRAIN, "tw6", 200, ("wedding", "moving_home", "new_job"), 15),
        (WRITERS7_TRAIN, "tw7", 200, ("pregnancy", "new_baby", "new_pet", "moving_home", "bereavement"), 15),
        (WRITERS8_TRAIN, "tw8", 150, (), 25),
        (WRITERS9_TRAIN, "tw9", 150, (), 20),
        (WRITERS10_TRAIN, "tw10", 150, (), 20),
        (WRITERS11_TRAIN, "tw11", 200, ("birthday", "bereavement"), 25),
        (WRITERS12_TRAIN, "tw12", 200, ("birthday", "moving_home"), 40),
        (WRITERS13_TRAIN, "tw13", 250, (), 55),
        (WRITERS14_TRAIN, "tw14", 550, (), 80),
    ],
)
def test_the_later_outside_writers_training_posts_cover_their_labels_and_are_apart(
    path: Path, prefix: str, without_event: int, focus: tuple[str, ...], least: int
) -> None:
    """The third to fourteenth outside writers' files: one group per post, valid events, 35 or more events
    each for the labels each was written for, ``least`` for every other label, a share of hard
    negatives, and no text of any other file."""
    rows = _rows(path)
    assert len(rows) >= 450
    _check_rows(rows, prefix)
    assert all(row["group"] == row["id"] for row in rows)
    assert not {_key(r["text"]) for r in rows} & _texts_elsewhere(path)
    assert sum(1 for row in rows if not row["events"]) >= without_event
    labels = Counter(e["type"] for row in rows for e in row["events"])
    assert all(labels[label] >= 35 for label in focus), labels
    assert all(labels[label] >= least for label in TYPES), labels


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("posts_subjects_dev.jsonl", "sd"),
        ("posts_subjects_dev2.jsonl", "se"),
        ("posts_subjects_dev3.jsonl", "sf"),
        ("posts_subjects_dev4.jsonl", "sg"),
        ("posts_subjects_dev5.jsonl", "sh"),
        ("posts_subjects_dev6.jsonl", "si"),
        ("posts_subjects_dev7.jsonl", "sj"),
        ("posts_subjects_dev8.jsonl", "sk"),
        ("posts_subjects_dev9.jsonl", "sl"),
        ("posts_subjects_dev10.jsonl", "sm"),
    ],
)
def test_the_subject_dev_files_are_valid_apart_and_split_between_subjects(name: str, prefix: str) -> None:
    """The subject rules' dev files (outside writers'; they tune rules, never score a model) share no
    text with any other posts file and hold both subjects in about equal parts."""
    path = DATA_DIR / name
    rows = _rows(path)
    assert len(rows) >= 300
    _check_rows(rows, prefix)
    assert not {_key(r["text"]) for r in rows} & _texts_elsewhere(path)
    subjects = Counter(e["subject"] for row in rows for e in row["events"])
    assert min(subjects["self"], subjects["network"]) >= 0.4 * sum(subjects.values()), subjects
    assert {e["type"] for row in rows for e in row["events"]} == set(TYPES)


@pytest.mark.parametrize(
    ("name", "prefix"),
    [("posts_dates_dev1.jsonl", "dd"), ("posts_dates_dev2.jsonl", "de"), ("posts_dates_dev3.jsonl", "df")],
)
def test_the_date_dev_files_are_valid_apart_and_mostly_dated(name: str, prefix: str) -> None:
    """The date rules' dev files (outside writers'; they tune rules, never score a model) share no text with
    any other posts file, cover every label and date most of their events, with time words that are not the
    event's date among the rest."""
    path = DATA_DIR / name
    rows = _rows(path)
    assert len(rows) >= 300
    _check_rows(rows, prefix)
    assert not {_key(r["text"]) for r in rows} & _texts_elsewhere(path)
    events = [e for row in rows for e in row["events"]]
    assert {e["type"] for e in events} == set(TYPES)
    dated = sum(e["date"] is not None for e in events)
    assert 0.6 * len(events) <= dated < len(events), (dated, len(events))
    assert sum(len(row["events"]) == 2 for row in rows) >= 15
