"""How each platform dresses a post: hashtag walls, "@ Place" tails, "…" cut-offs, @replies, links.

Applied after a hand-written post is rendered, so one post appears the way an Instagram
cross-post, a tweet, a Facebook update or a quick text would show it. The event words of the
post itself are never cut; only what a platform adds around them is.
"""

from __future__ import annotations

import random

HANDLE_ENDINGS = ["", "", "_", ".", "x", "official", "_xo", "123", "22", "92", "_uk", "b", "love", "_"]
LOCATIONS = [
    "The Ivy", "Central Park", "Brooklyn, New York", "Manchester, United Kingdom", "Walt Disney World",
    "Home Sweet Home", "St. Andrew's Church", "Bondi Beach", "Lake Tahoe", "Starbucks", "Mercy Hospital",
    "Dublin, Ireland", "Toronto, Ontario", "The Old Barn", "Grandma's House", "Miami Beach", "Napa Valley",
    "Edinburgh Castle", "Golden Gate Park", "Lagos, Nigeria", "Mumbai, India", "Sydney Opera House",
    "Austin, Texas", "The Plaza Hotel", "Cotswolds", "Santorini, Greece", "Chicago, Illinois",
    "Hyde Park", "University of Michigan", "Cape Town", "Vancouver, British Columbia", "Our Happy Place",
]  # fmt: skip
GENERIC_TAGS = [
    "#love", "#instagood", "#photooftheday", "#happy", "#blessed", "#family", "#grateful", "#life",
    "#mood", "#weekend", "#instadaily", "#memories", "#goals", "#fun", "#friends", "#picoftheday",
    "#nofilter", "#vibes", "#happiness", "#smile", "#explore", "#sundayfunday", "#lovethem",
    "#bestday", "#familyfirst", "#thankful", "#instamood", "#selfie", "#cute", "#fyp",
]  # fmt: skip
EVENT_TAGS = {
    "birthday": ["#birthday", "#bday", "#birthdaygirl", "#birthdayboy", "#hbd", "#birthdaycake", "#cheers"],
    "anniversary": ["#anniversary", "#happyanniversary", "#marriedlife", "#loveyou", "#couplegoals"],
    "wedding": ["#wedding", "#weddingday", "#justmarried", "#bride", "#mrandmrs", "#weddingvibes"],
    "engagement": ["#engaged", "#shesaidyes", "#engagementring", "#ringselfie", "#isaidyes", "#bridetobe"],
    "new_baby": ["#newborn", "#babyboy", "#babygirl", "#newbaby", "#babylove", "#welcometotheworld"],
    "pregnancy": ["#bumpdate", "#pregnant", "#babybump", "#momtobe", "#babyonboard", "#expecting"],
    "graduation": ["#graduation", "#classof2026", "#gradszn", "#graduate", "#capandgown", "#proud"],
    "new_job": ["#newjob", "#career", "#hired", "#newbeginnings", "#promotion", "#firstday"],
    "moving_home": ["#newhome", "#homeowners", "#movingday", "#keys", "#newhouse", "#homesweethome"],
    "retirement": ["#retired", "#retirement", "#happyretirement", "#nomorealarms", "#retirementlife"],
    "new_pet": ["#newpuppy", "#adoptdontshop", "#puppylove", "#catsofinstagram", "#rescuedog", "#furbaby"],
    "bereavement": ["#rip", "#restinpeace", "#gonetoosoon", "#forevermissed", "#ripgrandma", "#grief"],
}
FB_OPENERS = ["Family update!", "Some news 💕", "Hi everyone,", "Well...", "Had to share:", "OK so",
              "Sorry for the long post.", "For those who haven't heard,", "Quick update for family and friends:"]  # fmt: skip
FB_CLOSERS = ["Love you all ❤️", "Thank you all for the love.", "xoxo", "More pics to come!", "God is good 🙏",
              "Blessed.", "Thanks for reading!", "💕💕💕", "Feeling grateful.", "Share with anyone who'd want to know."]  # fmt: skip
LINKS = ["https://t.co/xYz12AbC", "pic.twitter.com/aB3dE9", "https://instagr.am/p/Cx9Lk2", "(link in bio)"]
STYLES = {"plain": 4, "instagram": 4, "twitter": 3, "facebook": 2, "caps": 1, "text": 2}


def handle(rng: random.Random, name: str) -> str:
    """An @handle built from a first name."""
    return (
        "@"
        + name.lower()
        + rng.choice(HANDLE_ENDINGS)
        + (str(rng.randint(1, 99)) if rng.random() < 0.3 else "")
    )


def dress(rng: random.Random, text: str, label: str, style: str | None = None) -> str:
    """The post as one platform would show it (``style`` or a random one)."""
    style = style or rng.choices(list(STYLES), weights=list(STYLES.values()))[0]
    if style == "instagram":
        pool = GENERIC_TAGS + EVENT_TAGS.get(label, []) * 2
        tags = " ".join(rng.sample(pool, min(len(pool), rng.randint(2, 10))))
        if rng.random() < 0.5:
            tags = tags.replace(" ", rng.choice([" ", " ", "", " . "]))
        tail = " " + tags
        if rng.random() < 0.4:
            tail += f" @ {rng.choice(LOCATIONS)}"
        if rng.random() < 0.35:
            tail = tail[: rng.randint(2, max(3, len(tail) - 1))].rstrip() + "…"
        return text + ("\n\n" if rng.random() < 0.3 else " ") + tail.strip()
    if style == "twitter":
        if rng.random() < 0.4:
            text = (
                " ".join(
                    handle(rng, rng.choice(["sam", "jess", "mike", "ana", "tom", "priya"]))
                    for _ in range(rng.randint(1, 2))
                )
                + " "
                + text
            )
        if rng.random() < 0.4:
            text += " " + " ".join(rng.sample(EVENT_TAGS.get(label, GENERIC_TAGS), 1))
        if rng.random() < 0.3:
            text += " " + rng.choice(LINKS)
        return text
    if style == "facebook":
        if rng.random() < 0.6:
            text = rng.choice(FB_OPENERS) + " " + text
        if rng.random() < 0.7:
            text += " " + rng.choice(FB_CLOSERS)
        return text
    if style == "caps" and len(text) < 140:
        return text.upper()
    if style == "text":
        text = text.lower().replace("'", "").replace("’", "")
        for a, b in (("you ", "u "), (" are ", " r "), ("tonight", "tonite"), ("tomorrow", "tmrw"),
                     ("congratulations", "congrats"), ("going to", "gonna"), ("love", "luv")):  # fmt: skip
            if rng.random() < 0.5:
                text = text.replace(a, b)
        return text.rstrip(".!") + rng.choice(["", " lol", " !!", " 😭", " omg", ""])
    return text
