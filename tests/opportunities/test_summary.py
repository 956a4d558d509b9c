"""A notice summed up in the reader's language from its data (opportunities/summary.py), on real notices — UNGM,
TED (Norwegian), an OCDS publisher in Spanish — and a few hand-made ones: the buyer's Chinese name, the
categories' Chinese titles, the deadline in both zones, language names (never a code), how to take part or an
honest "the data says nothing", and the same summary in the JSON twin."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest

from tenderbridge.ingest import services
from tenderbridge.opportunities.models import Notice
from tenderbridge.taxonomy.models import UnspscCode
from tenderbridge.taxonomy.services import do_import_taxonomy

from .packages import ingest, release

pytestmark = pytest.mark.django_db

DEMO = datetime(2024, 3, 6, tzinfo=UTC)
UNGM = "ungm-tender-notices-2024-03/ungm_notices_2024-03_scraped_with_header.csv"
UNGM_OCID = "ungm-228094"  # UNICEF, Uzbekistan, market research surveys, RFQ, closes 25 March 2024 (day only)
TED = "ted-eforms-notices-norway-2022-2024/xml/ContractNotice_cn-standard_2023-649037.xml"
TED_OCID = "ted-2023-649037"  # Sykehusinnkjøp HF, Norwegian Bokmål, 17 March 2023 13:00 +02:00
COLOMBIA = "ocds-real-examples-17-publishers-2014-2018/colombia/sample/releases"
COLOMBIA_OCID = "ocds-k50g02-16-13-5282714"  # Bogotá, Spanish, an invitation to bid with written submission


def page_text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def summary_of(client, ocid: str, lang: str) -> dict:
    response = client.get(f"/api/v1/opportunities/{ocid}", headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response.json()["summary"]


def fact(summary: dict, key: str) -> str:
    found = [f for f in summary["facts"] if f["key"] == key]
    assert found, f"no {key} in {[f['key'] for f in summary['facts']]}"
    return found[0]["text"] + (" " + found[0]["note"] if found[0]["note"] else "")


@pytest.fixture
def real_notices(real_data, settings):
    settings.DEMO_NOW = DEMO
    do_import_taxonomy(real_data)
    colombia = sorted((real_data / COLOMBIA).glob(f"{COLOMBIA_OCID}-*.json"))
    services.ingest([real_data / UNGM, real_data / TED, *colombia])
    assert Notice.objects.filter(ocid__in=[UNGM_OCID, TED_OCID, COLOMBIA_OCID]).count() == 3


def test_a_ungm_notice_reads_in_chinese_and_in_english(client, real_notices):
    notice = Notice.objects.get(ocid=UNGM_OCID)
    codes = list(notice.categories.values_list("code", flat=True))
    titles = dict(UnspscCode.objects.filter(code__in=codes).values_list("code", "title_zh"))
    zh = summary_of(client, UNGM_OCID, "zh-hans")
    assert zh["language"] == "zh-hans"
    assert zh["headline"].startswith("询价（RFQ）：联合国儿童基金会采购")
    assert zh["buyer"] == {
        "name": "UNITED NATIONS CHILDRENS FUND (UNICEF)",
        "shown": "联合国儿童基金会",
        "acronym": "UNICEF",
        "family": "un",
        "country": None,
        "country_name": None,
        "name_source": "un-system-chart-zh",
    }
    assert "联合国儿童基金会（UNICEF），联合国系统机构。" in fact(zh, "buyer")
    what = fact(zh, "what")
    assert all(titles[code] in what for code in codes) and titles  # every category by its Chinese title
    assert "乌兹别克斯坦" in fact(zh, "where")
    assert "截止日期：2024年3月25日" in fact(zh, "deadline") and "19 天后截止" in fact(zh, "deadline")
    taking_part = [f for f in zh["facts"] if f["key"] == "taking_part"][0]
    assert "联合国全球采购网（UNGM）" in taking_part["text"] and "基础级" in taking_part["text"]
    assert [link["url"] for link in taking_part["links"]] == [
        "https://www.ungm.org/Public/Notice/228094",
        "https://www.ungm.org/Account/Registration",
    ]
    assert zh["taking_part"] == "ungm"
    assert zh["languages"] == [{"code": "en", "name": "英语"}]
    assert "询价（RFQ）" in fact(zh, "notice_type")
    assert zh["machine_translation"] is None and "不翻译原文" in fact(zh, "translation")

    en = summary_of(client, UNGM_OCID, "en")
    assert en["buyer"]["shown"] == "United Nations Children's Fund"
    assert "Request for quotation: United Nations Children's Fund buys" in en["headline"]
    assert "Deadline: March 25, 2024." in fact(en, "deadline") and "Closes in 19 days" in fact(en, "deadline")
    assert "registered on UNGM at Basic level" in fact(en, "taking_part")
    assert en["languages"] == [{"code": "en", "name": "English"}]
    assert "translation" not in [f["key"] for f in en["facts"]]  # an English notice on the English site


def test_the_chinese_page_shows_the_summary_at_the_top(client, real_notices):
    page = page_text(client.get(f"/zh-hans/opportunities/{UNGM_OCID}/"))
    summary_at = page.index('data-testid="summary"')
    assert summary_at < page.index('data-testid="deadline-box"')  # before everything but the title
    for expected in (
        "公告摘要",
        "联合国儿童基金会（UNICEF）",
        "乌兹别克斯坦",
        "2024年3月25日",
        "基础级",
        'href="https://www.ungm.org/Public/Notice/228094"',
        "公告语言：英语。",
    ):
        assert expected in page, expected
    assert 'data-testid="notice-language">英语 · en<' in page  # the facts list names the language too


def test_a_norwegian_ted_notice_gives_its_deadline_in_both_zones_and_its_language_by_name(
    client, real_notices
):
    zh = summary_of(client, TED_OCID, "zh-hans")
    # 13:00 at UTC+02:00 is 19:00 in Shanghai (the Chinese site's zone for a reader who has not said).
    assert fact(zh, "deadline").startswith(
        "截止时间：您所在时区（中国标准时间，Asia/Shanghai）2023年3月17日 19:00，即公告时区（UTC+02:00）2023年3月17日 13:00。"
    )
    assert zh["deadline"]["reader"] == "2023-03-17T19:00:00+08:00"
    assert zh["deadline"]["source"] == "2023-03-17T13:00:00+02:00"
    assert zh["deadline"]["source_zone"] == "UTC+02:00"
    assert "SYKEHUSINNKJØP HF（挪威的公共采购方）。" in fact(zh, "buyer")
    assert zh["languages"] == [{"code": "nb", "name": "书面挪威语"}]
    assert "书面挪威语" in fact(zh, "language") and "nb" not in fact(zh, "language")
    assert "医疗设备" in fact(zh, "what")  # a CPV notice: its mapped UNSPSC categories' Chinese titles
    taking_part = fact(zh, "taking_part")
    assert (
        "截止时间已过" in taking_part
        and "电子投标" in taking_part
        and "post@sykehusinnkjop.no" in taking_part
    )
    assert zh["taking_part"] == "ocds"
    assert "标题和描述按原文显示（书面挪威语）" in fact(zh, "translation")

    en = summary_of(client, TED_OCID, "en")
    assert en["languages"] == [{"code": "nb", "name": "Norwegian Bokmål"}]
    assert "SYKEHUSINNKJØP HF, a public buyer in Norway." in fact(en, "buyer")
    # An English reader with no zone sees UTC, and the notice's own zone beside it.
    assert fact(en, "deadline").startswith(
        "Deadline: March 17, 2023 11:00 in your time zone (UTC), that is March 17, 2023 13:00 in the notice's time "
        "zone (UTC+02:00)."
    )


def test_a_spanish_ocds_notice_reads_in_chinese(client, real_notices):
    zh = summary_of(client, COLOMBIA_OCID, "zh-hans")
    assert zh["languages"] == [{"code": "es", "name": "西班牙语"}]
    assert "哥伦比亚" in fact(zh, "where") and "哥伦比亚的公共采购方" in fact(zh, "buyer")
    # A method, but no address and no contact: said, rather than left for the reader to wonder.
    assert "书面（纸质）投标" in fact(zh, "taking_part") and "没有投标书的提交地址，也没有联系人" in fact(
        zh, "taking_part"
    )
    assert "投标邀请（ITB）" in fact(zh, "notice_type")
    assert zh["deadline"]["source_zone"] == "UTC"  # the publisher wrote its dates in UTC ("Z")
    assert "2016年7月5日 08:00，即公告时区（UTC）2016年7月5日 00:00" in fact(zh, "deadline")
    assert "西班牙语" in fact(zh, "translation")
    en = summary_of(client, COLOMBIA_OCID, "en")
    assert en["languages"] == [{"code": "es", "name": "Spanish"}]
    assert "Written (paper) submission" in fact(en, "taking_part")


# --- Hand-made notices: what the data does not say --------------------------------------------------------


def test_a_notice_whose_data_says_nothing_about_taking_part_says_so(
    client, tmp_path, gloves_titles, settings
):
    settings.DEMO_NOW = DEMO
    bare = release("ocds-s-bare", "Gloves")
    bare["language"] = "md"  # as the Moldovan publisher writes it: no language has that code
    ingest(tmp_path, bare)
    for lang, expected in (("zh-hans", "没有说明如何参与"), ("en", "says nothing about how to take part")):
        summary = summary_of(client, "ocds-s-bare", lang)
        assert summary["taking_part"] == "none" and expected in fact(summary, "taking_part")
    zh = summary_of(client, "ocds-s-bare", "zh-hans")
    assert "医用检查手套（UNSPSC 42132203）" in fact(zh, "what")
    assert "中国" in fact(zh, "where")
    assert zh["languages"] == [] and "语言代码“md”不是已知的语言" in fact(zh, "language")


def test_an_award_says_it_cannot_be_bid_for_and_to_whom_it_went(client, tmp_path, gloves_titles):
    r = release("ocds-s-award", "Gloves", tenderPeriod=None)
    r["tag"] = ["award"]
    r["parties"].append({"id": "S1", "name": "Jiangsu Medical Gloves Co.", "roles": ["supplier"]})
    r["awards"] = [
        {
            "id": "A1",
            "date": "2023-05-01T00:00:00Z",
            "datePrecision": "year",
            "suppliers": [{"id": "S1", "name": "Jiangsu Medical Gloves Co."}],
            "value": {"amount": 120000, "currency": "USD"},
        }
    ]
    ingest(tmp_path, r)
    zh = summary_of(client, "ocds-s-award", "zh-hans")
    assert zh["taking_part"] == "award" and zh["headline"].startswith("合同授予：")
    assert "不能再投标" in fact(zh, "taking_part") and "Jiangsu Medical Gloves Co." in fact(zh, "taking_part")
    assert "授予年份：2023 年。" in fact(zh, "awarded") and "120,000 USD" in fact(zh, "awarded")
    assert "deadline" not in [f["key"] for f in zh["facts"]]


def test_a_division_of_a_un_agency_keeps_its_own_name_beside_the_chinese_one(client, tmp_path, gloves_titles):
    ingest(tmp_path, release("ocds-s-unicef", "Gloves"))  # the buyer is "UNICEF Supply Division"
    zh = summary_of(client, "ocds-s-unicef", "zh-hans")
    assert zh["buyer"]["shown"] == "联合国儿童基金会" and zh["buyer"]["country"] == "DK"
    assert (
        fact(zh, "buyer")
        == "联合国儿童基金会（UNICEF），联合国系统机构。公告原文写作“UNICEF Supply Division”。"
    )


def test_a_code_without_a_chinese_title_is_read_through_its_group_for_one_query_more(
    tmp_path, gloves_titles, django_assert_num_queries
):
    from django.utils import translation

    from tenderbridge.opportunities.detail import notice_page

    from .packages import item

    UnspscCode.objects.create(
        code="42132204",
        level="commodity",
        segment="42000000",
        family="42130000",
        parent_id="42132200",
        title_en="Surgical gloves",
        title_zh="",
    )
    ingest(tmp_path, release("ocds-s-untitled", "Gloves", items=[item("42132204")]))
    with (
        translation.override("zh-hans"),
        django_assert_num_queries(15),
    ):  # get_notice 8 (with the other publications) + related 6 + the ancestors' titles
        summary = notice_page("ocds-s-untitled", limit=50).summary
    assert "Surgical gloves（UNSPSC 42132204，属于“医用手套和附件”）" in summary.fact("what").text
    assert "采购医用手套和附件" in summary.headline
    with translation.override("en"), django_assert_num_queries(14):
        assert (
            "Surgical gloves (UNSPSC 42132204)"
            in notice_page("ocds-s-untitled", limit=50).summary.fact("what").text
        )
