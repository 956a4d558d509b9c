"""The ranker's explanations said as sentences in the reader's language."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation

from tenderbridge.matching.reasons import reasons

NOW = datetime(2024, 3, 6, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _demo_now(settings):
    settings.DEMO_NOW = NOW


def texts(why, **kwargs):
    return [r.text for r in reasons(why, {}, **kwargs)]


def test_a_deadline_is_said_in_the_readers_time_zone_with_its_name():
    deadline = NOW + timedelta(days=12, hours=9)  # 09:00 UTC is 17:00 in Beijing
    with translation.override("en"), timezone.override("Asia/Shanghai"):
        assert texts({}, deadline=deadline) == ["Closes in 12 days 9 hours, at 17:00 Beijing time on March 18, 2024."]
    with translation.override("zh-hans"), timezone.override("Asia/Shanghai"):
        assert texts({}, deadline=deadline) == ["12 天 9 小时后截止，截止时间为北京时间 2024年3月18日 17:00。"]
    with translation.override("en"), timezone.override("Europe/Oslo"):
        assert "10:00 Europe/Oslo time" in texts({}, deadline=deadline)[0]


def test_codes_are_said_by_how_deep_they_agree():
    def said(level, code="42132203", supplier_code="42132205"):
        why = {"code": {"level": level, "code": code, "supplier_code": supplier_code, "origin": "given"}}
        return texts(why)[0]

    with translation.override("en"):
        assert said("commodity", supplier_code="42132203") == "UNSPSC 42132203 is one of your categories."
        assert said("class") == "UNSPSC 42132203 is close to your category 42132205."
        assert said("family") == "UNSPSC 42132203 is in the same family as your category 42132205."
        assert said("segment") == "UNSPSC 42132203 is in the same segment as your category 42132205."


def test_the_words_of_all_text_signals_are_said_once_without_the_short_ones():
    why = {"text_bm25": {"value": 1, "contribution": 1, "terms": ["gloves", "en", "nitrile"]},
           "text_profile": {"value": 0.2, "contribution": 0.3, "terms": ["nitrile", "手套"]}}
    with translation.override("en"):
        assert texts(why) == ["Words it shares with your profile: nitrile, 手套, gloves."]


def test_past_contracts_are_counted_in_the_readers_language():
    why = {"history_buyer_category": {"value": 1, "contribution": 1, "buyer": "UNICEF", "year": 2023, "count": 3}}
    with translation.override("en"):
        assert texts(why) == ["Your 3 contracts with UNICEF for similar items, the latest in 2023."]
        assert texts(why, for_supplier=False) == ["3 contracts with UNICEF for similar items, the latest in 2023."]
    with translation.override("zh-hans"):
        assert texts(why) == ["您与 UNICEF 签订过 3 份类似物品的合同，最近一份在 2023 年。"]


def test_a_match_with_nothing_to_say_is_called_weak():
    with translation.override("en"):
        assert texts({"experience": {"value": 1, "contribution": 0.02, "count": 3}}) == [
            "A weak match: nothing in it stands out against your profile."
        ]
