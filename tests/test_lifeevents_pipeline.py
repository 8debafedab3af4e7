"""The classifier pipeline: taxonomy, spaCy cues, the shipped model end to end, training, artifacts."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from lifeevents import artifact as artifacts
from lifeevents import taxonomy
from lifeevents.cues import FEATURE_NAMES, CueReader
from lifeevents.dataset import LabelledPost
from lifeevents.events import PostText, contract_rows
from lifeevents.head import Head
from lifeevents.pipeline import RULES, Classifier
from lifeevents.training import TrainConfig, encode, train

WED = datetime(2026, 3, 11, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    """The shipped model, loaded once for the module."""
    return Classifier()


@pytest.fixture(scope="module")
def reader() -> CueReader:
    return CueReader()


def test_taxonomy_is_data_with_thirteen_labels() -> None:
    assert len(taxonomy.LABELS) == 13 and taxonomy.LABELS[-1] == "none"
    assert {label for label in taxonomy.EVENT_LABELS if taxonomy.get(label).recurring} == {
        "birthday",
        "anniversary",
    }
    assert {"pregnancy", "bereavement"} == taxonomy.SENSITIVE_LABELS
    assert all(t.window_before_days >= 0 and t.window_after_days >= 0 for t in taxonomy.TAXONOMY.values())
    with pytest.raises(KeyError, match="known"):
        taxonomy.get("promotion")


def test_cues_find_triggers_relations_and_what_undoes_them(reader: CueReader) -> None:
    wedding, negated, hypothetical, both = reader.read(
        [
            "OMG my sister's #weddingday is on June 5th!!! 💍",
            "we're not getting married anytime soon lol",
            "if I ever retire I'm moving to Spain",
            "Engaged and moving to Lisbon!",
        ]
    )
    assert wedding.labels() == ["wedding"]
    assert [(r.relation, r.household) for r in wedding.relations] == [("sister", False)]
    assert wedding.flags["has_date"] == 1.0
    assert negated.labels() == [] and [t.undone for t in negated.triggers] == [True]
    assert "retirement" not in hypothetical.labels()
    assert both.labels() == ["engagement", "moving_home"]
    assert wedding.features().shape == (len(FEATURE_NAMES),)


def test_exclamations_are_not_negations(reader: CueReader, classifier: Classifier) -> None:
    """Regression: "can't believe" used to count as a negation and hide the event.

    The model may be unsure of the slang ("hitched"): the event must be found, acted on or held
    for review, never dropped as negated.
    """
    exclaimed, negated = reader.read(
        ["Can't believe my little brother is getting hitched next weekend", "I can't marry him, it's over"]
    )
    assert exclaimed.labels() == ["wedding"] and exclaimed.flags["negation"] == 0.0
    assert negated.flags["negation"] == 1.0
    [event] = classifier.classify(
        [PostText("Can't believe my little brother is getting hitched next weekend 😭💍", WED)],
        with_pending=True,
    )[0]
    assert (event.type, event.subject, event.relation) == ("wedding", "network", "brother")
    called_off, exclaimed_too = (
        classifier.classify([PostText(text, WED)], with_pending=True)[0]
        for text in ("I can't marry him, it's over", "Can't believe we are getting married next weekend 😭💍")
    )
    assert called_off == [] and [e.type for e in exclaimed_too] == ["wedding"]


def test_household_members_are_self_and_others_are_network(reader: CueReader) -> None:
    ours, theirs = reader.read(["My wife and I are expecting!", "my sister and her husband bought a house"])
    assert [(r.relation, r.household) for r in ours.relations] == [("wife", True)]
    assert [r.relation for r in theirs.relations] == ["sister"]


def test_shipped_model_reads_events_subjects_and_dates(classifier: Classifier) -> None:
    posts = [
        PostText("So excited!! My sister is getting married next Saturday 💍", WED),
        PostText("Got the keys to our new flat yesterday!!! boxes everywhere 📦", WED),
        PostText("Happy 60th birthday to my amazing dad, love you loads", WED),
        PostText("watching a royal wedding on TV with my mum", WED),
        PostText("We're engaged!!! and moving to Lisbon in June 🥂", WED),
    ]
    wedding, moving, birthday, recipe, two = classifier.classify(posts)
    assert [(e.type, e.subject, e.relation) for e in wedding] == [("wedding", "network", "sister")]
    assert wedding[0].date == datetime(2026, 3, 14, tzinfo=UTC) and wedding[0].date_precision == "day"
    assert [(e.type, e.subject) for e in moving] == [("moving_home", "self")]
    assert moving[0].date == datetime(2026, 3, 10, tzinfo=UTC)
    assert [(e.type, e.relation, e.recurrence) for e in birthday] == [("birthday", "dad", "recurring")]
    assert recipe == []
    assert {e.type for e in two} == {"engagement", "moving_home"}
    assert all(0 < e.confidence <= 1 for e in wedding + moving + birthday + two)


def test_undated_events_told_as_done_count_from_the_posts_day(classifier: Classifier) -> None:
    posts = [
        PostText("Welcome to the world Olivia Rose 💕 7lbs 2oz, 3:42am. Mum and baby doing great", WED),
        PostText("She said yes!!! 💍", WED),
        PostText("Can't wait to marry my best friend 💒", WED),
        PostText("Got the keys to our new flat yesterday!!!", WED),
    ]
    baby, yes, ahead, dated = classifier.classify(posts)
    assert [e.type for e in baby] == ["new_baby"] and baby[0].date is None
    assert baby[0].announced_on == datetime(2026, 3, 11, tzinfo=UTC)
    assert [e.type for e in yes] == ["engagement"] and yes[0].announced_on == datetime(
        2026, 3, 11, tzinfo=UTC
    )
    assert [e.type for e in ahead] == ["wedding"] and ahead[0].announced_on is None  # its day is unknown
    assert dated[0].date == datetime(2026, 3, 10, tzinfo=UTC) and dated[0].announced_on is None


def test_negations_hypotheticals_and_jokes_are_not_events(classifier: Classifier) -> None:
    texts = [
        "not getting married anytime soon, relax mum",
        "if I ever retire I'll open a bakery",
        "my cat thinks it's her birthday every day",
    ]
    assert classifier.classify([PostText(t, WED) for t in texts]) == [[], [], []]


def test_sensitive_labels_are_flagged(classifier: Classifier) -> None:
    (events,) = classifier.classify([PostText("We're pregnant!! baby due in August 🤰", WED)])
    assert [(e.type, e.sensitive, e.date_precision) for e in events] == [("pregnancy", True, "month")]


def test_contract_rows_give_none_for_no_event_and_order_by_confidence(classifier: Classifier) -> None:
    assert contract_rows("a", []) == [
        {"id": "a", "event_type": "none", "subject": None, "relation": None, "recurrence": None,
         "sensitive": False, "confidence": None, "event_date": None, "date_precision": None}
    ]  # fmt: skip
    (events,) = classifier.classify([PostText("Engaged and moving to Lisbon next month!", WED)])
    rows = contract_rows("b", events)
    assert [r["confidence"] for r in rows] == sorted((r["confidence"] for r in rows), reverse=True)
    assert set(rows[0]) == {"id", "event_type", "subject", "relation", "recurrence", "sensitive", "confidence",
                            "event_date", "date_precision"}  # fmt: skip


def _tiny_posts() -> list[LabelledPost]:
    rows = [
        ("happy birthday to my mum!", "birthday"), ("it's my birthday today", "birthday"),
        ("we just moved into our new house", "moving_home"), ("moving day! new flat", "moving_home"),
        ("got a new puppy!!", "new_pet"), ("we adopted a kitten", "new_pet"),
        ("lovely walk in the park", None), ("this coffee is great", None), ("rainy monday again", None),
    ]  # fmt: skip
    return [
        LabelledPost(str(i), text, WED, ({"type": lab, "subject": "self"},) if lab else ())
        for i, (text, lab) in enumerate(rows * 3)
    ]


def test_training_is_seeded_and_the_artifact_round_trips(tmp_path: Path, reader: CueReader) -> None:
    data = encode(_tiny_posts(), None, reader)
    config = TrainConfig(seed=3, features=RULES, hidden=0, epochs=300, lr=0.05)
    first, second = train(data, config), train(data, config)
    assert first.version == second.version
    np.testing.assert_array_equal(first.head.w1, second.head.w1)
    folder = artifacts.publish(first, tmp_path)
    assert json.loads((tmp_path / "current.json").read_text()) == {"version": first.version}
    loaded = artifacts.load(tmp_path)
    assert loaded.version == first.version and loaded.threshold == first.threshold
    with np.load(folder / "head.npz", allow_pickle=False) as z:
        assert set(z.files) == {"w1", "b1", "w2", "b2"}
    clf = Classifier(artifact=loaded, reader=reader)
    (pet,), (none,) = [clf.classify([PostText(t, WED)]) for t in ("we got a new puppy", "lovely coffee")]
    assert [e.type for e in pet] == ["new_pet"] and none == []


def test_training_refuses_nan_features() -> None:
    x = np.ones((4, 3), dtype=np.float32)
    x[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Head.fit(x, np.zeros((4, 2), dtype=np.float32), seed=1, epochs=1)


def test_missing_artifact_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="train-classifier"):
        artifacts.load(tmp_path)


def _describe(reader: CueReader, label: str, text: str, posted: datetime = WED):  # type: ignore[no-untyped-def]
    from lifeevents.pipeline import describe

    (cues,) = reader.read([text])
    return describe(label, 0.9, PostText(text, posted), cues)


@pytest.mark.parametrize(
    ("label", "text", "subject"),
    [
        ("birthday", "Happy 30th birthday @jess_m!!! 🎉🎂 love u girl", "network"),
        ("birthday", "Happy birthday Sam! have the best day", "network"),
        ("birthday", "Happy birthday to one of my besties!! Can't wait to celebrate you", "network"),
        ("new_job", "Proud of you, have a great first day", "network"),
        ("engagement", "Congrats on the engagement @ollie_b!!! So happy for you both 💍", "network"),
        ("bereavement", "Sending love to @dana_k and family at this difficult time 🙏", "network"),
        ("birthday", "Happy birthday to me! 🎂", "self"),
        ("birthday", "Thank you all for the birthday wishes ❤️", "self"),
        ("anniversary", "Happy anniversary babe, 5 years married today ❤️", "self"),
        ("engagement", "@sam @jess we're engaged!!! 💍", "self"),
        ("wedding", "Married my best friend today 🤍 #weddingday", "self"),
        ("birthday", "Another year older 🎂 #birthday @ The Ivy…", "self"),
        ("bereavement", "R.I.P Grandma 💔 I'll miss you forever", "self"),
        ("retirement", "congratulations on the retirement!! enjoy the slow mornings ☕", "network"),
        ("engagement", "omg congrats on getting engaged!!! when's the big day??", "network"),
        ("new_job", "Congrats to me on finally getting the job 🙌", "self"),
        ("birthday", "Bubbe turns 95 on Sunday and she still beats us all at cards", "network"),
        ("anniversary", "Grandparents' anniversary party is next month, all of us flying in", "network"),
    ],
)
def test_whose_event_posts_addressed_to_someone_are_theirs(
    reader: CueReader, label: str, text: str, subject: str
) -> None:
    """Regression: posts addressed to someone (@handle, a name, "you") read as the writer's own event."""
    assert _describe(reader, label, text).subject == subject


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("graduation", "Finished my Master's this summer, graduation on the 14th 🎓", "self", None),
        ("engagement", "proposed at the top of Arthur's Seat and she said yes!! engaged", "self", None),
        ("moving_home", "Got the keys to a flat in Leith, Ma's delighted I'm finally out", "self", None),
        ("engagement", "wait what?? u got engaged?! call me", "network", "friend"),
        ("bereavement", "so sorry hun, heard u lost ur dad. here if u need me", "network", "friend"),
        ("wedding", "Buzzing for Priya and Tom, married on the beach this afternoon", "network", "friend"),
        ("wedding", "Mia & Raf tied the knot on Saturday, what a party", "network", "friend"),
        ("retirement", "Officially retired as of Friday. Fishing rods are ready.", "self", None),
        ("engagement", "We got engaged last night!!! 💍", "self", None),
        ("pregnancy", "hubby and I are expecting!!! due in March", "self", None),
        ("moving_home", "moving out of my parents' place on the 1st, send tape", "self", None),
        (
            "wedding",
            "speech done, nobody cried except the groom. congrats to my brother and his new wife",
            "network",
            "brother",
        ),
        (
            "wedding",
            "Need best man speech tips. My cousin's wedding is not until 2027 but still",
            "network",
            "cousin",
        ),
        (
            "wedding",
            "Best man duties all sorted. Ravi's wedding on Saturday, wish me luck",
            "network",
            "friend",
        ),
        ("wedding", "Wedding's in 5 weeks and the seating plan is a nightmare", "self", None),
        ("moving_home", "My dad helped me move into the new place, finally unpacked", "self", None),
        ("birthday", "Birthday girl today 🎂 thank you for the cake, Mum", "self", None),
        ("birthday", "didi's birthday on Sunday and I still have no gift idea", "network", "sister"),
        ("graduation", "Kuya passed his boards! Engineer in the family at last", "network", "brother"),
    ],
)
def test_places_contractions_u_and_names_doing_things_decide_whose_event_it_is(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (the second subject dev file's kinds of error): a possessive that is a degree, a place or
    "Ma is"; "u/ur" addressing someone; glad for a named couple; names doing the event; a partner beside the
    writer; a relation's house; congratulations to a relation in another sentence."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        (
            "engagement",
            "we finally got engaged, telling people now since my sister can't keep quiet",
            "self",
            None,
        ),
        (
            "moving_home",
            "Got the keys on Friday and my nephew's birthday is Sunday, busy weekend",
            "self",
            None,
        ),
        ("anniversary", "Ten years today since I married my best friend", "self", None),
        ("anniversary", "Happy 3rd anniversary to us @mila.r 🥂", "self", None),
        ("anniversary", "happy anniversary y'all, couple goals", "network", "friend"),
        ("retirement", "Dad announced at lunch 'I'm retiring in May!' and we all cheered", "network", "dad"),
        ("moving_home", "Just heard from Lena: 'we're moving to Lisbon!'", "network", "friend"),
        ("new_job", "Please welcome Tomasz to our team, he joins as an analyst", "network", "colleague"),
        ("birthday", "Big love to my kumpadre on his birthday today 🎂", "network", "friend"),
        ("engagement", "Aisha and Ben finally engaged!! about time", "network", "friend"),
        ("retirement", "Farewell drinks for the office: Gerald, who retires on Friday", "network", "friend"),
        ("new_pet", "Priya finally got her kitten! Named her Miso, rescued last week", "network", "friend"),
        ("wedding", "My brother's the best man at MY wedding next month", "self", None),
        (
            "wedding",
            "Bridesmaid dress for my SIL's wedding on the 20th is lilac, pray for me",
            "network",
            "sister-in-law",
        ),
        ("moving_home", "Abuelo moved into his new apartment near us on Sunday", "network", "grandpa"),
        (
            "birthday",
            "My (27F) husband's birthday is next week and he wants nothing, help",
            "network",
            "husband",
        ),
        ("retirement", "Dad phoned after lunch. He said 'I'm retiring at Easter!'", "network", "dad"),
        ("engagement", "I told my team 'we're engaged!' and they cheered", "self", None),
        ("new_baby", "My ate just had her baby boy!! tita duties activated", "network", "sister"),
        ("new_pet", "@jo.k your new kitten is adorable, bring him round", "network", "friend"),
        ("new_job", "babe got the promotion!!! so proud of him", "network", "partner"),
        ("new_baby", "big bro is a dad now! Baby girl arrived on Monday", "network", "brother"),
        ("birthday", "Today is my Nani's 90th and the whole family is here", "network", "grandma"),
        ("birthday", "Feliz cumple a mi abuela, 90 años y sigue bailando 💃", "network", "grandma"),
        ("wedding", "Ma sœur se marie samedi!! her wedding is going to be gorgeous", "network", "sister"),
        ("birthday", "Alles Gute zum Geburtstag, meine Schwester! 🎂 birthday girl", "network", "sister"),
        ("birthday", "Me ma's 60th birthday today, love ya ma", "network", "mom"),
        ("retirement", "Pints with me da tonight, he retires Friday after 40 years", "network", "dad"),
        ("birthday", "Feliz cumpleaños papá!! 🎂 te quiero mucho", "network", "dad"),
        ("birthday", "Buon compleanno nonna!! 95 anni oggi ❤️", "network", "grandma"),
        ("birthday", "Feliz cumpleaños a mí 🎂 gracias a todos for the wishes", "self", None),
        ("new_job", "wait ur starting at the bank on monday?? since when", "network", "friend"),
        (
            "moving_home",
            "cant believe u move to leeds next week, whos gonna make the tea now",
            "network",
            "friend",
        ),
        ("pregnancy", "r u pregnant?? the bump in that pic 👀", "network", "friend"),
        ("anniversary", "is it ur anniversary this weekend? any plans", "network", "friend"),
        ("new_job", "ur looking at the new assistant manager 😎 started today", "self", None),
        ("birthday", "thank u all for the bday wishes 🥹", "self", None),
        ("moving_home", "Packing the U-Haul tonight, moving day tomorrow!", "self", None),
        ("wedding", "omw to my cousins wedding, the dress is too tight already", "network", "cousin"),
        ("birthday", "moms bday on sunday and i havent got a card", "network", "mom"),
        ("new_baby", "hubby's sister had a baby boy this morning 💙", "network", "sister-in-law"),
        ("moving_home", "my wife's parents are moving in down the road next month", "network", "in-laws"),
        ("retirement", "gogo finally retires from teaching on Friday", "network", "grandma"),
        ("wedding", "the oul fella is getting married again in March", "network", "dad"),
        ("wedding", "my dad walked me down the aisle yesterday and I've never seen him cry", "self", None),
        ("wedding", "I walked my sister down the aisle today, not a dry eye", "network", "sister"),
        ("birthday", "Nana knitted me a jumper for my 21st, best gift I got", "self", None),
        ("birthday", "birthday dinner at my in-laws tonight, they're making jollof for me", "self", None),
        (
            "retirement",
            "Sold the house, retiring in May, and moving to the coast with the missus",
            "self",
            None,
        ),
        ("engagement", "he asked my dad first!!! ring is vintage 😭💍", "self", None),
        ("anniversary", "3 yrs w this one yesterday 🥹 @jess.k", "self", None),
        ("anniversary", "Happy anniversary @mike_t and @sara.j!! love you both", "network", "friend"),
        ("new_pet", "Gotcha day!! Brought Pepper home from @dogstrust today 🐾", "self", None),
        ("new_job", "congrats @tom_b on the new job, they're lucky to have you", "network", "friend"),
        ("pregnancy", "hey hows the bump?? still due in april?", "network", "friend"),
        (
            "wedding",
            "Shoutout to @bloomandthorn for our flowers and @lucyphotos for the pics. Married 2 weeks ago!",
            "self",
            None,
        ),
        (
            "engagement",
            "Our photographer @snapsbyana hid in a bush for 40 minutes. Engaged as of Sunday!!",
            "self",
            None,
        ),
        ("graduation", "Grad school done ✔️ @columbia thank you for the debt and the memories", "self", None),
        ("birthday", "Cheers for the messages legends, my mate Dazza shouted me a pint", "self", None),
        ("pregnancy", "My husband cried at the 12 week scan, he's already picking names", "self", None),
        ("wedding", "at my cousins wedding n the dj is playing abba", "network", "cousin"),
        (
            "new_job",
            "I promoted Naomi this morning and she did a little dance in the stairwell",
            "network",
            "friend",
        ),
        (
            "new_job",
            "I hired my best mate today. Either the best or the worst decision I've made",
            "network",
            "best friend",
        ),
        ("new_job", "I got promoted this morning!! drinks on me", "self", None),
        (
            "new_job",
            "Congratulations to my mentee Priya who starts her first nursing job on Monday",
            "network",
            "mentee",
        ),
        ("new_baby", "he's finally here!!! congrats hun, save me a newborn cuddle", "network", "friend"),
        ("engagement", "Congrats sis!!! can't wait to be your bridesmaid", "network", "sister"),
        ("new_job", "omg you got it!!! when do you start?", "network", "friend"),
        ("pregnancy", "aaah congrats!!! when's the due date?", "network", "friend"),
        ("new_pet", "I'm officially a dog mum now 🐶 meet Pickle", "self", None),
        ("new_baby", "New dad. Zero sleep. Totally worth it.", "self", None),
        (
            "new_job",
            "Big thanks to @TalentBridge for finding me this role. Started Monday and loving it",
            "self",
            None,
        ),
        ("anniversary", "12 years since I said I do to this one @sam_k 💍", "self", None),
    ],
)
def test_clauses_quotes_colleagues_kin_and_claims_decide_whose_event_it_is(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (the fourth subject dev file's kinds of error): the writer a few words before the event;
    two events in one post, each owned in its own clause; marrying "my best friend"; "to us" beside a
    tagged partner; a couple addressed as "y'all"; someone else's quoted words; a colleague welcomed; "on
    his birthday"; names doing the event, in the sentence before; "MY wedding" beside a relation's role.
    And the fifth's: kin words the lexicon does not read after "my" or before a verb (SIL, abuelo, ate, babe,
    big bro), "your new kitten", a newborn opening the sentence after the one that names its parent. And kin
    after another language's possessive ("mi abuela", "meine Schwester") or a dialect's "me" ("me ma"), and kin
    greeted in another language ("Feliz cumpleaños papá"). And the sixth's: texting's second person about the
    other person's event ("ur starting", "u move"), but not thanks, "ur looking at" or the U of "U-Haul"; a
    possessive typed without its apostrophe ("my cousins wedding"); the spouse's kin as in-laws; gogo, the oul fella.
    And the sixth's errors left over: kin acting on the writer ("walked me down the aisle", "knitted me"), kin
    where the event happens or who come along ("at my in-laws", "with the missus", "asked my dad"), the partner
    tagged on the writer's own anniversary, a shelter tagged as where a pet came from, a question about news.
    And the seventh's: vendors tagged by their role, thanked or listed after one; kin named and acting on the
    writer ("my mate Dazza shouted me"); a husband at the scan is the writer's own pregnancy; but "at my cousins
    wedding" is still the cousin's. And the eighth's: people the writer looks after or works with ("my mentee
    Priya"), a greeting by pet name or kin word ("congrats hun", "Congrats sis"), "you got it", questions about their
    news ("when's the due date?"), the writer's own new role ("I'm a dog mum now", "New dad."), "thanks to @agency",
    "said I do to this one @partner"."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("moving_home", "Congrats on the new home Kofi!!", "network", "friend"),
        ("moving_home", "Finally moved in! Happy Monday everyone", "self", None),
        ("new_baby", "Our son and his wife welcomed a baby girl this morning 💕", "network", "son"),
        ("new_baby", "Our son was born this morning 💕", "self", None),
        ("birthday", "Happy birthday daddy, love you loads", "network", "dad"),
        ("engagement", "@jess_k @sam.t we're engaged!!! 💍", "self", None),
    ],
)
def test_names_closing_a_greeting_and_a_child_with_a_partner_are_someone_elses_event(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression: a first name after the greeting, and "our son and his wife", read as the writer's own."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("new_pet", "cousin adopted a husky named Zeus 🐺 he is CHAOS", "network", "cousin"),
        (
            "graduation",
            "Daughter graduated. Gown didn't fit. Proudest I've ever been.",
            "network",
            "daughter",
        ),
        ("retirement", "auntie's retirement do 🍻 #retired #cheers", "network", "aunt"),
        ("engagement", "best friend got engaged last night!!", "network", "best friend"),
        ("new_job", "Mum I got the job!!", "self", None),
        ("new_job", "Mum, I got the job!!", "self", None),
        ("bereavement", "nan's funeral on friday, she'd want us all in pink 🌸", "self", None),
        ("bereavement", "my friend's dad passed away yesterday", "network", "friend"),
        ("new_baby", "Grandma again!!! My daughter Leah had a little girl, 7lb 2oz", "network", "daughter"),
        ("new_baby", "Our son was born this morning 💕", "self", None),
        ("new_baby", "my wife had the baby last night!!", "self", None),
    ],
)
def test_a_sentence_opening_on_a_relation_is_that_persons_event_and_a_funeral_is_the_writers_loss(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (outside writers' posts): "cousin adopted a husky" read as the writer's own pet, and
    "nan's funeral" as the nan's bereavement rather than the writer's."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("new_pet", "@kim_b NEW PUPPY??? pics or it didn't happen", "network", "friend"),
        ("engagement", "@raj.s engaged?! about time", "network", "friend"),
        ("birthday", "@mike_r what time is the party on Saturday? it's my 30th!!", "self", None),
        ("engagement", "@jess did you hear? I'm engaged!!!", "self", None),
        ("new_baby", "Became an uncle this morning, my sister had a boy", "network", "sister"),
        ("new_baby", "Our first grandson arrived at 4am, everyone is well", "network", "friend"),
        ("new_baby", "Our son was born this morning 💕", "self", None),
        (
            "moving_home",
            "Neighbours upstairs? they're moving to Leeds in May, gutted",
            "network",
            "neighbour",
        ),
        ("pregnancy", "So excited, she's pregnant!! I'm going to be a dad", "self", None),
        ("pregnancy", "Bridal and baby shower for Amara on Sunday, RSVP to Joy", "network", "friend"),
        (
            "retirement",
            "Please join us in celebrating Pastor Okoye, who retires this month",
            "network",
            "friend",
        ),
        ("wedding", "Officially Mrs. Johnson 💍 #justmarried", "self", None),
        ("graduation", "Doctorate done 🎓 Dr. Mensah at your service", "self", None),
        ("engagement", "sister rang from Lisbon. engaged!!", "network", "sister"),
        ("anniversary", "the kids were up all night. anniversary dinner tonight anyway 🥂", "self", None),
    ],
)
def test_replies_asking_about_news_grandparents_and_honoured_names_are_someone_elses_event(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (outside writers' posts): "@x NEW KITTEN???", "our first grandchild", "became an auntie",
    "Baby shower for Achieng" and "they're engaged" read as the writer's own; a writer's own new name or
    title, a post about something else, and a post opening on "the kids" stay the writer's."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("new_baby", "Baby Theo is here 💙 mum and baby doing well", "self", None),
        ("new_baby", "My sister had her baby! mum and baby both doing well", "network", "sister"),
        ("new_job", "Starting as a porter at St. Thomas's on Monday!!", "self", None),
        ("moving_home", "new flat, new view 🌇 #movingday @ Harbour's Edge Lofts", "self", None),
        (
            "wedding",
            "you're getting married tomorrow!!! I'm crying already. love you sis",
            "network",
            "sister",
        ),
        ("birthday", "Birthday dinner with my dad tonight, his 60th 🎂", "network", "dad"),
        ("birthday", "Birthday dinner with my dad tonight, it's my 30th 🎂", "self", None),
        ("new_job", "the missus got the promotion, head of department now!", "network", "wife"),
        ("birthday", "My wee son is four the day!!", "network", "son"),
    ],
)
def test_a_newborns_mother_saints_places_feelings_and_their_birthdays(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (outside writers' posts): "mum and baby doing well" made the birth the mother's news,
    "St. Luke's" and "@ Nando's Camden" named a person, "I'm crying" claimed the wedding, "his 35th"
    after "with my brother" was the writer's; "the missus" and "my wee daughter" were no relations."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("engagement", "lads the missus said yes 💍 pints on me", "self", None),
        (
            "wedding",
            "She said yes and now we're actually doing it!! Wedding booked for 12 September 2026 🥂",
            "self",
            None,
        ),
        ("new_pet", "@jamie_b's new kitten is the cutest thing I've seen all year", "network", "friend"),
        ("new_job", "Thrilled to be joining @Shopify as a Staff Engineer next month", "self", None),
        (
            "moving_home",
            "We're moving to Perth!! Dan's company is relocating us in the new year 🦘",
            "self",
            None,
        ),
        ("new_baby", "omg he's perfect 😍 congrats both!", "network", "friend"),
        ("graduation", "congrats on graduating!!! what's next?", "network", "friend"),
        ("retirement", "enjoy your retirement!!! you've earned it 🥂🌴", "network", "friend"),
        (
            "birthday",
            "Thank you all for making my 60th so special, and my grandkids for the dodgy karaoke",
            "self",
            None,
        ),
        (
            "new_baby",
            "Hannah from my spin class had her baby girl, and she's already posting selfies 😂",
            "network",
            "friend",
        ),
        ("new_baby", "twins!!! my best friend had TWINS", "network", "best friend"),
        (
            "graduation",
            "Mum cried in row F as I crossed the stage. Dad filmed the ceiling. 10/10 day 🎓",
            "self",
            None,
        ),
        (
            "graduation",
            "Nursery graduation done and our Freddie refused to wear the hat 😂🎓",
            "network",
            "friend",
        ),
        (
            "wedding",
            "Wedding dress shopping with my cousin today and I cried more than she did 😭 her big day is in June!",
            "network",
            "cousin",
        ),
        (
            "wedding",
            "My elder brother's traditional wedding is on 20th December, Owerri",
            "network",
            "brother",
        ),
        (
            "wedding",
            "I'm officiating my roommate's wedding and I just got ordained online in 4 minutes",
            "network",
            "roommate",
        ),
        (
            "new_job",
            "Please welcome Dr. Aisha Bello, who has joined us as Head of Research 👋",
            "network",
            "colleague",
        ),
        ("new_job", "Mrs Adams starts as headteacher at the kids' school in January", "network", "friend"),
        (
            "wedding",
            "Mummy and Daddy got married today! I was the best ring bearer 🐶 — Biscuit",
            "self",
            None,
        ),
        (
            "new_baby",
            "Baby no.3 is here and she's already the boss of the house 👶 #family #newborn",
            "self",
            None,
        ),
    ],
)
def test_partners_saying_yes_handles_titles_pets_voices_and_kin_looking_on_decide_whose_event_it_is(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (the ninth subject dev file): a partner's "yes" read as someone else's engagement, "@x's
    kitten" and "congrats both" as the writer's, an employer joined or "Dan's company" as the owner, kin
    crying "as I crossed the stage" as the graduate, "her big day" and "my elder brother's wedding" as the
    writer's, and a post in the dog's voice about "Mummy and Daddy" as the parents' wedding."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("wedding", "I was best man at my brother's wedding and I did not cry (lie)", "network", "brother"),
        (
            "graduation",
            "my roommate did my hair for graduation, we both look like we have our lives together",
            "self",
            None,
        ),
        (
            "engagement",
            "My parents hosted an engagement dinner for us, both families in one room, pure chaos",
            "self",
            None,
        ),
        (
            "wedding",
            "Had my niece as my flower girl and she threw the petals at the vicar 😂 best wedding day ever",
            "self",
            None,
        ),
        (
            "new_pet",
            "Went with my best mate to pick up his new rescue dog, big softie called Tank",
            "network",
            "best friend",
        ),
        (
            "wedding",
            "Me and the girls took Hannah out for her hen do, she gets married in 2 weeks 🥂",
            "network",
            "friend",
        ),
        ("new_job", "Priya got the job!!! told you she would", "network", "friend"),
        (
            "new_pet",
            "The family across the road got a new puppy and we've been invited to meet him",
            "network",
            "neighbour",
        ),
        ("new_baby", "new dad life: 4 hours sleep, 1 tiny human, my mum on speed dial", "self", None),
        (
            "pregnancy",
            "My old flatmate just messaged to say she's pregnant!! we used to joke we'd never grow up",
            "network",
            "roommate",
        ),
        (
            "moving_home",
            "I've been a mess all week. My best friend moves to Australia on Sunday and I'm helping her pack tonight.",
            "network",
            "best friend",
        ),
        (
            "engagement",
            "Grandpa's ring, Mum's blessing and a very nervous me. Asked Zara to marry me last night and she said yes 💍",
            "self",
            None,
        ),
        (
            "wedding",
            "Dress fitting today with my mum and my sister. The wedding is June 14 and I'm finally feeling it 🤍",
            "self",
            None,
        ),
        (
            "birthday",
            "We surprised Jake with a cake at the office for his 30th, he pretended to be annoyed",
            "network",
            "friend",
        ),
        (
            "new_pet",
            "The in-laws came over to meet our new puppy and my father-in-law has already sneaked him ham",
            "self",
            None,
        ),
        (
            "new_job",
            "First day at the new job, my husband packed me a lunch with a little note in it 🥹",
            "self",
            None,
        ),
        (
            "birthday",
            "my little brother sang happy birthday to me over facetime at 6am 😭 turning 25 feels weird ngl",
            "self",
            None,
        ),
    ],
)
def test_kin_helping_with_the_writers_event_and_the_writer_at_someone_elses_decide_whose_it_is(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Regression (the tenth subject dev file): kin who did the writer's hair, hosted their dinner, packed their
    lunch or were their flower girl read as the event's owner; "my brother's wedding and I", "his new rescue dog",
    "her hen do", "Priya got the job", "the family across the road" and "my old flatmate" read as the writer's."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        (
            "bereavement",
            "Uncle Dele passed on the 2nd of January. Burial will be in Ibadan, dates to follow.",
            "2026-01-02",
        ),
        (
            "birthday",
            "Took my grandad out for fish and chips. He's 85 on Sunday and still beats me at dominoes.",
            "2026-03-15",
        ),
        ("graduation", "Grad ball tonight, actual graduation Thursday 💃🎓", "2026-03-12"),
        (
            "retirement",
            "Uncle Ray's retirement do is tonight but he actually retired on the 5th",
            "2026-03-05",
        ),
    ],
)
def test_a_date_goes_with_the_nearest_of_its_events_cues_and_its_own_clause(
    reader: CueReader, label: str, text: str, expected: str
) -> None:
    """Regression (the second date dev file): a date's clause ran past a full stop into "will be", "He's 85 on
    Sunday" read back after a past sentence, and the first of an event's cues ("Grad ball tonight", "retirement
    do is tonight") took the date of the event's own day."""
    event = _describe(reader, label, text)
    assert (event.date.date().isoformat() if event.date else None) == expected


