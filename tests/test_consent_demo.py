"""The demo step of `lifecue up` for consents: every persona's consents and genome are shown."""

from __future__ import annotations

from datetime import UTC, datetime

from genome_store.consents import has_consent
from genome_store.erasure import erased_pseudonyms
from genome_store.purposes import PURPOSES
from services.demo import consents as step
from services.demo.context import DemoContext
from services.demo.personas import PERSONAS


def test_demo_grants_persona_consents_and_shows_genomes(serve, db) -> None:
    ctx = DemoContext(channel=serve("consent", "genome"), as_of=datetime.now(UTC))
    lines = step.run(ctx)
    for persona in PERSONAS:
        for purpose in PURPOSES:
            assert has_consent(db, persona.consumer_id, purpose) is (purpose in persona.consents)
        (line,) = [x for x in lines if x.startswith(persona.name + " ")]
        assert "genome v1" in line and ", ".join(persona.consents) in line
    assert db.genomes.count_documents({"_id": step.LEAVER}) == 0
    assert len(erased_pseudonyms(db)) == 1
    assert any(line.startswith("erasure of c-demo-leaver") for line in lines)
    # running it again (a restarted `lifecue up`) changes no consent
    step.run(ctx)
    assert all(
        has_consent(db, p.consumer_id, purpose) is (purpose in p.consents)
        for p in PERSONAS
        for purpose in PURPOSES
    )
