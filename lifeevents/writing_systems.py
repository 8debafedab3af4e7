"""Which writing systems put spaces between words, for the word lists read in every script.

Chinese, Japanese, Thai, Lao, Khmer and Burmese write no spaces, so a kin or date word of theirs is found inside a
run of letters ("姉に赤ちゃん", "昨天拿到钥匙"); Korean spaces its words but joins particles on ("엄마가", "오늘은"),
so a word of it is found from where it starts, or anywhere where the reader needs no word start at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lifeevents.alternation import alternation

UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u9fff\uf900-\ufaff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Python's \w leaves out the vowel signs and viramas of Devanagari, Bengali, Gurmukhi, Gujarati, Odia, Tamil, Telugu,
# Kannada, Malayalam and Sinhala (Unicode Mc/Mn) and the joiners inside their words: "திருமண\w*" never matched
# "திருமணம்". A word letter, as the word lists mean it: \w, those blocks (less the dandas) and ZWNJ/ZWJ
WORD_LETTER = r"[\w\u0900-\u0963\u0966-\u0dff\u200c\u200d]"
_BARE_WORD_CLASS = re.compile(r"(?<!\\)\\w")


def with_word_letters(regex: str) -> str:
    r"""``regex`` with each ``\w`` read as `WORD_LETTER` (outside character classes, where the lists write it)."""
    return _BARE_WORD_CLASS.sub(lambda _: WORD_LETTER, regex)


def unspaced(word: str) -> bool:
    """Whether ``word`` is written in a script without spaces between words."""
    return UNSPACED.search(word) is not None


def korean(word: str) -> bool:
    """Whether ``word`` is written in Hangul."""
    return HANGUL.search(word) is not None


def word_forms(forms: Iterable[str]) -> re.Pattern[str]:
    """``forms`` as one case-insensitive pattern: each from a word's start where its script spaces words (a form may
    be a stem: "onnittel"), anywhere inside a run of letters where it does not ("恭喜", "ยินดีด้วย")."""
    words = list(forms)
    spaced = alternation(w for w in words if not unspaced(w)) or "(?!)"
    inside = alternation(w for w in words if unspaced(w)) or "(?!)"
    return re.compile(rf"(?<!{WORD_LETTER})(?:{spaced})|{inside}", re.I)
