"""The lexicon's token patterns matched over a post's lower-case words, at dictionary speed.

Each lexicon spec is a fixed sequence of token tests: a word, a set of words (``a|b``) or a
regex over the whole lower-case token; a parenthesised group with a space in it is a choice of
phrases, one pattern each (``(got|picked up) the keys``; an optional token, ``(word )?``, makes
two patterns, with and without it). Which tests a word passes, and which patterns can start at it, is worked
out once per distinct word and kept, so a post costs one dictionary read per token plus the
few patterns that can start there. spaCy's ``Matcher`` gave the same matches with a Python
predicate call per token and pattern: about three quarters of a millisecond of a short post,
most of the cue reading's time. A word not seen before is looked up in one dictionary of the set
tests' words and checked against a few combined regexes (64 tests each) instead of every test
in turn: 125 -> 7 us per new word with a thousand tests, which the other languages' words grow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import product

from lifeevents.writing_systems import with_word_letters

_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]()]")
_OPTIONAL = re.compile(r"\((.+) \)\?")
_CACHE_WORDS = 200_000  # distinct words kept before the cache starts afresh (bounded memory)

_CHUNK = 64  # regex tests per combined check
_COMMON_WORDS = ("the", "and", "you", "love", "happy", "today", "12", "x")
Match = tuple[str, int, int]  # pattern group name, first token, token after the last


def phrases(spec: str) -> list[str]:
    """The specs a spec stands for once each phrase group is spelt out: a parenthesised group with a space in it
    is a choice of phrases, not one token's regex ("(got|picked up) the keys": two specs; "became (a )?dad": with
    and without "a")."""
    start = _phrase_group(spec)
    if start is None:
        return [" ".join(spec.split())]
    end = _closing(spec, start)
    rest = end + 1
    choices = _top_level_split(spec[start + 1 : end], "|")
    if spec[rest : rest + 1] == "?":
        choices.append("")
        rest += 1
    return [p for choice in choices for p in phrases(f"{spec[:start]} {choice} {spec[rest:]}")]


def _closing(spec: str, start: int) -> int:
    depth = 0
    for i in range(start, len(spec)):
        depth += {"(": 1, ")": -1}.get(spec[i], 0)
        if depth == 0:
            return i
    raise ValueError(f"unbalanced parentheses in lexicon spec {spec!r}")


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == sep and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        current += ch
    return [*parts, current]


def _phrase_group(spec: str) -> int | None:
    """Where the first parenthesised group holding a space at its own level starts (None: there is none)."""
    depth, start = 0, 0
    for i, ch in enumerate(spec):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == " " and depth == 1:
            return start
    return None


def token_parts(spec: str) -> list[tuple[str, bool]]:
    """The token regexes of a lexicon spec, each with whether it is optional (``(word )?``)."""
    out = []
    for part in filter(None, _top_level_split(spec, " ")):
        optional = _OPTIONAL.fullmatch(part)
        out.append((optional.group(1), True) if optional else (part, False))
    return out


class _Test:
    """One token test: equality, set membership, or a regex over the whole lower-case token."""

    def __init__(self, regex: str) -> None:
        self.key = regex
        self.source = with_word_letters(regex)  # what is matched: a spec's \w takes the Indic vowel signs too
        bare = regex[1:-1] if regex.startswith("(") and regex.endswith(")") else regex  # "(a|the)": a set too
        if _REGEX_SYNTAX.search(bare) is None:
            self.words: frozenset[str] | None = frozenset(bare.split("|"))
            self.regex: re.Pattern[str] | None = None
        else:
            self.words = None
            self.regex = re.compile(rf"^(?:{self.source})$")

    def passes(self, word: str) -> bool:
        if self.words is not None:
            return word in self.words
        assert self.regex is not None
        return self.regex.search(word) is not None


class TokenPatterns:
    """Named groups of lexicon specs; calling it on a post's lower-case words gives every match."""

    def __init__(self, groups: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._tests: list[_Test] = []
        index: dict[str, int] = {}
        self._patterns: list[tuple[str, tuple[int, ...]]] = []
        for name, specs in groups:
            for spec in (phrase for written in specs for phrase in phrases(written)):
                parts = token_parts(spec)
                if not parts:
                    raise ValueError(f"empty lexicon spec in {name!r}")
                if any(" " in regex for regex, _ in parts):
                    raise ValueError(
                        f"lexicon spec {spec!r} in {name!r} holds a space inside one token's test"
                    )
                ids = []
                for regex, optional in parts:
                    if regex not in index:
                        index[regex] = len(self._tests)
                        self._tests.append(_Test(regex))
                    ids.append((index[regex], optional))
                for keep in product(*[(True, False) if optional else (True,) for _, optional in ids]):
                    chosen = tuple(test for (test, _), kept in zip(ids, keep, strict=True) if kept)
                    if chosen:
                        self._patterns.append((name, chosen))
        self._words: dict[str, tuple[int, tuple[int, ...]]] = {}
        # what a new word is checked against, so it costs a few C calls, not one per test: a dictionary of the set
        # tests' words; tests that pass common words (\w+, \d+) on their own; the other regex tests in chunks,
        # each chunk one regex that says whether any of its tests can pass
        self._in_sets: dict[str, list[int]] = {}
        for i, test in enumerate(self._tests):
            for word in test.words or ():
                self._in_sets.setdefault(word, []).append(i)
        regex_ids = [i for i, test in enumerate(self._tests) if test.regex is not None]
        self._broad = [i for i in regex_ids if any(self._tests[i].passes(w) for w in _COMMON_WORDS)]
        broad = set(self._broad)
        narrow = [i for i in regex_ids if i not in broad]
        self._chunks = [
            (re.compile("^(?:" + "|".join(f"(?:{self._tests[i].source})" for i in ids) + ")$"), ids)
            for ids in (narrow[k : k + _CHUNK] for k in range(0, len(narrow), _CHUNK))
        ]
        self._starting: dict[int, list[int]] = {}
        for p, (_, tests) in enumerate(self._patterns):
            self._starting.setdefault(tests[0], []).append(p)

    def _read(self, word: str) -> tuple[int, tuple[int, ...]]:
        """(the tests ``word`` passes as bits, the patterns that can start at it)."""
        known = self._words.get(word)
        if known is not None:
            return known
        passed = set(self._in_sets.get(word, ()))
        passed.update(i for i in self._broad if self._tests[i].passes(word))
        for any_of, ids in self._chunks:
            if any_of.search(word) is not None:
                passed.update(i for i in ids if self._tests[i].passes(word))
        bits = sum(1 << i for i in passed)
        starts = tuple(sorted(p for i in passed for p in self._starting.get(i, ())))
        if len(self._words) >= _CACHE_WORDS:
            self._words.clear()
        self._words[word] = (bits, starts)
        return bits, starts

    def __call__(self, words: Sequence[str]) -> list[Match]:
        """Every (group, start, end) a pattern matches, once, by start and end, then by the patterns' order."""
        read = [self._read(w) for w in words]
        n = len(words)
        out: dict[Match, None] = {}  # ordered; two patterns of a group on the same tokens are one match
        for i, (_, starts) in enumerate(read):
            following = read[i + 1][0] if i + 1 < n else 0
            for p in starts:
                name, tests = self._patterns[p]
                end = i + len(tests)
                if end > n or len(tests) > 1 and not following >> tests[1] & 1:
                    continue  # most candidates fail at the second word: a shift, not a generator, says so
                if all(read[i + j][0] >> t & 1 for j, t in enumerate(tests) if j > 1):
                    out[(name, i, end)] = None
        return sorted(out, key=lambda m: (m[1], m[2]))
