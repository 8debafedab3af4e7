"""Surface noise that real posts carry: casing, slang, typos, dropped punctuation, emoji, hashtags."""

from __future__ import annotations

import random
import re

SLANG = [
    (r"\byou\b", "u"), (r"\bare\b", "r"), (r"\bgoing to\b", "gonna"), (r"\bwant to\b", "wanna"),
    (r"\bbecause\b", "cuz"), (r"\bplease\b", "pls"), (r"\bthanks\b", "thx"), (r"\bcongratulations\b", "congrats"),
    (r"\bokay\b", "ok"), (r"\bfor\b", "4"), (r"\bto be honest\b", "tbh"), (r"\bI don't know\b", "idk"),
    (r"\bsoo?\b", "sooo"), (r"\breally\b", "rly"), (r"\bthough\b", "tho"), (r"\bbeautiful\b", "beautiful 😍"),
    (r"\bvery\b", "super"), (r"\bwith\b", "w/"), (r"\bam so\b", "am sooooo"), (r"\bfriend\b", "frend"),
]  # fmt: skip


FILLERS = [
    "Long week.", "Anyway.", "Okay so.", "Sorry for the radio silence.", "Haven't posted in ages but here goes.",
    "Quick one.", "Still processing all of this.", "Right, here goes.", "So much going on lately.",
    "Thanks for reading if you got this far.", "Will post more later.", "More soon x", "Love you all.",
    "That's all, back to work.", "Coffee number three.", "Weather is awful btw.", "Anyway, how are you all?",
    "Sorry for the long post.", "Edit: thanks for all the messages!", "Not sure how to put this into words.",
    "It's been a lot.", "Phone is on 3% so keeping this short.", "lol.", "ok rant over.",
    "Back to scrolling.", "Wild times.", "Grateful for my people.", "Can't make this stuff up.",
    "The kids are screaming in the background as I type this.", "Just had to share.", "Brain is mush.",
    "Wish me luck with everything else going on.", "Honestly what a year it's been.",
    "Haven't slept properly in days.", "Anyway, the cat says hi.", "Writing this on the train.",
]  # fmt: skip


# neutral sentences that turn a post into a long, rambling one
CONTEXT = [
    "The weather has been all over the place and the garden is a swamp.",
    "Work has been manic, I've barely had time to breathe, let alone post.",
    "The kids have had colds on rotation for about six weeks now.",
    "I've been meaning to write this for a while but kept putting it off.",
    "We finally got the car fixed after three trips to the garage.",
    "My phone has been playing up so sorry if I missed your messages.",
    "The dog has decided that 5am is the new breakfast time.",
    "I'm writing this with a cup of tea that has long gone cold.",
    "Everyone keeps asking for updates so here's the long version.",
    "I know I've been quiet on here, life just got very busy.",
    "Honestly I'm still in my pyjamas and it's the middle of the afternoon.",
    "The house is a mess, the washing is piling up and nobody cares.",
    "I started a new book and then lost it in the sofa.",
    "The neighbours are doing building work again so everything smells of dust.",
    "I've been on the phone to the bank for most of the morning.",
    "We went for a long walk by the river to clear our heads first.",
    "Thank you to everyone who checked in on us recently, it means a lot.",
    "I'll try to reply to everyone but it might take a few days.",
]  # fmt: skip


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 2)
    op = rng.randrange(3)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def add_typos(rng: random.Random, text: str, n: int) -> str:
    """Swap, drop or double a letter in `n` longer words (never inside a protected \x01 slot)."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if "\x01" not in w and len(w) >= 5 and w.isalpha()]
    for i in rng.sample(candidates, min(n, len(candidates))):
        words[i] = _typo(rng, words[i])
    return " ".join(words)


def slangify(rng: random.Random, text: str) -> str:
    """Replace a few standard words with chat spellings."""
    for pattern, repl in rng.sample(SLANG, 6):
        text = re.sub(pattern, repl, text, flags=re.IGNORECASE)
    return text


def strip_punctuation(text: str) -> str:
    """Drop sentence punctuation the way quick phone posts do."""
    return re.sub(r"[.,;:!?](?=\s|$)", "", text)


def apply_noise(rng: random.Random, text: str, emoji: list[str], hashtags: list[str]) -> tuple[str, str]:
    """Return the noised text and the casing it ended up in ('lower', 'upper' or 'keep')."""
    casing = "keep"
    if rng.random() < 0.06:
        picked = rng.sample(CONTEXT, rng.randint(2, 4))
        cut = rng.randint(0, len(picked))
        text = " ".join([*picked[:cut], text, *picked[cut:]])
    if rng.random() < 0.12:
        text = rng.choice(FILLERS) + " " + text
    if rng.random() < 0.12:
        text = text.rstrip() + " " + " ".join(rng.sample(FILLERS, rng.randint(1, 2)))
    roll = rng.random()
    if roll < 0.14:
        text = text.lower()
        casing = "lower"
    elif roll < 0.18 and len(text) < 90:
        text = text.upper()
        casing = "upper"
    if rng.random() < 0.12:
        text = slangify(rng, text)
    if rng.random() < 0.09:
        text = add_typos(rng, text, 1)
    if rng.random() < 0.12:
        text = strip_punctuation(text)
    if rng.random() < 0.08:
        text = text.replace("!", "!!!", 1)
    if emoji and rng.random() < 0.3:
        text = text + " " + "".join(rng.choices(emoji, k=rng.randint(1, 3)))
    if hashtags and rng.random() < 0.16:
        text = text + " " + " ".join(rng.sample(hashtags, min(len(hashtags), rng.randint(1, 3))))
    return text, casing
