"""spaCy rules over a post: sentences, event triggers, relations, and what undoes an event.

A blank English pipeline with the sentencizer and a component that marks date expressions
as ``DATE`` entities, and the lexicon's token patterns (`lifeevents.token_patterns`). The
result is plain data (`Cues`) plus a fixed-length feature vector the classifier head reads
beside the encoder embedding.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from lifeevents import event_words, lexicon
from lifeevents.dates import find_dates, is_past
from lifeevents.taxonomy import EVENT_LABELS
from lifeevents.token_patterns import TokenPatterns

_SCOPE_TOKENS = 3
_NOT_NEGATING_NEXT = lexicon.NOT_NEGATING_NEXT | event_words.NOT_NEGATING_NEXT  # "can't wait", "nahi rahe"
# Spanish and Portuguese object pronouns: "no me caso", "no te lo puedo creer"
_CLITICS = frozenset({"me", "te", "se", "nos", "os", "vos", "lo", "la", "los", "las", "le", "les"})
_TRIGGER_GROUPS = ("T:", "O:")  # an event label's cues in English, in other languages
_FIRST_PERSON = frozenset(
    {"i", "i'm", "im", "we", "we're", "our", "my", "me", "us", "ours", "mine", "myself"}
)
_DETERMINERS = frozenset({"my", "our", "his", "her", "their", "the", "ma", "mi", "me", "your"})
_MODIFIERS = frozenset(
    [
        "best",
        "wee",
        "junior",
        "little",
        "big",
        "older",
        "younger",
        "baby",
        "lil",
        "dear",
        "oldest",
        "youngest",
        "eldest",
        "twin",
        "new",
        "amazing",
        "beautiful",
        "sweet",
        "step",
        "favorite",
        "favourite",
        "darling",
        "lovely",
        "wonderful",
        "good",
        "next",
        "door",
        "sweetest",
        "awesome",
        "gorgeous",
    ]
)
_VOCATIVE = frozenset(
    {
        "mom",
        "mum",
        "dad",
        "mama",
        "papa",
        "grandma",
        "grandpa",
        "nana",
        "nan",
        "gran",
        "granny",
        "sis",
        "bro",
        "bestie",
        "grandad",
        "granddad",
        "grandmother",
        "grandfather",
        "mummy",
        "mommy",
        "daddy",
        "momma",
    }
)
# a relation word after these names what the writer is ("I'm a dad", "an auntie", "proud mum")
_ROLE_OF_WRITER = frozenset({"a", "an", "proud", "im", "i'm", "am", "fellow", "first-time", "as"})
_JOINED_AFTER = re.compile(r"^\W*[\w'-]+(?:\s+[\w'-]+)?\s+(?:and|&|n)\s+(?:i|me|myself)\b", re.I)
_JOINED_BEFORE = re.compile(r"\b(?:(?:me|i|we|myself)\s+(?:and|&|n)|with|w/)\s+(?:my|our)?\s*$", re.I)

FLAG_NAMES: tuple[str, ...] = (
    "negation",
    "hypothetical",
    "joke",
    "media",
    "congrats",
    "network_relation",
    "first_person",
    "has_date",
    "past_tense",
    "question",
    "length",
)
FEATURE_NAMES: tuple[str, ...] = (
    *(f"trigger:{label}" for label in EVENT_LABELS),
    *(f"undone:{label}" for label in EVENT_LABELS),
    *FLAG_NAMES,
)


@dataclass(frozen=True)
class Trigger:
    """A cue phrase for an event label, and whether negation or a hypothetical scopes over it."""

    label: str
    start: int
    end: int
    sentence: int
    undone: bool
    other_language: bool = False  # found by another language's word (`event_words`), not an English one


@dataclass(frozen=True)
class Relation:
    """A person of the writer's network named in the text (``my sister``), canonicalised."""

    relation: str
    start: int
    end: int
    sentence: int
    household: bool
    owner: str = ""