def test_had_her_baby_is_a_birth_cue(reader: CueReader) -> None:
    (cues,) = reader.read(["Ellie had her baby last night, a little girl!"])
    assert "new_baby" in cues.labels()


def test_a_new_father_is_the_subject_not_his_dad(reader: CueReader) -> None:
    """Regression: "I'm a dad" used to name a relation: subject network, relation dad."""
    event = _describe(reader, "new_baby", "Still can't believe I'm a dad. Welcome to the world Leo")
    assert (event.subject, event.relation) == ("self", None)


def test_dates_follow_the_events_own_tense(reader: CueReader) -> None:
    """Regression: the first verb ("got") made December 12 the last one, not the coming one."""
    posted = datetime(2026, 11, 12, 18, tzinfo=UTC)
    event = _describe(
        reader, "moving_home", "We got the keys! Moving into our new house on December 12", posted
    )
    assert (event.date, event.date_precision) == (datetime(2026, 12, 12, tzinfo=UTC), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My sister-in-law is throwing me a baby shower on Saturday 💕", None),
        ("20 week scan today, all good 💕 it's a girl!", None),
        ("Told the family we're expecting at Sunday lunch and Nan dropped the gravy boat", None),
        (
            "Baby shower for the lovely @aoife today 🍼 she's due in November",
            (datetime(2026, 11, 1, tzinfo=UTC), "month"),
        ),
    ],
)
def test_a_pregnancy_takes_its_due_date_not_an_occasions_day(
    reader: CueReader, text: str, expected: tuple[datetime, str] | None
) -> None:
    """Regression: the day of a shower, a scan or the telling was taken as the pregnancy's date."""
    event = _describe(reader, "pregnancy", text)
    assert ((event.date, event.date_precision) if event.date else None) == expected


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        (
            "pregnancy",
            "The gf is pregnant!!! we found out on Sunday and baby is due on Christmas Day",
            "2026-12-25",
        ),
        (
            "pregnancy",
            "Happy birthday to my wife who is also due with our second on 12 Feb 🎂🤰",
            "2027-02-12",
        ),
        ("birthday", "Happy birthday to my wife who is also due with our second on 12 Feb 🎂🤰", None),
        ("pregnancy", "Cousin announced her pregnancy at the family braai yesterday and gran cried", None),
    ],
)
def test_a_due_date_is_the_pregnancys_alone(
    reader: CueReader, label: str, text: str, expected: str | None
) -> None:
    """Regression: the day the writer found out, or a nearer birthday, took the due date's place."""
    event = _describe(reader, label, text)
    assert (event.date.date().isoformat() if event.date else None) == expected


