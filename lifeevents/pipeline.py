"""The classifier: spaCy cues + MiniLM embedding -> trained head -> events with subject and date.

One instance per process (the encoder takes seconds to load); `classify` takes a batch
of texts, encodes them in one pass and returns, per text, its events highest confidence
first. The head decides *which* events; the rules say *whose* and *when*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from lifeevents import artifact as artifacts
from lifeevents.cue_evidence import Evidence
from lifeevents.cues import CueReader, Cues, Trigger
from lifeevents.dates import (
    UNKNOWN,
    DateMention,
    clause_around,
    clauses_apart,
    find_dates,
    reschedules,
    tense,
)
from lifeevents.emoji_cues import add_emoji_cues, lift_by_emoji
from lifeevents.encoder import TextEncoder
from lifeevents.encoder_builds import FP32
from lifeevents.encoder_builds import build as build_encoder
from lifeevents.english_words import in_english, known_words
from lifeevents.events import DetectedEvent, PostText, next_occurrence
from lifeevents.not_events import long_past, not_the_writers, sells_it
from lifeevents.subjects import whose
from lifeevents.taxonomy import EVENT_LABELS, RECURRING
from lifeevents.taxonomy import get as taxon

ENCODER, RULES, BOTH = "encoder", "rules", "both"
FEATURE_SETS = (ENCODER, RULES, BOTH)
POST, SENTENCES = "post", "sentences"
_MIN_UNIT_CHARS = 3
_LABEL_INDEX = {label: i for i, label in enumerate(EVENT_LABELS)}
_OCCASION = re.compile(
    r"\b(?:shower|scan|reveal|appointment|ultrasound|sonographer|midwife|party|announce\w*|told|found out)\b",
    re.I,
)
# the data README counts an event that happened "roughly within the past year"
_RECENT = timedelta(days=400)
_YEARS_AGO_TODAY = re.compile(r"\b(?:years?|yrs?)\s+ago\s+(?:today|2day)$", re.I)
_DUE = re.compile(r"\b(?:due|arriv\w*|expected|edd|eta)\b", re.I)
_DUE_WORD = re.compile(r"\bdue\b", re.I)
_YEARS_OF = re.compile(r"\b\d+\s*(?:years?|yrs?)\b[^.!?\n]{0,30}$", re.I)  # "10 years today since we ..."


def features(cues: Sequence[Cues], embeddings: np.ndarray | None, kind: str) -> np.ndarray:
    """The head's input for ``kind`` (encoder, rules or both)."""
    rule_x = np.stack([c.features() for c in cues]) if cues else np.zeros((0, 0), np.float32)
    if kind == RULES:
        return rule_x
    assert embeddings is not None
    return embeddings if kind == ENCODER else np.hstack([embeddings, rule_x])


def units(cues: Sequence[Cues]) -> tuple[list[str], np.ndarray]:
    """The sentences of each text to encode, and the index of the text each belongs to."""
    texts: list[str] = []
    owner: list[int] = []
    for i, c in enumerate(cues):
        parts = [c.text[s:e].strip() for s, e in c.sentences]
        parts = [p for p in parts if len(p) >= _MIN_UNIT_CHARS] or [c.text]
        texts.extend(parts)
        owner.extend([i] * len(parts))
    return texts, np.asarray(owner, dtype=np.int64)