@dataclass
class Cues:
    """What the rules saw in one text."""

    text: str
    sentences: list[tuple[int, int]]
    triggers: list[Trigger] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    flags: dict[str, float] = field(default_factory=dict)
    # sentences with another language's word of screens or the famous (`event_words.MEDIA`)
    media_sentences: frozenset[int] = frozenset()

    def labels(self) -> list[str]:
        """Labels with at least one trigger that nothing undoes."""
        return list(dict.fromkeys(t.label for t in self.triggers if not t.undone))

    def standing(self, label: str) -> list[Trigger]:
        """The cues of ``label`` that nothing undoes, in order."""
        return [t for t in self.triggers if t.label == label and not t.undone]

    def only_other_language(self) -> set[str]:
        """Labels whose every cue nothing undoes is another language's word: the head, trained on
        English cue features, is less sure of these than their cue warrants."""
        clean = [t for t in self.triggers if not t.undone]
        return {t.label for t in clean} - {t.label for t in clean if not t.other_language}

    def features(self) -> np.ndarray:
        """The fixed-length feature vector, in `FEATURE_NAMES` order."""
        clean = {t.label for t in self.triggers if not t.undone}
        undone = {t.label for t in self.triggers if t.undone} - clean
        vec = [1.0 if lab in clean else 0.0 for lab in EVENT_LABELS]
        vec += [1.0 if lab in undone else 0.0 for lab in EVENT_LABELS]
        vec += [float(self.flags.get(name, 0.0)) for name in FLAG_NAMES]
        return np.asarray(vec, dtype=np.float32)

    def sentence_of(self, char: int) -> int:
        """Index of the sentence holding character ``char``."""
        for i, (s, e) in enumerate(self.sentences):
            if s <= char < e:
                return i
        return max(0, len(self.sentences) - 1)