def test_an_event_without_a_cue_of_its_own_takes_the_date_of_its_own_clause(reader: CueReader) -> None:
    """Regression: "her 60th" has no birthday cue, so "the 6th" went to the retirement beside it and the
    birthday had no date."""
    text = "Mum retires on the 5th and her 60th is the 6th, double celebration weekend 🎉"
    posted = datetime(2026, 8, 26, 12, tzinfo=UTC)
    assert _describe(reader, "retirement", text, posted).date == datetime(2026, 9, 5, tzinfo=UTC)
    assert _describe(reader, "birthday", text, posted).date == datetime(2026, 9, 6, tzinfo=UTC)


def test_years_ago_today_is_the_anniversary_itself(reader: CueReader) -> None:
    """Regression: "2 years ago today we said I do" left the anniversary undated."""
    event = _describe(reader, "anniversary", "2 years ago today we said I do 🥹")
    assert (event.date, event.date_precision) == (datetime(2026, 3, 11, tzinfo=UTC), "day")


def test_each_date_attaches_to_the_event_it_belongs_to(reader: CueReader) -> None:
    """Regression: the engagement took the wedding's date ("next June") because it was the nearest."""
    text = "My little sister just got engaged!!! wedding next June"
    engagement, wedding = _describe(reader, "engagement", text), _describe(reader, "wedding", text)
    assert (engagement.subject, engagement.relation, engagement.date) == ("network", "sister", None)
    assert (wedding.subject, wedding.relation) == ("network", "sister")
    assert (wedding.date, wedding.date_precision) == (datetime(2026, 6, 1, tzinfo=UTC), "month")


