"""Settings: environment variables, nesting, rejection of unknown names."""

from __future__ import annotations

import pytest

from lifecue.config import UnknownSetting, load_settings


def test_nested_settings_from_environment(monkeypatch) -> None:
    monkeypatch.setenv("LIFECUE_RECOMMENDER__FACTORS", "128")
    monkeypatch.setenv("LIFECUE_SERVER__PORT", "6000")
    monkeypatch.setenv("MONGODB_URI", "mongodb://db.example:27017")
    s = load_settings()
    assert s.recommender.factors == 128
    assert s.server.port == 6000
    assert s.mongodb_uri == "mongodb://db.example:27017"


def test_unknown_setting_is_rejected(monkeypatch) -> None:
    monkeypatch.setenv("LIFECUE_RECOMENDER__FACTORS", "128")
    with pytest.raises(UnknownSetting, match="LIFECUE_RECOMENDER__FACTORS"):
        load_settings()


def test_invalid_value_is_rejected(monkeypatch) -> None:
    monkeypatch.setenv("LIFECUE_SERVER__PORT", "70000")
    with pytest.raises(ValueError, match="port"):
        load_settings()