@Language.component("lifecue_dates")
def _date_entities(doc: Doc) -> Doc:
    """Mark date expressions as DATE entities (resolution happens later, against posted_at)."""
    spans = []
    for mention in find_dates(doc.text, datetime(2000, 1, 1)):
        span = doc.char_span(mention.start, mention.end, label="DATE", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def _folded(word: str) -> str:
    """A lower-case word as the specs spell it: Python lowers Turkish "İ" to "i" and a combining dot
    ("İyi ki doğdun", "EMEKLİ OLDUM" matched no spec)."""
    return word.replace("i\u0307", "i") if "\u0307" in word else word


def pattern_groups() -> list[tuple[str, tuple[str, ...]]]:
    """The lexicon's specs by match name: ``T:<label>`` per event label, ``O:<label>`` its cues in
    other languages (`event_words`), then what scopes or flags a post."""
    return (
        [(f"T:{label}", tuple(specs)) for label, specs in lexicon.TRIGGERS.items()]
        + [(f"O:{label}", specs) for label, specs in event_words.TRIGGERS.items()]
        + [
            ("NEG", tuple(lexicon.NEGATION) + event_words.NEGATION),
            ("NEGAFTER", event_words.NEGATION_AFTER),
            ("HYPO", tuple(lexicon.HYPOTHETICAL) + event_words.HYPOTHETICAL),
            ("JOKE", tuple(lexicon.JOKE)),
            ("MEDIA", tuple(lexicon.MEDIA)),
            ("OMEDIA", event_words.MEDIA),
            ("CONGRATS", tuple(lexicon.CONGRATS)),
        ]
    )


class CueReader:
    """The spaCy pipeline (tokens, sentences, dates) and the lexicon's token patterns; one per process."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("lifecue_dates")
        self.patterns = TokenPatterns(pattern_groups())
        self.relations = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.relations.add("REL", [self.nlp.make_doc(w) for w in lexicon.RELATIONS])
        self._lock = threading.Lock()

    def read(self, texts: Sequence[str]) -> list[Cues]:
        """Cues of each text, in order (serialised: the shared vocab's string store is not thread-safe)."""
        with self._lock:
            return [self._cues(doc) for doc in self.nlp.pipe(texts, batch_size=256)]

    def _cues(self, doc: Doc) -> Cues:
        text = doc.text  # spaCy joins every token's text on each read of doc.text
        spans = list(doc.sents)  # each pass over doc.sents walks every token again
        sents = [(s.start_char, s.end_char) for s in spans] or [(0, len(text))]
        sent_of_token = {t: i for i, s in enumerate(spans) for t in range(s.start, s.end)}
        words = [_folded(t.lower_) for t in doc]
        cues = Cues(text=text, sentences=sents)
        scopes: dict[str, list[Span]] = {
            "NEG": [],
            "NEGAFTER": [],
            "HYPO": [],
            "JOKE": [],
            "MEDIA": [],
            "OMEDIA": [],
            "CONGRATS": [],
        }
        raw_triggers: list[Span] = []
        for name, start, end in self.patterns(words):
            span = Span(doc, start, end, label=name)
            if name[:2] in _TRIGGER_GROUPS:
                raw_triggers.append(span)
            elif name in ("NEG", "NEGAFTER") and end < len(doc) and doc[end].lower_ in _NOT_NEGATING_NEXT:
                continue
            else:
                scopes[name].append(span)
        for span in _yield_to_longer(_longest_per_label(raw_triggers)):
            label = span.label_[2:]
            sent = sent_of_token.get(span.start, 0)
            other = span.label_.startswith("O:")
            negations = [n for n in scopes["NEG"] if not (other and _in_the(doc, n, span))]
            undone = (
                _scoped(span, negations, sent_of_token, _SCOPE_TOKENS)
                or _scoped(span, scopes["HYPO"], sent_of_token, 40)
                or (other and _scoped_after(span, scopes["NEGAFTER"], sent_of_token, _SCOPE_TOKENS))
            )
            cues.triggers.append(Trigger(label, span.start_char, span.end_char, sent, undone, other))
        for span in filter_spans([Span(doc, s, e) for _, s, e in self.relations(doc)]):
            owner = span.start - 1
            while owner >= 0 and doc[owner].lower_ in _MODIFIERS:
                owner -= 1
            if owner >= 0 and doc[owner].lower_ in _ROLE_OF_WRITER:
                continue  # "I'm a dad", "became an auntie", "proud mum": the writer's role, not a person
            owned = owner >= 0 and doc[owner].lower_ in _DETERMINERS
            if not (owned or len(span) > 2 or span.text.lower() in _VOCATIVE):
                continue
            if (
                owned
                and doc[owner].lower_ in ("his", "her", "their")
                and owner
                and doc[owner - 1].lower_ in ("and", "&")
            ):
                continue  # "my sister and her husband": the couple is the sister's
            canonical = lexicon.RELATIONS[span.text.lower()]
            after = text[span.start_char : span.end_char + 16]
            before = text[max(0, span.start_char - 16) : span.start_char]
            household = bool(_JOINED_AFTER.search(after) or _JOINED_BEFORE.search(before))
            cues.relations.append(
                Relation(
                    canonical,
                    span.start_char,
                    span.end_char,
                    sent_of_token.get(span.start, 0),
                    household,
                    doc[owner].lower_ if owned else "",
                )
            )
        cues.media_sentences = frozenset(sent_of_token.get(s.start, 0) for s in scopes["OMEDIA"])
        text_lower = text.lower()
        cues.flags = {
            "negation": float(bool(scopes["NEG"])),
            "hypothetical": float(bool(scopes["HYPO"])),
            "joke": float(bool(scopes["JOKE"])),
            "media": float(bool(scopes["MEDIA"])),
            "congrats": float(bool(scopes["CONGRATS"])),
            "network_relation": float(any(not r.household for r in cues.relations)),
            "first_person": float(any(w in _FIRST_PERSON for w in words)),
            "has_date": float(bool(doc.ents)),
            "past_tense": float(is_past(text)),
            "question": float("?" in text_lower),
            "length": math.log1p(len(doc)) / 5.0,
        }
        return cues


def _longest_per_label(spans: Iterable[Span]) -> list[Span]:
    """Overlapping matches of one label (English or another language's) collapse to the longest."""
    by_label: dict[str, list[Span]] = {}
    for s in spans:
        by_label.setdefault(s.label_[2:], []).append(s)
    out: list[Span] = []
    for group in by_label.values():
        out.extend(filter_spans(group))
    return sorted(out, key=lambda s: s.start)


def _yield_to_longer(spans: list[Span]) -> list[Span]:
    """Drop another language's cue that overlaps a longer cue of another label: "joyeux anniversaire de mariage" is
    an anniversary's, not a birthday's (English cues stand as the head learnt them)."""
    return [
        s
        for s in spans
        if not (
            s.label_.startswith("O:")
            and any(
                o.label_[2:] != s.label_[2:] and o.start < s.end and s.start < o.end and len(o) > len(s)
                for o in spans
            )
        )
    ]


def _in_the(doc: Doc, negation: Span, trigger: Span) -> bool:
    """Whether "no" right before another language's trigger is Portuguese "in the" ("começo no emprego novo"), not
    Spanish "not" ("no me caso": a pronoun follows it) (rule 78)."""
    return (
        negation.end == trigger.start
        and negation.text.lower() == "no"
        and doc[trigger.start].lower_ not in _CLITICS
    )


def _scoped(span: Span, cues: list[Span], sent_of_token: dict[int, int], reach: int) -> bool:
    """Whether a cue sits shortly before ``span`` in the same sentence."""
    sent = sent_of_token.get(span.start, 0)
    for cue in cues:
        if sent_of_token.get(cue.start, -1) != sent:
            continue
        if cue.end <= span.start and span.start - cue.end <= reach:
            return True
    return False


def _scoped_after(span: Span, cues: list[Span], sent_of_token: dict[int, int], reach: int) -> bool:
    """Whether a cue sits shortly after ``span`` in the same sentence."""
    sent = sent_of_token.get(span.start, 0)
    return any(
        sent_of_token.get(cue.start, -1) == sent and 0 <= cue.start - span.end <= reach for cue in cues
    )