def test_a_date_in_the_events_own_clause_wins_over_a_nearer_one(reader: CueReader) -> None:
    """Regression: "today", nearer the trigger but in the clause before, dated the wedding."""
    event = _describe(reader, "wedding", "Sis said yes to the dress today, the wedding is set for Oct 3")
    assert (event.date, event.date_precision) == (datetime(2026, 10, 3, tzinfo=UTC), "day")


def test_a_one_off_event_takes_no_date_from_years_back(reader: CueReader) -> None:
    """Regression: "30 years ago", about the firm, dated the writer's promotion to 1996."""
    text = "They made me partner!!! Dad, who started this firm 30 years ago, made the announcement himself"
    assert _describe(reader, "new_job", text).date is None
    recent = _describe(reader, "new_job", "Got promoted yesterday!!! Dad started this firm 30 years ago")
    assert recent.date == datetime(2026, 3, 10, tzinfo=UTC)


def test_class_of_a_year_is_a_cohort_not_the_date(reader: CueReader) -> None:
    """Regression: "Class of 2026" dated the graduation 2026 (year) instead of "today"."""
    posted = datetime(2026, 5, 30, 12, tzinfo=UTC)
    dated = _describe(reader, "graduation", "Class of 2026!!! walked across that stage today", posted)
    assert (dated.date, dated.date_precision) == (datetime(2026, 5, 30, tzinfo=UTC), "day")
    assert _describe(reader, "graduation", "Class of 2026!!! 🎓", posted).date is None


