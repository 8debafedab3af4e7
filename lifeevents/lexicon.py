"""Cue phrases as data: event triggers, relations, and the cues that undo an event.

Each pattern is a space-separated sequence of token regexes, matched in full against the
lower-cased spaCy tokens (so ``#weddingday`` is the tokens ``#`` and ``weddingday``).
`token_patterns.py` matches them (an optional token is written `(word )?`).
"""

from __future__ import annotations

TRIGGERS: dict[str, tuple[str, ...]] = {
    "birthday": (
        r"birthdays?|bday|b'?days?|hbd|birthday\w+|bday\w+",
        r"b - day",
        r"turn(s|ing|ed)? \d+",
        r"turn(s|ing|ed)? (twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|eighteen|sixteen|twenty\w*|\w+ty)",
        r"\d+(st|nd|rd|th) (birthday|bday)",
        r"trip around the sun",
        r"cake day",
        r"born on this day",
    ),
    "anniversary": (
        r"anniversar\w*|anniv",
        r"\d+ years? (together|married|of marriage)",
        r"(one|two|three|four|five|six|seven|eight|nine|ten|twenty|\w+ty) years? (together|married|of marriage)",
    ),
    "wedding": (
        r"wedding\w*|weddings?|married|marry(ing)?|marries|nuptials|elop(e|ed|ing)|bride\w*|groom\w*",
        r"ti(e|ed|ing|es) the knot",
        r"walk(ing|ed)? down the aisle",
        r"say(ing)? i do",
        r"said i do",
        r"get(s|ting)? hitched",
        r"got hitched",
        r"maid of honou?r",
        r"best man",
        r"hen do",
        r"stag do",
        r"bachelorette|bridesmaids?|newlyweds?|honeymoon",
        r"bachelor party",
        r"mr & mrs|mr and mrs",
        r"justmarried|mrandmrs|weddingday|newlywed\w*|bridetobe|weddingcountdown",
    ),
    "engagement": (
        r"engaged|engagement|fianc(e|é|ee|ée)s?|proposed|proposal|propose",
        r"said yes",
        r"popped the question",
        r"put a ring on it",
        r"she said yes|he said yes",
        r"shesaidyes|isaidyes|hesaidyes|ringselfie|engagementring|engaged\w+",
        r"ring selfie",
    ),
    "new_baby": (
        r"newborn|born",
        r"baby (boy|girl)",
        r"welcom(e|ed|ing) (our|a|baby|little|the)",
        r"gave birth",
        r"it ('s|’s|s) a (boy|girl)",
        r"new (dad|mum|mom|parents?|daddy|mommy|mummy|grandma|grandpa|granddaughter|grandson|arrival)",
        r"first (grandchild|grandbaby|granddaughter|grandson)",
        r"became (a )?(dad|mum|mom|father|mother|parents|grandma|grandpa|aunt|uncle)",
        r"little one (arrived|is here)",
        r"baby (is|was) here",
        r"(weighing|weighed) \d+",
        r"lbs?|kg",
        r"\d+(lbs?|oz|kg)",
        r"newborn\w*|itsaboy|itsagirl|newbaby|babyboy|babygirl",
        r"welcome to the world",
        r"delivered (a|our|her|his|their|twins|triplets|baby|the baby)",
        r"grandbab(y|ies)",
        r"had (her|his|their|a|the) (baby|babies|twins|little one)",
    ),
    "pregnancy": (
        r"pregnan\w*|expecting|trimester|ultrasound|sonogram|preggo|preggers",
        r"baby on the way",
        r"bun in the oven",
        r"due (date|in|on)",
        r"gender reveal",
        r"baby bump|bump",
        r"morning sickness",
        r"weeks along",
        r"eating for two",
        r"bumpdate|babybump|babyshower|genderreveal|momtobe|mamatobe|mumtobe|pregnancyannouncement|babyonboard",
        r"baby shower",
        r"\d+ weeks? (scan|pregnant|along)",
        r"(two|2) pink lines",
        r"(two|2) lines",
        r"positive (pregnancy )?test",
        r"ivf",
    ),
    "graduation": (
        r"graduat\w*|grads?|diploma|commencement|convocation|alumn\w*",
        r"cap and gown",
        r"class of (20)?\d\d",
        r"(got|earned|finished|completed|defended) (my|her|his|their|the) (degree|phd|masters?|thesis|dissertation|ba|bsc|msc|mba)",
        r"officially (a )?(dr|doctor|nurse|engineer|lawyer)",
        r"gradszn|classof\d*|gradday|gradlife",
        r"walk(ed|ing)? (across )?the stage",
        r"(bachelor|master|bachelors|masters)('s|’s)? degree",
    ),
    "new_job": (
        r"hired|onboarding|promoted|promotion",
        r"new (job|role|position|gig|team|company|employer|chapter at)",
        r"first day (at|of) (work|the new|my new|\w+)",
        r"start(ed|ing|s)? (at|with|my new|a new|work)",
        r"join(ed|ing)? the team",
        r"join(ed|ing)? \w+ as",
        r"accepted (an|the|a) (offer|job|position|role)",
        r"job offer",
        r"newjob|offer letter|first day",
        r"got (the|a|my) (new )?(job|promotion|position|role)",
        r"landed (a|the|my) (new )?(job|role|position|gig)",
        r"(excited|thrilled|happy|proud) to (announce|share) (that )?i",
    ),
    "moving_home": (
        r"moved|moving|relocat\w*|housewarming|unpacking|homeowners?",
        r"new (house|home|place|apartment|flat|condo|digs|pad|city|town)",
        r"(got|picked up|get) (the|our|my) keys",
        r"keys to (our|my|the)",
        r"first (home|house|apartment|flat)",
        r"closing (day|on)",
        r"closed on (the|our|my|a) (house|home|flat|place|apartment|condo)",
        r"boxes",
        r"newhome|movingday|newhouse|firsthome|firsttimehomebuyer|housewarming\w*|homesweethome",
        r"bought (a|our|my|the|their|his|her) (first )?(house|home|flat|place|apartment|condo)",
        r"mortgage",
        r"(signed|sign) (the|a|our|my) (new )?lease",
        r"moved (in|into|out|to|back)",
    ),
    "retirement": (
        r"retir\w*",
        r"last day (at|of) (work|the office)",
        r"hung up (my|his|her)",
        r"after \d+ years (at|with|of)",
    ),
    "new_pet": (
        r"pupp(y|ies)|kittens?|pup|doggo|furbaby|furball",
        r"fur (baby|babies|ball)",
        r"adopt(ed|ing)?",
        r"new (dog|cat|pup|puppy|kitten|bunny|rabbit|hamster|parrot|pet|fish|addition)",
        r"new family member",
        r"gotcha day",
        r"rescue(d)?",
        r"meet (our|my) (new|little)",
        r"brought (home|him home|her home)",
        r"newpuppy|newkitten|adoptdontshop|puppylove|rescuedog\w*|furbaby|fosterfail",
        r"(dog|cat|puppy|kitten|bunny) (mom|mum|mama|dad|parents?)",
    ),
    "bereavement": (
        r"funeral|condolences|rip|r\.i\.p\.?|grief|grieving|memorial|obituary|wake|mourning|mourn",
        r"passed (away|on)?",
        r"rest in (peace|power)",
        r"lost (my|our|her|his) (\w+ )?(mom|mum|dad|mother|father|grandma|grandpa|grandmother|grandfather|brother|sister|son|daughter|wife|husband|friend|uncle|aunt|cousin|nan|nana|granny)",
        r"in loving memory",
        r"laid to rest",
        r"died|dying|death",
        r"miss you (so much|every day|forever)",
        r"gone too soon",
        r"fly high",
        r"rest easy",
        r"forever in (our|my) hearts?",
        r"celebration of life",
        r"(laid|lay|lays|laying) (\w+ )?(\w+ )?to rest",
        r"said goodbye to",
        r"rip\w+|gonetoosoon|restinpeace|forevermissed",
    ),
}

