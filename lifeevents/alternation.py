"""One regex alternation of many words: escaped, longest first, so "abuelita" is not read as "abuela"."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """``words`` as ``a|b|c`` for a regex group, each escaped, the longest tried first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
