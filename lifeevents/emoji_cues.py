"""An event's own emoji as its cue, in a post not in English that no word of any language cues for it.

Three of every four events the classifier missed in other languages had no cue word of their label at all ("Dcera
dnes promovala 🎓 inženýrka!", "Meille tulee vauva elokuussa 🤰"), and the English encoder cannot see them. A few emoji
mean one event wherever they stand: a mortarboard a graduation, a pregnant woman a pregnancy, a house, keys, boxes
or a removal van a move. Others do not: a ring is an engagement or a wedding (or a jeweller's advert), a baby a birth
or a pregnancy, a dog or a cake anyone's day. Such an emoji is read as another language's cue, so the evidence of
rule 67 and the per-label shifts decide whether it acts, as for any other-language word; English posts keep their
own words.
"""

from __future__ import annotations

from collections.abc import Sequence

from lifeevents.cues import Cues, Trigger
from lifeevents.english_words import in_english

__all__ = ["EMOJI_CUES", "add_emoji_cues"]

#: each label's emoji that mean that event and no other
EMOJI_CUES: dict[str, tuple[str, ...]] = {
    "graduation": ("🎓",),
    "pregnancy": ("🤰",),
    "moving_home": ("🏠", "🏡", "🔑", "📦", "🚚"),
}


def add_emoji_cues(cues: Sequence[Cues]) -> None:
    """Add to each post not in English a cue at the first emoji of each label in `EMOJI_CUES` that no word cues
    (in place, before the head reads the cues)."""
    for c in cues:
        cued = {t.label for t in c.triggers}
        found = {label: _first(c.text, marks) for label, marks in EMOJI_CUES.items() if label not in cued}
        spans = [(label, span) for label, span in found.items() if span is not None]
        if not spans or in_english(c.text):
            continue
        for label, (start, end) in spans:
            c.triggers.append(
                Trigger(label, start, end, c.sentence_of(start), undone=False, other_language=True)
            )


def _first(text: str, marks: tuple[str, ...]) -> tuple[int, int] | None:
    hits = [(i, i + len(m)) for m in marks if (i := text.find(m)) >= 0]
    return min(hits) if hits else None
