from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from tenderbridge.opportunities import clock
from tenderbridge.opportunities.countdown import countdown

NOW = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("left", "english", "chinese"),
    [
        (timedelta(days=12, hours=5, minutes=30), "Closes in 12 days 5 hours", "12 天 5 小时后截止"),
        (timedelta(days=1, hours=1), "Closes in 1 day 1 hour", "1 天 1 小时后截止"),
        (timedelta(days=3), "Closes in 3 days", "3 天后截止"),
        (timedelta(hours=2, minutes=1), "Closes in 2 hours 1 minute", "2 小时 1 分钟后截止"),
        (timedelta(hours=1), "Closes in 1 hour", "1 小时后截止"),
        (timedelta(minutes=5), "Closes in 5 minutes", "5 分钟后截止"),
        (timedelta(seconds=20), "Closes in 1 minute", "1 分钟后截止"),
        (-timedelta(days=3, hours=4), "Closed 3 days ago", "已于 3 天前截止"),
        (-timedelta(days=1), "Closed 1 day ago", "已于 1 天前截止"),
        (-timedelta(hours=1, minutes=59), "Closed 1 hour ago", "已于 1 小时前截止"),
        (-timedelta(minutes=2), "Closed 2 minutes ago", "已于 2 分钟前截止"),
        (-timedelta(seconds=10), "Closed just now", "刚刚截止"),
    ],
)
def test_the_countdown_reads_right_in_both_languages(left, english, chinese):
    for language, expected in (("en", english), ("zh-hans", chinese)):
        with translation.override(language):
            found = countdown(NOW + left, now=NOW)
        assert found.text == expected
        assert found.is_open == (left > timedelta(0))
        assert found.seconds == int(left.total_seconds())


def test_a_day_only_deadline_counts_whole_days_never_hours():
    day = datetime(2024, 3, 18, tzinfo=UTC)  # UNGM's "18-Mar-2024", stored as its 00:00 UTC
    with translation.override("en"):
        assert countdown(day, day_only=True, now=NOW).text == "Closes in 12 days"
        assert countdown(day, day_only=True, now=datetime(2024, 3, 18, 15, tzinfo=UTC)).text == "Closes today"
        assert (
            countdown(day, day_only=True, now=datetime(2024, 3, 21, 1, tzinfo=UTC)).text
            == "Closed 3 days ago"
        )
    with translation.override("zh-hans"):
        assert countdown(day, day_only=True, now=NOW).text == "12 天后截止"


def test_no_deadline_has_no_countdown():
    assert countdown(None, now=NOW) is None


def test_now_is_the_real_time_unless_demo_now_is_set(settings):
    settings.DEMO_NOW = None
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5) and clock.demo_now() is None
    settings.DEMO_NOW = NOW
    assert clock.now() == NOW
    with translation.override("en"):
        assert countdown(NOW + timedelta(days=2)).text == "Closes in 2 days"
