"""The ranker on small hand-made cases: which signal fires, in which order the results come, what is excluded."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest

from tenderbridge.lib.matching.features import NoticeFeatures, PastContract, SupplierFeatures
from tenderbridge.lib.matching.index import NoticeIndex, SupplierIndex
from tenderbridge.lib.matching.ranker import (
    rank_feeds,
    rank_notices,
    rank_suppliers,
    score_notices,
    score_suppliers,
)
from tenderbridge.lib.matching.weights import WEIGHTS

NOW = datetime(2024, 3, 1, tzinfo=UTC)
OPEN = NOW + timedelta(days=30)


def notice(notice_id, title="Supply of goods", **more):
    return NoticeFeatures(id=notice_id, title=title, date=NOW, deadline=more.pop("deadline", OPEN), **more)


def ids(matches):
    return [m.id for m in matches]


def test_an_exact_commodity_beats_its_class_family_and_segment():
    index = NoticeIndex.build([
        notice("segment", unspsc=("42000000",)),
        notice("family", unspsc=("42130000",)),
        notice("commodity", unspsc=("42132203",)),
        notice("class", unspsc=("42132205",)),
        notice("other", unspsc=("56101504",)),
    ])
    supplier = SupplierFeatures(id="s", unspsc=("42132203",))
    matches = rank_notices(supplier, index, NOW, k=5, weights=WEIGHTS.with_(embedding_profile=0))
    assert ids(matches)[:4] == ["commodity", "class", "family", "segment"]
    assert [m.explanation["code"]["level"] for m in matches[:4]] == ["commodity", "class", "family", "segment"]
    assert matches[0].explanation["code"] | {"value": 0, "contribution": 0} == {
        "value": 0, "contribution": 0, "level": "commodity", "code": "42132203", "supplier_code": "42132203",
        "origin": "given", "supplier_origin": "declared",
    }
    assert "code" not in matches[4].explanation


def test_a_predicted_code_counts_less_than_a_given_one():
    index = NoticeIndex.build([notice("predicted", predicted_unspsc=("42130000",)), notice("given", unspsc=("42130000",))])
    matches = rank_notices(SupplierFeatures(id="s", unspsc=("42130000",)), index, NOW)
    assert ids(matches) == ["given", "predicted"]
    assert matches[1].explanation["code"]["origin"] == "predicted"


def test_past_contracts_with_the_same_buyer_lift_a_notice_and_are_explained():
    history = (PastContract(title="Water pumps", buyer="UNICEF", date=date(2023, 6, 1), amount=Decimal("80000"),
                            currency="USD", unspsc=("40151500",)),)
    supplier = SupplierFeatures(id="s", name="Pump works", history=history)
    index = NoticeIndex.build([
        notice("who", title="Solar water pumps", buyer="WHO", unspsc=("40151500",), value=Decimal("90000")),
        notice("unicef", title="Solar water pumps", buyer="U.N.I.C.E.F.", unspsc=("40151500",), value=Decimal("90000")),
    ])
    matches = rank_notices(supplier, index, NOW)
    assert ids(matches) == ["unicef", "who"]
    why = matches[0].explanation
    assert why["history_buyer"] | {"value": 0, "contribution": 0} == {
        "value": 0, "contribution": 0, "buyer": "UNICEF", "year": 2023, "count": 1, "title": "Water pumps"}
    assert why["history_buyer_category"]["level"] == "family" and why["history_buyer_category"]["code"] == "40150000"
    assert why["history_value"]["amount"] == "80000" and why["history_value"]["currency"] == "USD"
    assert "history_buyer" not in matches[1].explanation and "history_category" in matches[1].explanation


def test_an_expired_deadline_is_left_out_of_a_feed_and_a_near_one_is_marked_short():
    index = NoticeIndex.build([
        notice("expired", title="Gloves", deadline=NOW - timedelta(hours=1)),
        notice("soon", title="Gloves", deadline=NOW + timedelta(days=2)),
        notice("later", title="Gloves", deadline=NOW + timedelta(days=20)),
    ])
    supplier = SupplierFeatures(id="s", name="Glove maker", description="gloves")
    matches = rank_notices(supplier, index, NOW)
    assert ids(matches) == ["later", "soon"]
    assert matches[1].explanation["deadline"] == {
        "closes": (NOW + timedelta(days=2)).isoformat(), "days_left": 2.0, "short": True, "penalty": 0.6}
    assert np.isneginf(score_notices(supplier, index, NOW)[0])
    assert "expired" in ids(rank_notices(supplier, index, None))  # without `now` nothing is judged by deadline


def test_a_country_restriction_excludes_other_countries_but_not_an_unknown_one():
    index = NoticeIndex.build([notice("national", title="Gloves", eligible_countries=("GB",)), notice("open", title="Gloves")])
    assert ids(rank_notices(SupplierFeatures(id="cn", country="CN", description="gloves"), index, NOW)) == ["open"]
    assert set(ids(rank_notices(SupplierFeatures(id="gb", country="GB", description="gloves"), index, NOW))) == {"national", "open"}
    assert len(rank_notices(SupplierFeatures(id="x", description="gloves"), index, NOW)) == 2


def test_registration_local_delivery_and_sme_hints_are_explained():
    index = NoticeIndex.build([
        notice("itb", title="Gloves", buyer="UNDP", notice_type="itb", countries=("CN",), sme_suitable=True)
    ])
    supplier = SupplierFeatures(id="s", country="CN", description="gloves", size_class="small", ungm_level="basic")
    why = rank_notices(supplier, index, NOW)[0].explanation
    assert why["eligibility"] == {"registration": {"required": "level_1", "have": "basic", "penalty": 0.3}}
    assert why["local"]["country"] == "CN" and why["sme"]["size_class"] == "small"


@pytest.mark.parametrize(
    "profile",
    [
        SupplierFeatures(id="name-only", name="Nitrile Gloves Manufacturing Co"),
        SupplierFeatures(id="emoji", name="😀🧤", description="🧤🧤🧤"),
        SupplierFeatures(id="chinese", name="苏州医用手套有限公司", description="生产丁腈检查手套"),
        SupplierFeatures(id="bad-codes", name="Gloves", unspsc=("abc", "4213", "", "99999999999")),
        SupplierFeatures(id="huge", name="Gloves", description="nitrile gloves " * 7000),  # ~100 KB
    ],
    ids=lambda p: p.id,
)
def test_thin_or_odd_profiles_are_still_ranked(profile):
    index = NoticeIndex.build([
        notice("gloves", title="Nitrile examination gloves", unspsc=("42132203",)),
        notice("chairs", title="Office chairs", unspsc=("56101504",)),
    ])
    matches = rank_notices(profile, index, NOW)
    assert len(matches) == 2 and all(np.isfinite(m.score) for m in matches)
    if profile.id != "emoji":
        assert matches[0].id == "gloves"


def test_a_chinese_profile_finds_an_english_notice_through_the_embeddings():
    index = NoticeIndex.build([notice("gloves", title="Nitrile examination gloves"), notice("chairs", title="Office chairs")])
    matches = rank_notices(SupplierFeatures(id="zh", description="医用手套"), index, NOW)
    assert matches[0].id == "gloves" and "embedding_profile" in matches[0].explanation


def test_suppliers_are_ranked_for_a_notice_with_the_same_signals():
    suppliers = SupplierIndex.build([
        SupplierFeatures(id="furniture", name="Office furniture Ltd", unspsc=("56100000",)),
        SupplierFeatures(id="gloves", name="Glove Co", unspsc=("42132203",), history=(
            PastContract(title="Gloves", buyer="UNICEF", date=date(2023, 1, 1), unspsc=("42132203",)),)),
        SupplierFeatures(id="empty"),
    ])
    target = notice("n", title="Examination gloves", buyer="UNICEF", unspsc=("42132203",))
    matches = rank_suppliers(target, suppliers, NOW)
    assert matches[0].id == "gloves"
    assert {"code", "history_buyer", "history_buyer_category"} <= set(matches[0].explanation)
    scores = score_suppliers(target, suppliers, NOW)
    assert [m.score for m in matches] == pytest.approx(sorted(scores[np.isfinite(scores)].tolist(), reverse=True))


def test_the_feeds_of_an_index_are_each_suppliers_own_ranking():
    suppliers = SupplierIndex.build([SupplierFeatures(id="a", description="gloves"), SupplierFeatures(id="b", description="chairs")])
    notices = NoticeIndex.build([notice("gloves", title="Gloves"), notice("chairs", title="Office chairs")])
    feeds = rank_feeds(suppliers, notices, NOW, k=1)
    assert {key: ids(value) for key, value in feeds.items()} == {"a": ["gloves"], "b": ["chairs"]}
    alone = rank_notices(SupplierFeatures(id="a", description="gloves"), notices, NOW, k=1)[0]
    assert feeds["a"][0].score == pytest.approx(alone.score, abs=1e-6)  # encoded in a batch vs alone


def test_an_empty_index_gives_no_results():
    assert rank_notices(SupplierFeatures(id="s", name="x"), NoticeIndex.build([]), NOW) == []
    assert rank_suppliers(notice("n"), SupplierIndex.build([]), NOW) == []


def test_a_shown_feed_result_is_explained_as_the_ranking_scored_it():
    from tenderbridge.lib.matching.ranker import explain_notice

    index = NoticeIndex.build([notice("gloves", title="Gloves", unspsc=("42132203",)), notice("gone", deadline=NOW - timedelta(days=1))])
    supplier = SupplierFeatures(id="s", unspsc=("42132203",))
    ranked = rank_notices(supplier, index, NOW, k=1)[0]
    shown = explain_notice(supplier, index, "gloves", NOW)
    assert shown.score == pytest.approx(ranked.score) and shown.explanation["code"]["level"] == "commodity"
    assert explain_notice(supplier, index, "gone", NOW) is None and explain_notice(supplier, index, "nope", NOW) is None
    assert rank_feeds(SupplierIndex.build([supplier]), index, NOW)["s"][0].explanation is None


def test_required_evidence_leaves_out_matches_made_of_boosts_only():
    supplier = SupplierFeatures(id="s", country="KE", size_class="small", unspsc=("42132203",),
                                description="Nitrile examination gloves")
    index = NoticeIndex.build([
        notice("gloves", "Examination gloves", unspsc=("42132203",)),
        notice("chairs-sme", "Office chairs", sme_suitable=True),
        notice("chairs-kenya", "Office chairs for Nairobi", countries=("KE",)),
        notice("gloves-words", "Nitrile examination gloves, powder free"),
    ])
    everything = ids(rank_notices(supplier, index, NOW, k=10))
    proven = ids(rank_notices(supplier, index, NOW, k=10, require_evidence=True))
    assert set(everything) == {"gloves", "chairs-sme", "chairs-kenya", "gloves-words"}
    assert proven == [i for i in everything if i in {"gloves", "gloves-words"}]
    # The same rule from the buyer's side.
    suppliers = SupplierIndex.build([supplier, SupplierFeatures(id="other", size_class="small", country="KE",
                                                                description="Office furniture")])
    chairs = index.notices[index.row_of["chairs-sme"]]
    assert ids(rank_suppliers(chairs, suppliers, NOW, require_evidence=True)) == ["other"]