NEGATION: tuple[str, ...] = (
    r"not|n't|never|no|nope|nobody|neither|nor|without",
    r"anytime soon",
    r"any time soon",
    r"no plans?",
    r"called off|calling off|cancell?ed|postponed|fell through|didn't get",
)

# Words after "n't" that make an exclamation, not a negation ("can't believe we're married!").
NOT_NEGATING_NEXT: frozenset[str] = frozenset({"believe", "wait", "stop", "help"})

HYPOTHETICAL: tuple[str, ...] = (
    r"if|whenever|someday|wish|imagine|imagining|dream\w*|hypothetically|maybe|might|would|could|should",
    r"one day",
    r"some day",
    r"would love",
    r"ca n't wait (until|till) i",
    r"thinking about",
    r"considering",
    r"what if",
    r"bucket list",
    r"in another life",
)

JOKE: tuple[str, ...] = (
    r"lol|lmao|lmfao|rofl|haha\w*|jk|kidding|joking|joke|😂|🤣|😆|literally",
    r"thinks (it|she|he) ('s|’s|is)",
    r"every (day|year)",
    r"apparently",
)

MEDIA: tuple[str, ...] = (
    r"tv|movie|film|show|episode|netflix|hbo|series|season|finale|recipe|video|youtube|tiktok|podcast|song|album|book|novel|game|trailer|speech|documentary|character|celebrity|royal|sitcom|cake|tutorial|ideas|tips|prank|playlist",
    r"on (tv|the news|netflix|screen)",
    r"reality (show|tv)",
)

