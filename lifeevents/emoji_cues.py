"""An event's own emoji as its cue, in a post not in English that no word of any language cues for it.

Three of every four events the classifier missed in other languages had no cue word of their label at all ("Dcera
dnes promovala 🎓 inženýrka!", "Meille tulee vauva elokuussa 🤰"), and the English encoder cannot see them. A few emoji
mean one event wherever they stand: a mortarboard a graduation, a pregnant woman a pregnancy, a house, keys, boxes
or a removal van a move. Others do not: a ring is an engagement or a wedding (or a jeweller's advert), a baby a birth
or a pregnancy, a dog or a cake anyone's day. Such an emoji is read as another language's cue, so the evidence of
rule 67 and the per-label shifts decide whether it acts, as for any other-language word; English posts keep their
own words.

Two more marks that are not words (rule 78): a cake with another language's congratulation or wish is a birthday
("Parabéns, mana! 🎂"), and a newborn's weight a birth ("Sofia, 3,1 kg, 14:20 💕").

Two labels' words are often there but not enough (rule 76): a birthday's or a wedding's word in another language stands
in many posts that are neither (a bridal shop's advert, "me, married?"), so the head acts on it late; the event's own
emoji beside the word (a cake, a ring) is the evidence the English encoder cannot read, and lifts the cell's logit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from lifeevents.addressee import greets_in_other_language
from lifeevents.cues import Cues, Trigger
from lifeevents.english_words import in_english
from lifeevents.taxonomy import EVENT_LABELS

__all__ = ["BIRTH_WEIGHT", "EMOJI_CUES", "EMOJI_EVIDENCE", "EMOJI_LIFT", "add_emoji_cues", "lift_by_emoji"]

#: each label's emoji that mean that event and no other
EMOJI_CUES: dict[str, tuple[str, ...]] = {
    "graduation": ("🎓",),
    "pregnancy": ("🤰",),
    "moving_home": ("🏠", "🏡", "🔑", "📦", "🚚"),
}
#: a newborn's weight as posts give it: "3,1 kg", "3.250kg", "3000g", "3 120 гр", "7斤2两", "7 lbs 4 oz"
BIRTH_WEIGHT = re.compile(
    r"(?<![\d.,])[1-5][.,]\d{1,3}\s?(?:(?:kg|кг)(?!\w)|公斤|キロ)"
    r"|(?<![\d.,])[1-5][.,\s]?\d{3}\s?(?:g|gr|gram|grams|gramos|gramas|grammi|г|гр|グラム)(?!\w)"
    r"|\d\s?斤|(?<![\d.,])[4-9]\s?(?:lbs?|pounds?)(?!\w)",
    re.IGNORECASE,
)


def _greeted_cake(text: str) -> tuple[int, int] | None:
    cake = _first(text, ("🎂",))  # the greetings' long pattern only where there is a cake
    return cake if cake is not None and greets_in_other_language(text) else None


def _birth_weight(text: str) -> tuple[int, int] | None:
    found = BIRTH_WEIGHT.search(text)
    return found.span() if found else None


#: cues that are marks with more around them: a cake that is greeted, a newborn's weight
_MARKS: dict[str, Callable[[str], tuple[int, int] | None]] = {
    "birthday": _greeted_cake,
    "new_baby": _birth_weight,
}
#: each label's emoji that, beside another language's word of that label, make the event likely (a bride alone is
#: a bridal shop's advert as often as a wedding, and party poppers anyone's news: left out)
EMOJI_EVIDENCE: dict[str, tuple[str, ...]] = {
    "birthday": ("🎂",),
    "wedding": ("💍", "💒", "🤵"),
}
#: head logit added where `EMOJI_EVIDENCE` holds: about 0.4 -> 0.6 confidence, at the calibration's slope (~0.73)
EMOJI_LIFT = 1.1
_EVIDENCE_COLUMNS = [(EVENT_LABELS.index(label), marks) for label, marks in EMOJI_EVIDENCE.items()]


def add_emoji_cues(cues: Sequence[Cues]) -> None:
    """Add to each post not in English a cue at the first emoji of each label in `EMOJI_CUES` that no word cues, and
    at a greeted cake or a newborn's weight (in place, before the head reads the cues)."""
    for c in cues:
        cued = {t.label for t in c.triggers}
        found = {label: _first(c.text, marks) for label, marks in EMOJI_CUES.items() if label not in cued}
        found |= {label: mark(c.text) for label, mark in _MARKS.items() if label not in cued}
        spans = [(label, span) for label, span in found.items() if span is not None]
        if not spans or in_english(c.text):
            continue
        for label, (start, end) in spans:
            c.triggers.append(
                Trigger(label, start, end, c.sentence_of(start), undone=False, other_language=True)
            )


def lift_by_emoji(logits: np.ndarray, cues: Sequence[Cues], cells: np.ndarray) -> np.ndarray:
    """``logits`` with `EMOJI_LIFT` added to each cell of ``cells`` (a label only another language's words cue) whose
    post holds one of that label's `EMOJI_EVIDENCE`."""
    lift = np.zeros_like(logits)
    for column, marks in _EVIDENCE_COLUMNS:
        for row in map(int, np.flatnonzero(cells[:, column])):
            if any(m in cues[row].text for m in marks):
                lift[row, column] = EMOJI_LIFT
    return logits + lift


def _first(text: str, marks: tuple[str, ...]) -> tuple[int, int] | None:
    hits = [(i, i + len(m)) for m in marks if (i := text.find(m)) >= 0]
    return min(hits) if hits else None
