"""Which writing systems put spaces between words, for the word lists read in every script.

Chinese, Japanese, Thai, Lao, Khmer and Burmese write no spaces, so a kin or date word of theirs is found inside a
run of letters ("姉に赤ちゃん", "昨天拿到钥匙"); Korean spaces its words but joins particles on ("엄마가", "오늘은"),
so a word of it is found from where it starts, or anywhere where the reader needs no word start at all.
"""

from __future__ import annotations

import re

UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u9fff\uf900-\ufaff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def unspaced(word: str) -> bool:
    """Whether ``word`` is written in a script without spaces between words."""
    return UNSPACED.search(word) is not None


def korean(word: str) -> bool:
    """Whether ``word`` is written in Hangul."""
    return HANGUL.search(word) is not None