CONGRATS: tuple[str, ...] = (r"congrat\w*|congratulations|congratz|congrats|mazel|felicidades|happy",)

# Words that name a person in the writer's network, mapped to one canonical relation
# (the labels of lifeevents/data). Multi-word forms are looked up before the last word.
RELATIONS: dict[str, str] = {
    "sister": "sister", "sis": "sister", "lil sis": "sister", "sister-in-law": "sister-in-law",
    "brother": "brother", "bro": "brother", "brother-in-law": "brother-in-law",
    "mom": "mom", "mum": "mom", "mother": "mom", "mama": "mom", "momma": "mom", "mommy": "mom",
    "mummy": "mom", "mother-in-law": "mother-in-law", "stepmom": "stepmom",
    "dad": "dad", "father": "dad", "papa": "dad", "daddy": "dad", "old man": "dad",
    "father-in-law": "father-in-law", "stepdad": "stepdad",
    "parents": "parents", "folks": "parents", "mum and dad": "parents", "mom and dad": "parents",
    "grandparents": "grandparents", "nana and grandad": "grandparents", "in-laws": "in-laws",
    "son": "son", "boy": "son", "daughter": "daughter", "baby girl": "daughter", "girl": "daughter",
    "kid": "child", "kids": "children", "child": "child", "children": "children",
    "wife": "wife", "wifey": "wife", "missus": "wife", "missis": "wife", "husband": "husband", "hubby": "husband", "partner": "partner",
    "boyfriend": "boyfriend", "bf": "boyfriend", "girlfriend": "girlfriend", "gf": "girlfriend",
    "fiance": "fiance", "fiancé": "fiance", "fiancee": "fiance", "fiancée": "fiance",
    "friend": "friend", "friends": "friend", "buddy": "friend", "mate": "friend", "pal": "friend",
    "best friend": "best friend", "best friends": "friend", "bestie": "best friend", "bff": "best friend",
    "best mate": "best friend", "bestfriend": "best friend", "besties": "best friend", "bffs": "best friend",
    "colleague": "colleague", "coworker": "colleague", "co-worker": "colleague", "work wife": "colleague",
    "teammate": "colleague", "boss": "boss", "manager": "boss",
    "cousin": "cousin", "cuz": "cousin", "aunt": "aunt", "auntie": "aunt", "aunty": "aunt",
    "aunt and uncle": "aunt", "uncle": "uncle", "niece": "niece", "nephew": "nephew",
    "grandma": "grandma", "granny": "grandma", "nana": "grandma", "nan": "grandma",
    "grandmother": "grandma", "gran": "grandma",
    "grandpa": "grandpa", "granddad": "grandpa", "grandad": "grandpa", "grandfather": "grandpa",
    "gramps": "grandpa", "pops": "grandpa",
    "grandson": "grandson", "granddaughter": "granddaughter", "grandkids": "grandchildren",
    "godson": "godson", "goddaughter": "goddaughter", "godmother": "godmother", "godfather": "godfather",
    "neighbour": "neighbour", "neighbor": "neighbour", "neighbours": "neighbour", "neighbors": "neighbour",
    "roommate": "roommate", "flatmate": "roommate", "teacher": "teacher",
}  # fmt: skip

# Relations that are the writer's own household for events a household shares.
HOUSEHOLD_EVENTS: dict[str, frozenset[str]] = {
    "pregnancy": frozenset({"wife", "partner", "girlfriend", "fiance", "husband", "boyfriend"}),
    "new_baby": frozenset(
        {"wife", "partner", "girlfriend", "husband", "boyfriend", "fiance", "son", "daughter"}
    ),
    "moving_home": frozenset({"wife", "husband", "partner", "boyfriend", "girlfriend", "fiance", "children"}),
    "anniversary": frozenset({"wife", "husband", "partner", "boyfriend", "girlfriend", "fiance"}),
    "wedding": frozenset({"fiance", "boyfriend", "girlfriend", "partner"}),
    "engagement": frozenset({"boyfriend", "girlfriend", "partner", "fiance"}),
    "new_pet": frozenset({"wife", "husband", "partner", "boyfriend", "girlfriend", "fiance", "children"}),
}
