"""Fills a post template with people, places and a date phrase, and derives its labels from the slots.

Template slots: {R}/{Rs} a network person ("my sister" / "my sister's") who becomes the event's
subject; {C}/{Cs} a couple ("my parents"); {K} a relative named in passing ("my grandpa", not
the subject); {kw} a bare kin word; {pr}/{po}/{pp} pronouns of {R}; {N}/{Ns} a first name ({Nf}/{Nfs} a woman's); {BN} a baby
name; {city} {home} {co} {role} {school} {deg} {pet} {petname} {age} {ageth} {yrs} {yrsth};
{D} / {D!} a future date phrase (optional / required), {P} / {P!} a past one, {T} "today"; {E}/{E:label} emoji;
{H}/{H:label} hashtags. A spec such as "wedding:R" or "engagement+moving_home@" names the events:
":R" makes the event the {R} person's, ":C" the couple's, ":N=sister" a named relation's
(hand-written posts), "@" attaches the date slot (single-event
templates get it without asking).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from lifeevents.data import dates, vocab
from lifeevents.data.noise import apply_noise

POOLS = {
    "PEERS": vocab.PEERS,
    "ELDERS": vocab.ELDERS,
    "CHILDREN": vocab.CHILDREN,
    "PARTNERS": vocab.PARTNERS,
    "EVERYONE": vocab.EVERYONE,
    "WOMEN": vocab.WOMEN,
    "MEN": vocab.MEN,
    "OFFSPRING": vocab.OFFSPRING,
}
DEFAULT_POOL = {
    "birthday": "EVERYONE",
    "anniversary": "PEERS",
    "wedding": "PEERS",
    "engagement": "PEERS",
    "new_baby": "PEERS",
    "pregnancy": "PEERS",
    "graduation": "CHILDREN",
    "new_job": "PEERS",
    "moving_home": "PEERS",
    "retirement": "ELDERS",
    "new_pet": "PEERS",
    "bereavement": "PEERS",
}
KIN = [
    "grandpa", "grandma", "nan", "gran", "grandad", "dad", "mum", "mom", "uncle", "aunt", "auntie",
    "father", "mother", "granny", "nana", "best friend", "brother", "sister", "cousin", "godfather",
]  # fmt: skip
PRONOUNS = {"f": ("she", "her", "her"), "m": ("he", "him", "his"), "x": ("they", "them", "their")}
SLOT = re.compile(r"\{([A-Za-z]+!?)(?::([A-Za-z_]+))?\}")


@dataclass(frozen=True)
class Template:
    """One post pattern and the events it reveals."""

    text: str
    spec: str  # "" for no event


def _event_types(spec: str) -> list[str]:
    return [part.split(":")[0].split("@")[0] for part in spec.split("+") if part]


def render(
    template: Template, rng: random.Random, posted: date, noisy: bool = True
) -> tuple[str, list[dict[str, object]]]:
    """Return the post text and its labelled events for a post written on `posted` (``noisy``: add surface noise)."""
    types = _event_types(template.spec)
    main = types[0] if types else "none"
    parts = [p for p in template.spec.split("+") if p]
    pool_name = DEFAULT_POOL.get(main, "EVERYONE")
    for part in parts:
        if ":R=" in part:
            pool_name = part.split(":R=")[1].split("@")[0]
    surface = rng.choice(POOLS[pool_name])
    relation, gender = vocab.RELATIONS[surface]
    if gender == "x":
        gender = "f" if pool_name == "WOMEN" else "m" if pool_name == "MEN" else rng.choice("fm")
    couple = rng.choice(vocab.COUPLES)
    names = (
        vocab.NAMES_F if gender == "f" else vocab.NAMES_M if gender == "m" else vocab.NAMES_F + vocab.NAMES_M
    )
    name = rng.choice(names)
    female = rng.choice(vocab.NAMES_F)
    age = rng.choice(vocab.AGES)
    yrs = rng.choice(vocab.YEARS_TOGETHER)
    kin = rng.choice(KIN)
    phrase: dates.DatePhrase | None = None
    fills = {
        "R": f"my {surface}",
        "Rs": f"my {surface}'s",
        "C": couple[1],
        "Cs": couple[2],
        "K": f"my {kin}",
        "kw": kin,
        "pr": PRONOUNS[gender][0],
        "po": PRONOUNS[gender][1],
        "pp": PRONOUNS[gender][2],
        "N": name,
        "Ns": f"{name}'s",
        "Nf": female,
        "Nfs": f"{female}'s",
        "BN": rng.choice(vocab.BABY_NAMES),
        "city": rng.choice(vocab.CITIES),
        "home": rng.choice(vocab.HOME_TYPES),
        "co": rng.choice(vocab.COMPANIES),
        "role": rng.choice(vocab.ROLES),
        "school": rng.choice(vocab.SCHOOLS),
        "deg": rng.choice(vocab.DEGREES),
        "pet": rng.choice(vocab.PETS),
        "petname": rng.choice(vocab.PET_NAMES),
        "age": str(age),
        "ageth": dates.ordinal(age),
        "yrs": str(yrs),
        "yrsth": dates.ordinal(yrs),
    }

    def fill(match: re.Match[str]) -> str:
        nonlocal phrase
        name, arg = match.group(1), match.group(2)
        if name == "T":
            phrase = dates.DatePhrase(" today", posted, "day", "today")
            return "\x01"
        if name in ("D", "D!", "P", "P!"):
            required = name.endswith("!")
            if not required and rng.random() < 0.3:
                return ""
            make = dates.future_phrase if name.startswith("D") else dates.past_phrase
            phrase = make(rng, posted)
            return "\x01"
        if name == "E":
            pool = vocab.EMOJI[arg or main]
            return "".join(rng.choices(pool, k=rng.randint(1, 3))) if rng.random() < 0.7 else ""
        if name == "H":
            pool = vocab.HASHTAGS[arg or main]
            return " ".join(rng.sample(pool, rng.randint(1, 2))) if rng.random() < 0.7 else ""
        return fills[name]

    text = SLOT.sub(fill, template.text)
    # emoji are weak cues: none posts borrow event ones, event posts sometimes generic ones;
    # hashtags stay with their label (someone tagging #engaged usually is)
    casing = "keep"
    if noisy:
        style = rng.choice(list(vocab.EMOJI)) if main == "none" or rng.random() < 0.2 else main
        tags = vocab.HASHTAGS[main] if rng.random() < (0.25 if main == "none" else 0.5) else []
        text, casing = apply_noise(rng, text, vocab.EMOJI[style], tags)
    if phrase is not None:
        when = phrase.text
        when = when.lower() if casing == "lower" else when.upper() if casing == "upper" else when
        before = text[: text.index("\x01")].rstrip()
        if before.lower().endswith((" for", " before", " from", " of", " until")):
            # "booked for June 5th", not "booked for on June 5th"
            dated_in = phrase.kind in ("in_month", "in_year") and when.lower().startswith(" in ")
            if when.lower().startswith(" on ") or dated_in:
                when = when[3:]
        if not before or before[-1] in ".!?":
            when = when.strip()
            when = when[0].upper() + when[1:] if casing == "keep" else when
            when = (" " if before else "") + when
        text = text.replace("\x01", when)
    text = re.sub(r"\s+([,.!?])", r"\1", re.sub(r" {2,}", " ", text)).strip()
    events: list[dict[str, object]] = []
    for i, part in enumerate(parts):
        kind = types[i]
        fixed = part.split(":N=")[1].split("@")[0] if ":N=" in part else ""
        network = ":R" in part or ":C" in part or bool(fixed)
        rel = fixed or (relation if ":R" in part else couple[0] if ":C" in part else "")
        dated = phrase is not None and ("@" in part or len(parts) == 1)
        events.append(
            {
                "type": kind,
                "subject": "network" if network else "self",
                "relation": rel,
                "date": phrase.date.isoformat() if dated and phrase and phrase.date else None,
                "date_precision": phrase.precision if dated and phrase else "unknown",
            }
        )
    return text, events
