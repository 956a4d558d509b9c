"""Typed readers for environment variables.

Settings come only from the environment (twelve-factor); each reader rejects a bad value
at start-up with a message naming the variable, instead of letting a typo surface later
as odd behaviour. Every variable read here must be documented in docs/settings.md
(tests/test_settings_documented.py enforces it).
"""

import os
import secrets
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Every name passed to a reader below is recorded so the documentation test can see them all.
READ: set[str] = set()


class SettingError(ValueError):
    """An environment variable holds a value the product cannot use."""


def _raw(name: str) -> str | None:
    READ.add(name)
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingError(f"{name} must be one of true/false/1/0/yes/no/on/off, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    value = _raw(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum or (maximum is not None and number > maximum):
        raise SettingError(f"{name} must be between {minimum} and {maximum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise SettingError(f"{name} must be one of {sorted(choices)}, not {value!r}")
    return value


def env_timezone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(f"{name} must be an IANA time zone such as Asia/Shanghai, not {value!r}") from None
    return value


def env_datetime(name: str) -> datetime | None:
    """An ISO 8601 moment with its offset ("2024-03-06T09:00:00+08:00"), or a date (midnight UTC); None
    when unset or empty."""
    value = env_str(name)
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise SettingError(
            f"{name} must be a date (2024-03-06) or a date and time with its offset "
            f"(2024-03-06T09:00:00+08:00), not {value!r}"
        )
    return moment.astimezone(UTC)


def env_url(name: str, default: str, schemes: set[str]) -> str:
    value = env_str(name, default)
    scheme = urlparse(value).scheme
    if scheme not in schemes:
        raise SettingError(f"{name} must start with one of {sorted(schemes)}://, not {value!r}")
    return value


def env_path(name: str, default: Path) -> Path:
    value = env_str(name)
    return Path(value).expanduser().resolve() if value else default


def persistent_secret(name: str, store: Path, *, required: bool) -> str:
    """Return the secret from the environment, else one generated once and kept in `store`.

    Local runs keep their sessions across restarts without anyone choosing a key; production
    (`required=True`) must name its key explicitly so it is never a file on an app server.
    """
    value = env_str(name)
    if value:
        if len(value) < 32:
            raise SettingError(f"{name} must be at least 32 characters long")
        return value
    if required:
        raise SettingError(f"{name} must be set when DEBUG is off (production)")
    if store.exists():
        return store.read_text().strip()
    store.parent.mkdir(parents=True, exist_ok=True)
    generated = secrets.token_urlsafe(50)
    store.write_text(generated)
    store.chmod(0o600)
    return generated
