"""Feeds that read the company: a description-only profile ranked from real UN notices, reasons that name what
matched (never company suffixes or fillers), and a preference for UN and development-bank work."""

import time
from datetime import UTC, datetime

import pytest
from django.utils import translation

from tenderbridge.ingest import services as ingest_services
from tenderbridge.lib.matching.text import NOISE_WORDS
from tenderbridge.matching import services
from tenderbridge.matching.feed import feed_page
from tenderbridge.matching.models import FeedItem
from tenderbridge.suppliers import services as suppliers

from .conftest import ingest, release

UNGM = "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv"
DEMO = datetime(2024, 3, 6, tzinfo=UTC)  # the day after UNGM's scrape: its notices are open
UN_SOLAR = "ungm-228090"  # UNOPS: supply, installation … of a solar PV system (UNSPSC 26131507), closes 14 March
LED_SOLAR = (
    "常州明光照明科技有限公司是一家专业从事LED照明和光伏产品研发、生产和销售的企业。主要产品包括LED路灯、LED投光灯、"
    "太阳能路灯、光伏组件（太阳能电池板）、离网和并网光伏发电系统以及储能电池，产品出口东南亚和非洲。"
)
SHOWN_WORDS = ("Words it shares", "关键词")


@pytest.fixture
def ungm(real_data, settings, db):
    settings.DEMO_NOW = DEMO
    ingest_services.ingest([real_data / UNGM])


@pytest.fixture
def led_maker(other_supplier_member):
    profile = suppliers.profile_for(other_supplier_member.organisation)
    suppliers.do_update_company(profile, {"name_zh": "常州明光照明科技有限公司", "description": LED_SOLAR})
    return profile


def entries(profile, lang="en"):
    with translation.override(lang):
        return feed_page(profile).entries


def test_a_description_only_profile_gets_the_un_solar_tender_first_and_nothing_unrelated(ungm, led_maker):
    assert not led_maker.categories.exists() and not led_maker.contracts.exists()
    assert services.recompute_feed(led_maker.pk) >= 1
    found = entries(led_maker)
    assert found[0].row.notice.ocid == UN_SOLAR
    for entry in found:  # seeds, veterinary kits, diabetes tools, market surveys stay out
        text = (entry.row.notice.title + " " + entry.row.notice.description).lower()
        assert any(word in text for word in ("solar", "photovolt", "light", "lamp", "energy")), text[:80]
    why = found[0].explanation["code"]
    assert (why["code"], why["supplier_origin"]) == ("26131507", "described")
    assert "光伏" in why["words"]


def test_the_reason_names_the_code_that_matched_and_the_words_of_the_description(ungm, led_maker):
    services.recompute_feed(led_maker.pk)
    first = entries(led_maker, "zh-hans")[0]
    code = next(r.text for r in first.reasons if r.key == "code")
    assert "26131507" in code and "光伏组件" in code


def test_a_profile_with_only_a_description_is_ranked_within_seconds_of_saving(ungm, other_supplier_member, settings,
                                                                             django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    profile = suppliers.profile_for(other_supplier_member.organisation)
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        suppliers.do_update_company(profile, {"description": LED_SOLAR})
    seconds = time.perf_counter() - started
    assert FeedItem.objects.filter(profile=profile, notice__ocid=UN_SOLAR).exists()
    assert seconds < 30, seconds  # the task itself: index of the open notices, the ranking, the write


NOISY_NAME = "Suzhou Make Delivered Trading Co., Ltd. 苏州制造有限公司"


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_reasons_never_show_function_words_company_suffixes_or_fillers(db, tmp_path, supplier_owner, lang):
    ingest(tmp_path,
           release("ocds-ltd", "Cleaning services Ltd", "Services made and delivered by the company Ltd. Co."),
           release("ocds-lamps", "LED street lights", "Supply of LED street lights, delivered to the city"))
    profile = suppliers.profile_for(supplier_owner.organisation)
    suppliers.do_update_company(profile, {"name_en": NOISY_NAME,
                                          "description": "We make and deliver LED street lights. 我们生产LED路灯。"})
    services.recompute_feed(profile.pk)
    found = entries(profile, lang)
    assert [e.row.notice.ocid for e in found] == ["ocds-lamps"]  # "ltd, make, delivered" alone is no reason
    for entry in found:
        for key in ("text_profile", "text_bm25"):
            assert not set(entry.explanation.get(key, {}).get("terms", [])) & NOISE_WORDS
        words = " ".join(r.text for r in entry.reasons if r.text.startswith(SHOWN_WORDS))
        for noise in ("ltd", "make", "delivered", "co.", "limited", "有限公司"):
            assert noise not in words.lower()


def test_a_reason_compares_with_the_profile_code_that_matched_not_the_first(db, tmp_path, supplier_owner):
    ingest(tmp_path, release("ocds-lamp", "Street lights", "LED street lights", code="39111608"))
    profile = suppliers.profile_for(supplier_owner.organisation)
    suppliers.do_add_codes(profile, ["42132203", "39111600", "39101600"])  # gloves first, street lights second
    services.recompute_feed(profile.pk)
    why = entries(profile)[0].explanation["code"]
    assert (why["code"], why["supplier_code"], why["level"]) == ("39111608", "39111600", "class")
    text = next(r.text for r in entries(profile)[0].reasons if r.key == "code")
    assert "39111600" in text and "42132203" not in text


NATIONAL = {"id": "B2", "name": "Kisumu County Government", "roles": ["buyer"], "address": {"countryName": "Kenya"}}


def _national(body: dict) -> dict:
    return {**body, "buyer": {"id": "B2", "name": NATIONAL["name"]}, "parties": [NATIONAL]}


def test_a_supplier_who_wants_un_work_sees_the_un_notice_above_an_equal_national_one(db, tmp_path, led_maker):
    text = ("Solar street lights", "Supply of 200 solar street lights with LED lamps")
    ingest(tmp_path, _national(release("ocds-a-national", *text)), release("ocds-b-unicef", *text))
    services.recompute_feed(led_maker.pk)
    plain = [e.row.notice.ocid for e in entries(led_maker)]
    assert set(plain) == {"ocds-a-national", "ocds-b-unicef"}
    suppliers.do_update_registration(led_maker, {"wants_international": True})
    services.recompute_feed(led_maker.pk)
    found = entries(led_maker)
    assert [e.row.notice.ocid for e in found] == ["ocds-b-unicef", "ocds-a-national"]
    assert "preference" in found[0].explanation and "preference" not in found[1].explanation
    assert any(r.key == "preference" for r in found[0].reasons)


def test_the_preference_does_not_lift_an_unrelated_un_notice_into_the_feed(db, tmp_path, led_maker):
    ingest(tmp_path, release("ocds-seeds", "Maize and wheat seed", "Procurement of maize and wheat seed"),
           _national(release("ocds-lights", "Solar street lights", "Supply of solar street lights")))
    suppliers.do_update_registration(led_maker, {"wants_international": True})
    services.recompute_feed(led_maker.pk)
    assert [e.row.notice.ocid for e in entries(led_maker)] == ["ocds-lights"]
