"""When an alert sends next: at its hour in its reader's zone (daily), on its weekday too (weekly); an
immediate alert has no time of its own — it is due as soon as a matching notice arrives."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def next_sending(frequency: str, hour: int, weekday: int, zone_name: str, after: datetime) -> datetime | None:
    """The first moment strictly after `after` at `hour`:00 local time (and on `weekday` for weekly), in UTC."""
    if frequency == "immediately":
        return None
    tz = zone(zone_name)
    local = after.astimezone(tz)
    day = local.date()
    for offset in range(0, 9):
        candidate_day = day + timedelta(days=offset)
        if frequency == "weekly" and candidate_day.weekday() != weekday:
            continue
        candidate = datetime(candidate_day.year, candidate_day.month, candidate_day.day, hour, tzinfo=tz)
        if candidate > after:
            return candidate.astimezone(UTC)
    raise AssertionError("a day within 9 days always comes")
