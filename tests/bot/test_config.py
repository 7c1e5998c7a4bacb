from bot import config


def test_settings_follow_the_environment_and_are_built_once_for_it(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "VAR_DIR", tmp_path / "var")
    monkeypatch.setenv("UNION_DATABASE_URL", "sqlite:///a.db")
    first = config.get_settings()
    assert first.database_url == "sqlite:///a.db"
    assert config.get_settings() is first  # the same environment: the same settings
    monkeypatch.setenv("UNION_DATABASE_URL", "sqlite:///b.db")
    assert config.get_settings().database_url == "sqlite:///b.db"  # a change is seen at once
    monkeypatch.setenv("UNION_RATELIMIT_CHAT_SESSION", "5/min")
    assert config.get_settings().rate_overrides == {"chat_session": "5/min"}
    monkeypatch.delenv("UNION_RATELIMIT_CHAT_SESSION")
    monkeypatch.setenv("UNION_DATABASE_URL", "sqlite:///a.db")
    assert config.get_settings() is first
    monkeypatch.delenv("UNION_RASA_TOKEN", raising=False)
    token = config.get_settings().rasa_token
    monkeypatch.setattr(config, "VAR_DIR", tmp_path / "other")  # another var dir: its own secrets
    assert config.get_settings().rasa_token != token


def test_the_settings_key_holds_every_union_variable_and_nothing_else(monkeypatch):
    import os

    monkeypatch.setenv("UNION_SOME_SETTING", "甲")
    monkeypatch.setenv("NOT_UNION_SETTING", "x")
    key = config._environment()
    assert len(key) == sum(k.startswith("UNION_") for k in os.environ)
    assert any("UNION_SOME_SETTING" in (k.decode() if isinstance(k, bytes) else k) for k, _ in key)
    assert not any("NOT_UNION" in (k.decode() if isinstance(k, bytes) else k) for k, _ in key)
