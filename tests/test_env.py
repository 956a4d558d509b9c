import pytest

from tenderbridge.lib import env


def test_a_bad_boolean_is_rejected_with_its_name(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(env.SettingError, match="DEBUG"):
        env.env_bool("DEBUG")


def test_a_bad_time_zone_is_rejected(monkeypatch):
    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(env.SettingError, match="IANA"):
        env.env_timezone("TIME_ZONE", "UTC")


def test_a_database_url_must_have_a_known_scheme(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://x")
    with pytest.raises(env.SettingError, match="DATABASE_URL"):
        env.env_url("DATABASE_URL", "sqlite:///x", {"sqlite", "postgres", "postgresql"})


def test_production_requires_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(env.SettingError, match="SECRET_KEY"):
        env.persistent_secret("SECRET_KEY", tmp_path / "k", required=True)


def test_a_local_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.persistent_secret("SECRET_KEY", tmp_path / "k", required=False)
    assert first == env.persistent_secret("SECRET_KEY", tmp_path / "k", required=False)
    assert len(first) >= 50


def test_a_short_secret_key_is_rejected(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(env.SettingError, match="32"):
        env.persistent_secret("SECRET_KEY", tmp_path / "k", required=False)


def test_numbers_are_range_checked(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "70000")
    with pytest.raises(env.SettingError, match="EMAIL_PORT"):
        env.env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)


def test_a_moment_is_read_with_its_offset_or_as_a_utc_date(monkeypatch):
    from datetime import UTC, datetime

    monkeypatch.setenv("DEMO_NOW", "2024-03-06T09:00:00+08:00")
    assert env.env_datetime("DEMO_NOW") == datetime(2024, 3, 6, 1, 0, tzinfo=UTC)
    monkeypatch.setenv("DEMO_NOW", "2024-03-06")
    assert env.env_datetime("DEMO_NOW") == datetime(2024, 3, 6, tzinfo=UTC)
    monkeypatch.setenv("DEMO_NOW", "")
    assert env.env_datetime("DEMO_NOW") is None


@pytest.mark.parametrize("value", ["2024-03-06T09:00:00", "yesterday", "2024-13-01"])
def test_a_moment_without_offset_or_not_a_date_is_rejected(monkeypatch, value):
    monkeypatch.setenv("DEMO_NOW", value)
    with pytest.raises(env.SettingError, match="DEMO_NOW"):
        env.env_datetime("DEMO_NOW")