def pool(unit_embeddings: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Per text: the max and the mean over its sentences' embeddings, side by side.

    Max keeps one telling sentence from drowning in filler ("long week. ... we got the keys!"),
    the mean stands in for the whole post.
    """
    dim = unit_embeddings.shape[1]
    top = np.full((n, dim), -np.inf, dtype=np.float32)
    np.maximum.at(top, owner, unit_embeddings)
    total = np.zeros((n, dim), dtype=np.float32)
    np.add.at(total, owner, unit_embeddings)
    counts = np.bincount(owner, minlength=n).astype(np.float32).clip(min=1)[:, None]
    return np.hstack([top, total / counts])


def embed(encoder: TextEncoder, cues: Sequence[Cues], pooling: str, batch_size: int = 64) -> np.ndarray:
    """Encoder features of each text: its own embedding, or pooled sentence embeddings."""
    if pooling == SENTENCES:
        texts, owner = units(cues)
        return pool(encoder.encode(texts, batch_size=batch_size), owner, len(cues))
    return encoder.encode([c.text for c in cues], batch_size=batch_size)


def other_language_cells(cues: Sequence[Cues]) -> np.ndarray:
    """(texts, labels): where every cue of a label in a text is another language's word."""
    cells = np.zeros((len(cues), len(EVENT_LABELS)), dtype=bool)
    for row, c in enumerate(cues):
        for label in c.only_other_language():
            cells[row, _LABEL_INDEX[label]] = True
    return cells


def shift_other_language(
    logits: np.ndarray, cues: Sequence[Cues], shift: float | np.ndarray, evidence: Evidence | None = None
) -> np.ndarray:
    """``logits`` where a label's only cues are other languages' words: weighed with what else the post
    says (``evidence``, when the artifact has it), then ``shift`` (one for all labels, or one per label) added,
    and a birthday's or a wedding's own emoji beside its word (`emoji_cues.lift_by_emoji`)."""
    if evidence is None and not np.any(shift):
        return logits
    cells = other_language_cells(cues)
    if evidence is not None:
        logits = evidence.apply(logits, cues, cells)
    return lift_by_emoji(logits + cells * shift, cues, cells)


class Classifier:
    """Loads the artifact, the encoder and the cue reader once; classifies batches of texts.

    ``encoder_build`` picks how the encoder runs (`lifeevents.encoder_builds`: fp32 here, as trained;
    the services pass their setting); an ONNX build is exported into, or read from, ``build_cache``.
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        encoder: TextEncoder | None = None,
        batch_size: int = 64,
        min_confidence: float | None = None,
        artifact: artifacts.Artifact | None = None,
        reader: CueReader | None = None,
        acting_threshold: float | None = None,
        review_threshold: float | None = None,
        encoder_build: str = FP32,
        build_cache: Path | None = None,
    ) -> None:
        self.artifact = artifact if artifact is not None else artifacts.load(model_dir)
        self.reader = reader or CueReader()
        known_words()  # read once per process with the model, not on the first post that needs it
        if encoder is None and self.artifact.features != RULES:
            encoder = build_encoder(encoder_build, self.artifact.adapter, self.artifact.version, build_cache)
        if encoder is not None and self.artifact.adapter is not None and not encoder.adapted:
            raise ValueError(
                f"model {self.artifact.version} needs its fine-tuned encoder: pass encoder=None "
                "(built from the artifact) or Encoder(adapter=artifact.adapter)"
            )
        self.encoder = encoder
        self.batch_size = batch_size
        self._encoding = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encoder")
        # acting: the artifact's precision-first threshold (or the configured one), raised by a floor;
        # per label where the artifact has its own (unless one is configured for all);
        # review: below it, events are pending (held for a person, not acted on)
        acting = acting_threshold if acting_threshold is not None else self.artifact.threshold
        floor = min_confidence or 0.0
        self.threshold = max(acting, floor)
        own = self.artifact.label_thresholds if acting_threshold is None else None
        self.thresholds = np.maximum(
            np.asarray(own if own is not None else [acting] * len(EVENT_LABELS), dtype=np.float64), floor
        )
        review = review_threshold if review_threshold is not None else self.artifact.review_threshold
        self.review_threshold = min(self.threshold, review) if review is not None else self.threshold

    @property
    def pooling(self) -> str:
        """How the artifact was trained to see text: whole posts or pooled sentences."""
        return str(self.artifact.meta.get("pooling", POST))

    @property
    def version(self) -> str:
        """Model version stamped on every event it detects."""
        return self.artifact.version

    def logits(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> tuple[list[Cues], np.ndarray]:
        """Cues and per-label head logits of each text (``embeddings`` when already encoded).

        Whole posts are encoded on the encoder's own thread while the cues are read here: torch
        computes without holding the interpreter, spaCy's reading needs it, so the two overlap.
        """
        emb = embeddings
        encoding: Future[np.ndarray] | None = None
        if emb is None and self.artifact.features != RULES and self.pooling != SENTENCES:
            assert self.encoder is not None
            encoding = self._encoding.submit(self.encoder.encode, list(texts), self.batch_size)
        cues = self.reader.read(texts)
        # before the head reads the cues: an emoji cue is a trigger feature like a word's
        add_emoji_cues(cues)
        if encoding is not None:
            emb = encoding.result()
        elif emb is None and self.artifact.features != RULES:
            assert self.encoder is not None
            emb = embed(self.encoder, cues, self.pooling, self.batch_size)
        logits = self.artifact.head.logits(features(cues, emb, self.artifact.features))
        shifts, evidence = self.artifact.other_language_shifts, self.artifact.other_language_evidence
        return cues, shift_other_language(logits, cues, shifts, evidence)

    def probabilities(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> tuple[list[Cues], np.ndarray]:
        """Cues and calibrated per-label confidences of each text."""
        cues, logits = self.logits(texts, embeddings)
        return cues, self.artifact.calibrated(logits)

    def classify(
        self, posts: Sequence[PostText], embeddings: np.ndarray | None = None, with_pending: bool = False
    ) -> list[list[DetectedEvent]]:
        """Events of each post, highest confidence first; [] when a post reveals none.

        Only events at or above the acting threshold, unless ``with_pending``: then also those
        between the review and the acting threshold, marked ``pending``.
        """
        if not posts:
            return []
        cues, probs = self.probabilities([p.text for p in posts], embeddings)
        return self.decide(posts, cues, probs, with_pending)

    def decide(
        self, posts: Sequence[PostText], cues: Sequence[Cues], probs: np.ndarray, with_pending: bool = False
    ) -> list[list[DetectedEvent]]:
        """Events from already computed cues and confidences (see `classify`)."""
        floors = np.minimum(self.thresholds, self.review_threshold) if with_pending else self.thresholds
        return [
            self._events(post, cue, row, floors, with_pending)
            for post, cue, row in zip(posts, cues, probs, strict=True)
        ]

    def _events(
        self, post: PostText, cues: Cues, probs: np.ndarray, floors: np.ndarray, with_pending: bool
    ) -> list[DetectedEvent]:
        out: list[DetectedEvent] = []
        english: bool | None = None  # worked out only for an event no word cues
        for i in np.argsort(-probs):
            p = float(probs[i])
            label = EVENT_LABELS[i]
            if p < floors[i] or ruled_out(label, cues, post.posted_at):
                continue
            pending = bool(p < self.thresholds[i])
            if not pending and _trigger(cues, label) is None:
                english = in_english(cues.text) if english is None else english
                pending = not english  # the English encoder alone, on another language: a person decides
            if pending and not with_pending:
                continue
            out.append(describe(label, p, post, cues, pending=pending))
        return out


def ruled_out(label: str, cues: Cues, posted_at: datetime) -> bool:
    """Whether the rules after the head drop an event of ``label``, whatever its confidence."""
    return (
        sells_it(cues.text)  # "Now booking 2026 weddings 📸 enquire via the link in bio!"
        or _only_undone(cues, label)  # every cue negated or hypothetical: "not getting married anytime soon"
        or long_past(label, cues, posted_at)  # "I got married in 1998 and it was the hottest day of the year"
        or not_the_writers(label, cues)  # "Nikahan di sinetron semalam", "Buon compleanno a questo blog!"
    )


def describe(
    label: str, confidence: float, post: PostText, cues: Cues, pending: bool = False
) -> DetectedEvent:
    """Subject, relation and date of an event of type ``label`` in a post."""
    row = taxon(label)
    trigger = _trigger(cues, label)
    anchor = trigger.start if trigger else 0
    sentence = cues.sentence_of(anchor)
    subject, relation = whose(label, cues, trigger, sentence)
    posted = post.posted_at if post.posted_at.tzinfo else post.posted_at.replace(tzinfo=UTC)
    when, precision = _date(posted, cues, trigger, sentence, anchor, label)
    nxt = next_occurrence(when, precision, posted) if row.recurrence == RECURRING else None
    announced = _announced_on(cues, trigger, posted) if when is None else None
    return DetectedEvent(
        type=label,
        recurrence=row.recurrence,
        subject=subject,
        relation=relation,
        date=when,
        date_precision=precision,
        next_occurrence=nxt,
        confidence=round(confidence, 4),
        sensitive=row.sensitive,
        pending=pending,
        announced_on=announced,
    )


def _announced_on(cues: Cues, trigger: Trigger | None, posted: datetime) -> datetime | None:
    """The post's day for an undated event its own clause (else the whole text) tells as done or
    happening; None when it looks ahead ("We're getting married!"), as its day is then unknown."""
    own = tense(clause_around(cues.text, trigger.start, trigger.end)) if trigger else None
    if own is False or (own is None and tense(cues.text) is False):
        return None
    day = posted.astimezone(UTC)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _only_undone(cues: Cues, label: str) -> bool:
    mine = [t for t in cues.triggers if t.label == label]
    return bool(mine) and all(t.undone for t in mine)


def _trigger(cues: Cues, label: str) -> Trigger | None:
    mine = [t for t in cues.triggers if t.label == label]
    clean = [t for t in mine if not t.undone]
    chosen = clean or mine
    return chosen[0] if chosen else None


# events told after they happen: a day named without a tense the scanner can read, in another language, lies behind
# ("Nació el martes", "Взяли котёнка в субботу"); of the other-language splits' dated events not of the posting day,
# births 291 of 291 lay behind, engagements 277 of 321, new pets 225 of 261 (weddings 68 of 442)
_TOLD_AFTER = frozenset({"new_baby", "engagement", "new_pet"})


def _date(posted: datetime, cues: Cues, trigger: Trigger | None, sentence: int, anchor: int, label: str):  # type: ignore[no-untyped-def]
    """The date that belongs to this event: nearest its trigger, never one that belongs to another event.

    A date mention belongs to the nearest trigger in its own sentence (any label), or, in a
    sentence without triggers, to the nearest trigger anywhere; dates inside a trigger ("Class of
    2026") are names, not dates. Of an event's own, one in the trigger's clause wins over a nearer one
    across a clause break ("Sis said yes to the dress today, the wedding is set for Oct 3"). Each
    mention follows the tense of its own clause (`find_dates`). A date just after "due" is a pregnancy's
    and no other event's; "N years ago today" makes a birthday or an anniversary today.
    """
    back = label in _TOLD_AFTER and trigger is not None and trigger.other_language
    found = find_dates(cues.text, posted, other_languages=True, lean_back=back)
    mentions = [m for m in found if not _inside_trigger(cues, m.start, m.end)]
    recurring = taxon(label).recurrence == RECURRING
    years_ago_today = [m for m in mentions if recurring and _YEARS_AGO_TODAY.search(m.text)]
    if years_ago_today:
        day = posted.astimezone(UTC)  # "2 years ago today we said I do": the anniversary is today
        return datetime(day.year, day.month, day.day, tzinfo=UTC), years_ago_today[0].precision
    if label == "pregnancy":  # the due date, never the day of a scan, a shower or the telling
        due = [m for m in mentions if _due_date(cues.text, m)]
        if due:
            return due[0].date, due[0].precision  # "found out on Sunday and baby is due on Christmas Day"
        mentions = [m for m in mentions if not _an_occasions_day(cues.text, m.start)]
    else:  # "Happy birthday to my wife who is due on 12 Feb": the due date is not the birthday's
        mentions = [m for m in mentions if not _due_date(cues.text, m, _DUE_WORD)]
    if not recurring:  # recent or ahead, not "started this firm 30 years ago"
        mentions = [m for m in mentions if m.date >= posted - _RECENT]
    if not mentions:
        return None, UNKNOWN
    live = [t for t in cues.triggers if not t.undone] or list(cues.triggers)
    live = [
        t for t in live if not reschedules(cues.text, t.start)
    ] or live  # "the wedding is moved to Saturday"
    own = [t for t in live if _owns(cues.text, t, label)] or ([trigger] if trigger else [])
    mine = []
    for m in mentions:
        m_sentence = cues.sentence_of(m.start)
        local = [t for t in live if t.sentence == m_sentence] or live
        owner = min(
            local, key=lambda t: (_apart(cues.text, t, m), _gap(t.start, t.end, m.start, m.end)), default=None
        )
        # an event with no cue of its own takes a date from a clause no other event's cue is in:
        # "Mum retires on the 5th and her 60th is the 6th"
        if (
            owner is None
            or _owns(cues.text, owner, label)
            or (trigger is None and _apart(cues.text, owner, m))
        ):
            if own:  # placed by the nearest of the event's own cues: "Grad ball tonight, actual graduation Thursday"
                key = min(
                    (t.sentence != m_sentence, _apart(cues.text, t, m), _gap(t.start, t.end, m.start, m.end))
                    for t in own
                )
            else:
                apart = clauses_apart(cues.text, min(anchor, m.end), max(anchor, m.start))
                key = (m_sentence != sentence, apart, _gap(anchor, anchor, m.start, m.end))
            mine.append((*key, m))
    if not mine:
        return None, UNKNOWN
    best = min(mine, key=lambda x: x[:3])[3]
    return best.date, best.precision


def _owns(text: str, t: Trigger, label: str) -> bool:
    """Whether a cue is the event's own: of its label, or, for an anniversary, the marriage a count of years
    follows ("10 years today since we said I do", "celebrated 20 yrs married last night")."""
    if t.label == label:
        return True
    return label == "anniversary" and t.label == "wedding" and bool(_YEARS_OF.search(text, 0, t.start))


def _due_date(text: str, mention: DateMention, word: re.Pattern[str] = _DUE) -> bool:
    """Whether a date mention is a due date: "due on Christmas Day", "due with our second on 12 Feb"."""
    before = text[max(0, mention.start - 30) : mention.start]
    last = max((m.end() for m in word.finditer(before)), default=None)
    return last is not None and not clauses_apart(before, last, len(before))


def _apart(text: str, trigger: Trigger, mention: DateMention) -> bool:
    """Whether a clause break lies between a trigger and a date mention."""
    return clauses_apart(text, min(trigger.end, mention.end), max(trigger.start, mention.start))


def _an_occasions_day(text: str, start: int) -> bool:
    """Whether a date mention just follows an occasion of a pregnancy, not its due date ("baby shower on Saturday",
    "20 week scan today", "told the family at Sunday lunch")."""
    before = text[max(0, start - 60) : start]
    before = before[
        before.rfind(".") + 1 :
    ]  # its own sentence: "announced her pregnancy at the braai yesterday"
    return bool(_OCCASION.search(before)) and not _DUE.search(before)


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, b_start - a_end, a_start - b_end)


def _inside_trigger(cues: Cues, start: int, end: int) -> bool:
    """Whether a date is part of an English cue ("Class of 2026"). Another language's cue does not hide a date:
    in Chinese or Japanese it spans its whole run of characters, date and all ("祖父が昨日亡くなりました")."""
    return any(t.start <= start and end <= t.end and not t.other_language for t in cues.triggers)