def test_shipped_model_reads_real_post_shapes(classifier: Classifier) -> None:
    posts = [
        PostText("my phone is ready to retire lol, battery lasts 20 minutes", WED),
        PostText("Bridal hair trial for our lovely bride Jess 💐 booking 2027 dates now! #weddinghair", WED),
        PostText("Marry Christmas everyone!! 🎄🎅", WED),
        PostText(
            "Welcome to the world Olivia Grace 💕 born 3:42am, 7lbs 2oz. Mom and baby are doing great", WED
        ),
        PostText("R.I.P Marcus. Can't believe you're gone man 💔", WED),
        PostText("My little sister just got engaged!!! wedding next June", WED),
    ]
    phone, vendor, typo, birth, rip, sister = classifier.classify(posts)
    assert phone == [] and vendor == [] and typo == []
    assert [e.type for e in birth] == ["new_baby"] and [e.type for e in rip] == ["bereavement"]
    assert {e.type for e in sister} == {"engagement", "wedding"}


@pytest.mark.parametrize(
    ("label", "text", "when", "precision"),
    [
        ("birthday", "Feliz cumpleaños mamá!! 60 años hoy 🎂", datetime(2026, 3, 11, tzinfo=UTC), "day"),
        ("wedding", "Meine Schwester heiratet am 12. Juni 💍", datetime(2026, 6, 12, tzinfo=UTC), "day"),
        (
            "moving_home",
            "Min mor flytter til Bornholm næste måned",
            datetime(2026, 4, 1, tzinfo=UTC),
            "month",
        ),
        # a cue in a script without spaces spans its whole run of characters, and the date in it is still the event's
        ("bereavement", "祖父が昨日亡くなりました。享年92歳。", datetime(2026, 3, 10, tzinfo=UTC), "day"),
        ("new_baby", "宝宝今天凌晨出生啦！7斤2两，母子平安👶", datetime(2026, 3, 11, tzinfo=UTC), "day"),
        # a new pet is told after it comes home: a weekday with no tense to read lies behind
        (
            "new_pet",
            "Przygarnęliśmy psa ze schroniska w niedzielę 🐕",
            datetime(2026, 3, 8, tzinfo=UTC),
            "day",
        ),
    ],
)
def test_an_event_told_in_another_language_takes_its_date(
    reader: CueReader, label: str, text: str, when: datetime, precision: str
) -> None:
    event = _describe(reader, label, text)
    assert (event.date, event.date_precision) == (when, precision)


