"""One regex alternation of many words, longest first, so "abuelita" is not read as "abuela".

The words are folded into a prefix tree before they become a pattern ("ab(?:uel(?:it)?a|...)"): a regex engine
tries a flat alternation of hundreds of words one word at a time at every position of the text, the tree one letter.
At each letter the longer words are tried before the word that ends there, so the match is the one a longest-first
alternation gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""
_Tree = dict[str, "_Tree"]


def alternation(words: Iterable[str]) -> str:
    """``words`` as one regex group body (each escaped), the longest word that matches winning."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _pattern(tree)


def _pattern(node: _Tree) -> str:
    branches = [re.escape(ch) + _pattern(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body
