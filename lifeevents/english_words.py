"""Whether a post is written in English: the share of its words that the team's English training posts use.

The encoder is an English model. On a post in another language it still gives the head an embedding, and the head,
trained on English, finds events there with no cue word at all: on seventeen held-out splits in other languages
such events were right 100 times and wrong 205 (rule 49b, README "Life events"). Telling the languages apart needs
no model: an English post, hashtags and names aside, is mostly words the team's own English posts use.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from lifeevents.dataset import BASE_FILES, DATA_DIR, REGISTER_TRAIN_FILE, load_posts

ENGLISH_SHARE = 0.3  # a post with fewer of its words known English words is in another language
_SEEN = 2  # times a word must occur in the English posts to count as known (one-offs are names and typos)
_WORD = re.compile(r"[^\W\d_]+")
_TAG = re.compile(r"[#@]\w+")


@cache
def known_words() -> frozenset[str]:
    """Lower-case words the team's English training posts use at least twice (read once per process)."""
    counts = Counter(
        w.lower() for name in (*BASE_FILES, REGISTER_TRAIN_FILE) for p in load_posts(DATA_DIR / name)
        for w in _WORD.findall(p.text)
    )  # fmt: skip
    return frozenset(w for w, n in counts.items() if n >= _SEEN)


def english_share(text: str) -> float:
    """The share of a post's words (hashtags and mentions aside) that are known English words; 1.0 with none."""
    words = _WORD.findall(_TAG.sub(" ", text))
    if not words:
        return 1.0
    known = known_words()
    return sum(1 for w in words if w.lower() in known) / len(words)


def in_english(text: str) -> bool:
    """Whether a post is written in English (see `ENGLISH_SHARE`)."""
    return english_share(text) >= ENGLISH_SHARE