@pytest.mark.parametrize(
    ("label", "text", "when"),
    [
        # a cue that moves the event to a day is not an event of its own ("moved" is a move's cue)
        (
            "wedding",
            "the wedding is moved to Saturday cos the church double booked",
            datetime(2026, 3, 14, tzinfo=UTC),
        ),
        (
            "new_pet",
            "kitten pickup moved to the 15th cos the breeder's away",
            datetime(2026, 3, 15, tzinfo=UTC),
        ),
        # the marriage a count of years follows is the anniversary's own
        (
            "anniversary",
            "Happy 10th anniversary to my husband! 10 years today since we said I do",
            WED.replace(hour=0),
        ),
        ("anniversary", "Tomorrow marks 10 years since I got married", datetime(2026, 3, 12, tzinfo=UTC)),
    ],
)
def test_an_events_date_is_not_taken_by_a_cue_that_belongs_to_it(
    reader: CueReader, label: str, text: str, when: datetime
) -> None:
    assert _describe(reader, label, text).date == when


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("retirement", "Pappa går i pension på fredag efter 38 år 🎉", "network", "dad"),
        ("anniversary", "Rodzice obchodzą dziś 40. rocznicę ślubu 💐", "network", "parents"),
        ("birthday", "Canım annem bugün 60 yaşında 🎂", "network", "mom"),
        ("new_job", "Suami dapat kerja baru, mulai Senin 💼", "network", "husband"),
        ("birthday", "Alles Liebe zum Geburtstag, Oma ❤️", "network", "grandma"),
        # a partner of another language shares the household's move
        ("moving_home", "Mi esposo y yo nos mudamos el sábado 🏠", "self", None),
        # kin inflected for "to", "of" or calling (rule 37)
        ("birthday", "Hyvää syntymäpäivää siskolle 🎉 Huomenna täytät 25", "network", "sister"),
        ("wedding", "Abimin düğünü bu cumartesi 💃", "network", "brother"),
        ("birthday", "Sretan rođendan, brate! 🎂 Danas 30", "network", "brother"),
        # an exclamation, then who: the writer's kin in the next sentence
        (
            "new_baby",
            "Nasceu!! 💙 Minha cunhada deu à luz o Miguel ontem de madrugada.",
            "network",
            "sister-in-law",
        ),
        # a greeting of another language with a name
        ("birthday", "Boldog születésnapot, Zsófi! 🎈 Isten éltessen sokáig", "network", "friend"),
        ("birthday", "Tillykke med fødselsdagen Freja! 🥳", "network", "friend"),
        # rule 51: a best friend behind "my" and an adjective, more kin after "my", "my" after the kin word, "to my"
        # joined in Arabic
        (
            "wedding",
            "Mi mejor amiga se casa el sábado y yo soy la dama de honor 💐",
            "network",
            "best friend",
        ),
        ("pregnancy", "Meine beste Freundin ist schwanger!! 🥹", "network", "best friend"),
        ("anniversary", "Meus pais fazem 30 anos de casados hoje 💛", "network", "parents"),
        ("retirement", "Mon chef part à la retraite vendredi, on lui prépare un pot 🥂", "network", "boss"),
        ("new_baby", "Sora mea a născut un băiețel azi-noapte 💙", "network", "sister"),
        ("anniversary", "Χρόνια πολλά στους γονείς μου για τα 35 χρόνια γάμου 🥂", "network", "parents"),
        ("new_job", "مبروك لأخي على الوظيفة الجديدة 👏", "network", "brother"),
        # thanks in another language to the writer's own parents: still the writer's day
        ("graduation", "Akhirnya wisuda 🎓 makasih Bapak Ibu yang selalu mendoakan", "self", None),
        # "nos" is also Spanish "us": "no hay quien nos pare" names no father
        ("pregnancy", "¡¡Estamos embarazados!! 🤰 Este año no hay quien nos pare", "self", None),
    ],
)
def test_kin_words_of_other_languages_say_whose_event_it_is(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("text", "subject", "relation"),
    [
        ("Il mio migliore amico ha perso il papà ieri notte. Non ci sono parole 🖤", "network", "best friend"),
        ("Ma collègue vient de perdre sa maman. Toutes mes pensées pour elle 🕯️", "network", "colleague"),
        ("Dost ke papa nahi rahe 😞 aaj shaam antim sanskar hai, wahin ja raha hoon", "network", "friend"),
        ("Hoy se nos fue mi abuelo. Descansa en paz 🕊️", "self", None),
    ],
)  # fmt: skip
def test_a_loss_told_in_another_language_beside_a_friend_is_the_friends(
    reader: CueReader, text: str, subject: str, relation: str | None
) -> None:
    """Rule 80: another language's loss in a post that names a friend or colleague is theirs; the writer's own
    grandfather stays the writer's loss."""
    event = _describe(reader, "bereavement", text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("engagement", "Our bar manager Luca proposed to his boyfriend on the rooftop last night 💍", "network",
         "colleague"),
        ("pregnancy", "Coach Kayla is off on maternity leave from today! Baby boy due in March", "network", "colleague"),
        ("wedding", "Big news for our venue manager Hannah - she's getting married here next June!", "network",
         "colleague"),
        ("new_job", "Welcome to the team, Jonah! Starting today as our new junior architect", "network", "colleague"),
        ("wedding", "Our photographer Sam shot our wedding and the photos are unreal", "self", None),
        ("new_job", "My manager Steve said I got the promotion!!", "self", None),
    ],
)  # fmt: skip
def test_a_staff_member_named_by_their_role_owns_the_event_told_of_them(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """In a business's voice, "our sous chef Kwame" doing the event is a colleague's news; a staff member beside the
    writer's own event, with the writer's word between, is not."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


def test_a_name_that_case_folds_onto_another_languages_kin_word_is_no_kin(reader: CueReader) -> None:
    """Python's case-insensitive matching lets "Karim" match Turkish "karım" (my wife; "i" and dotless "ı" fold
    together): the name is a friend greeted, not the writer's wife, and reading it must not fail."""
    event = _describe(reader, "birthday", "kol sana w enta tayeb ya Karim 🎉 3o2bal 100 sana ya sa7by")
    assert event.relation != "wife"
    wife = _describe(reader, "new_baby", "Karım dün gece doğum yaptı, oğlumuz Emir geldi!")
    assert (wife.subject, wife.relation) == ("self", None)  # the writer's wife: the household's own birth


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("kol sana w enta tayeb ya Karim 🎉 3o2bal 100 sana ya sa7by", "network"),
        ("Chúc mừng sinh nhật, Lan! 🎂", "network"),
        ("La mulți ani și felicitări, Andrei! 🎉", "network"),
        (
            "С днём рождения, Маша! 🎂 Счастья тебе",
            "network",
        ),  # a name in Cyrillic capitals closes the greeting
        ("Χρόνια πολλά, Ελένη! 🎉", "network"),
        ("Feliz cumple!!! 🎂🎉 que la pases bonito", "network"),  # a wish alone is to someone, as in English
        ("生日快乐！🎂🎉", "network"),
        (
            "Gracias a todos por las felicitaciones de cumpleaños ❤️ 35 y contando",
            "self",
        ),  # thanks: their own day
        ("Спасибо всем за поздравления с днём рождения! 🥰", "self"),
    ],
)
def test_greetings_and_wishes_of_other_languages_make_the_day_someone_elses(
    reader: CueReader, text: str, subject: str
) -> None:
    assert _describe(reader, "birthday", text).subject == subject


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("engagement", "ألف مبروك الخطوبة يا ريم 💍 عقبال الفرح يا رب", "network", "friend"),
        ("wedding", "Tebrikler canlarım, düğününüz harikaydı 💍", "network", "friend"),
        ("graduation", "Hongera sana kwa kuhitimu chuo kikuu 🎓", "network", "friend"),
        # thanks for the wishes: the writer's own news
        ("new_job", "Dziękuję za życzenia! Od poniedziałku nowa praca 💼", "self", None),
        # a couple's own anniversary is wished to the partner
        ("anniversary", "Evlilik yıldönümümüz kutlu olsun sevgilim ❤️ bugün 10 yıl oldu", "self", None),
    ],
)
def test_a_congratulation_in_another_language_makes_any_event_the_greeted_ones(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    """Beyond birthdays: a congratulation or wish from `greetings_more.jsonl` in a post no relation owns."""
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


def test_the_greetings_list_congratulates_in_many_languages_and_thanks_undo_it() -> None:
    from lifeevents.addressee import greets_in_other_language

    assert greets_in_other_language("Onnittelut uudesta työpaikasta, Mikko! 💼")  # a stem of Finnish
    assert greets_in_other_language("恭喜你们！🎉")  # inside a run of letters of a script without spaces
    assert not greets_in_other_language("Спасибо всем за поздравления! 🥰")
    assert not greets_in_other_language("Onnittelut! Kiitos kaikille onnitteluista 🥰")
    assert not greets_in_other_language("trou? ek? nee dankie, ek en my kat is baie gelukkig so")


@pytest.mark.parametrize(
    ("label", "text", "subject", "relation"),
    [
        ("graduation", "วันนี้รับปริญญาเรียบร้อยแล้ว 🎓 ขอบคุณพ่อแม่ที่ส่งเสียมาตลอดสี่ปี", "self", None),
        (
            "new_job",
            "नई नौकरी मिल गई!! 🎉 अगले महीने से बेंगलुरु शिफ्ट हो रहा हूँ, मम्मी अभी से रो रही हैं",
            "self",
            None,
        ),
        # the parent before the event's words owns it; a sister named beside it does too
        ("new_job", "Mi papá consiguió trabajo nuevo 💼 empieza el lunes", "network", "dad"),
        ("wedding", "La boda de mi hermana es el sábado 💍 mamá ya está llorando", "network", "sister"),
    ],
)
def test_a_parent_reacting_after_another_languages_event_does_not_own_it(
    reader: CueReader, label: str, text: str, subject: str, relation: str | None
) -> None:
    event = _describe(reader, label, text)
    assert (event.subject, event.relation) == (subject, relation)


@pytest.mark.parametrize(
    ("text", "subject", "relation"),
    [
        ("Patronum yarın emekli oluyor 🥲 ofiste pasta kesiyoruz, 43 yıl helal olsun", "network", "friend"),
        ("Mi papá se jubila el viernes después de 38 años en el ferrocarril", "network", "dad"),
        ("Retiring on Friday after 35 years at the depot, can't wait to sleep in", "self", None),
        # told in the first person (`retirement_first_person.jsonl`): the writer's own
        ("Mañana me jubilo después de 40 años en el IMSS 🙌", "self", None),
        ("Emekli oldum! 🎉 31 yıl öğretmenlik bitti, şimdi sıra balıkta 🎣", "self", None),
    ],
)
def test_a_retirement_told_in_another_language_that_nobody_owns_is_someone_elses(
    reader: CueReader, text: str, subject: str, relation: str | None
) -> None:
    """Most retirements posted are a parent's, a boss's or a colleague's: with no relation, greeting or name to go
    on, another language's retirement is someone else's; English still reads the writer's own."""
    event = _describe(reader, "retirement", text)
    assert (event.subject, event.relation) == (subject, relation)


def test_every_first_person_retirement_form_is_read_where_it_stands() -> None:
    from lifeevents.dataset import jsonl_rows
    from lifeevents.subjects import _RETIRING_MYSELF, OWN_RETIREMENT_FILE

    forms = [row["form"] for row in jsonl_rows(OWN_RETIREMENT_FILE)]
    assert len(forms) > 600
    assert all(_RETIRING_MYSELF.search(f"... {form} 🎉") for form in forms)
    assert not _RETIRING_MYSELF.search("Mi papá se jubila el viernes después de 38 años")


def test_each_outside_kin_word_is_read_as_the_writers_kin_in_the_post_it_came_with(reader: CueReader) -> None:
    """Every kin word of `kin_words_more.jsonl` that stands as a word in its example post (or is in a script
    written without spaces, or Korean) is read there with its relation (alone or in a longer kin phrase: "баба ми");
    words joined to a prefix or ending in
    their example ("لأختي", "ভাইয়ার") are matched only where they stand alone."""
    from lifeevents.person_words import kin_relations, more_kin
    from lifeevents.writing_systems import korean, unspaced

    rows = more_kin()
    assert len(rows) > 1000
    alone = re.compile(r"(?<![\w@#])(?:{})(?!\w)")
    checked = 0
    for row, cues in zip(rows, reader.read([r["example"] for r in rows]), strict=True):
        word = row["word"]
        if not (unspaced(word) or korean(word)) and not re.search(
            alone.pattern.format(re.escape(word)), row["example"], re.I
        ):
            continue
        checked += 1
        read = {(cues.text[r.start : r.end].lower(), r.relation) for r in kin_relations(cues)}
        assert any(word in span and relation == row["relation"] for span, relation in read), row
    assert checked > 1100
