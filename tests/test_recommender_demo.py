"""The demo's catalog and recommend steps through a real server (with consent and genome services)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from services.demo import catalog, consents, recommend
from services.demo.context import DemoContext


def test_catalog_then_recommend_steps_train_and_explain(serve: Any, app: Any) -> None:
    cfg = app.settings.recommender
    cfg.factors, cfg.iterations, cfg.num_threads = 16, 5, 2
    channel = serve("genome", "consent", "recommender")
    ctx = DemoContext(channel=channel, as_of=datetime(2026, 6, 1, tzinfo=UTC), state={"catalog_shoppers": 40})
    loaded = catalog.run(ctx)
    assert loaded[0].startswith("288 products in 24 categories")
    assert app.db.interactions.count_documents({}) > 0
    assert app.db.genomes.count_documents({"consents.personalization.granted": True}) == 40
    consents.run(ctx)
    wedding = {"event_id": "e1", "type": "wedding", "recurrence": "one_off", "subject": "network",
               "relation": "sister", "date": datetime(2026, 7, 1, tzinfo=UTC), "date_precision": "day",
               "confidence": 0.9, "sensitive": False, "source_post_ids": [], "model_version": "t",
               "detected_at": ctx.as_of}  # fmt: skip
    app.db.genomes.update_one(
        {"_id": "c-ana"}, {"$push": {"life_events": wedding}}
    )  # as the posts step would
    lines = recommend.run(ctx)
    assert re.match(
        r"model [a-z_]+-000001: 4\d consumers", lines[0]
    )  # 40 shoppers and the consenting personas
    assert (
        lines[1].startswith("    chosen by validation on") and "als_" in lines[2] and "popularity" in lines[2]
    )
    assert any(line.startswith("Chloe") and "not personal" in line for line in lines)
    assert any(line.startswith("Dev") and "personal, tier platinum" in line for line in lines)
    assert any("offer platinum-free-shipping" in line for line in lines)
    walk = lines[lines.index("    as the wedding approaches:") + 1 :][:3]
    boosted = [int(line.split(":")[1].split("/")[0]) for line in walk]
    assert boosted[0] <= boosted[2] and boosted[2] > 0, walk
