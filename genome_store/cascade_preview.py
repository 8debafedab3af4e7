"""What a revocation would delete, counted before a steward confirms it.

The counts use the same rules as the revocation itself (`genome_store.revocation`), so
the preview a steward reads is what the cascade then removes, unless the consumer's data
changes in between (the confirmation page shows the counts the revocation returns).
"""

from __future__ import annotations

from typing import Any

from pymongo.database import Database

from genome_store.checks import check_id, check_purpose
from genome_store.driver_errors import storage_call
from genome_store.purposes import SOCIAL_ANALYSIS, is_granted
from genome_store.revocation import EFFECTS, Cascade, count_review_items, removed_events
from genome_store.schema import GENOMES, POSTS
from lifecue.errors import NotFound


@storage_call
def preview_revocation(db: Database[Any], consumer_id: str, purpose: str) -> tuple[Cascade, bool]:
    """The cascade revoking ``purpose`` would run now, and whether the purpose is granted now.

    NotFound for unknown consumers, like the revocation.
    """
    check_id("consumer_id", consumer_id)
    check_purpose("purpose", purpose)
    doc = db[GENOMES].find_one({"_id": consumer_id}, {"consents": 1, "life_events": 1})
    if doc is None:
        raise NotFound("consumer_id", consumer_id)
    posts = db[POSTS].count_documents({"consumer_id": consumer_id}) if purpose == SOCIAL_ANALYSIS else 0
    reviews = count_review_items(db, consumer_id, purpose)
    cascade = Cascade(purpose, posts, removed_events(purpose, doc), EFFECTS[purpose], reviews)
    return cascade, is_granted(doc, purpose)
