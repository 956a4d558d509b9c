"""Stored feeds: ranked in the background from the profile, merged when notices arrive, marks kept."""

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from tenderbridge.matching import services, tasks
from tenderbridge.matching.feed import feed_page
from tenderbridge.matching.models import FeedItem, FeedState, Mark, PendingNotice
from tenderbridge.opportunities.models import Notice
from tenderbridge.suppliers import services as suppliers

from .conftest import ingest, release


def feed_ocids(profile, tab="feed"):
    return [entry.row.notice.ocid for entry in feed_page(profile, tab).entries]


def test_a_supplier_gets_its_open_notices_ranked_with_reasons(notices, gloves_maker):
    assert services.recompute_feed(gloves_maker.pk) >= 1
    ocids = feed_ocids(gloves_maker)
    assert ocids[0] == "ocds-gloves"
    assert "ocds-closed-gloves" not in ocids  # its deadline has passed
    first = feed_page(gloves_maker).entries[0]
    assert first.explanation["code"]["level"] == "commodity"
    keys = [reason.key for reason in first.reasons]
    assert "code" in keys and "deadline" in keys
    state = FeedState.objects.get(pk=gloves_maker.pk)
    assert state.ranked is not None and not state.pending and state.notices_ranked == 4


def test_notices_unrelated_to_a_described_company_stay_out(notices, gloves_maker):
    services.recompute_feed(gloves_maker.pk)
    assert "ocds-chairs" not in feed_ocids(gloves_maker)


def test_a_name_only_profile_still_gets_a_feed(notices, other_supplier_member):
    profile = suppliers.profile_for(other_supplier_member.organisation)
    services.recompute_feed(profile.pk)
    assert len(feed_ocids(profile)) == 4  # every open notice, ranked by what is known


@pytest.mark.parametrize("description", ["😀🎉🚀", "手套" * 10_000, "\u200b\u200b"])
def test_odd_descriptions_do_not_break_the_ranking(notices, supplier_owner, description):
    profile = suppliers.profile_for(supplier_owner.organisation)
    suppliers.do_update_company(profile, {"description": description})
    assert services.recompute_feed(profile.pk) is not None


def test_a_changed_profile_asks_for_a_new_ranking_in_the_background(
    notices, gloves_maker, django_capture_on_commit_callbacks
):
    services.recompute_feed(gloves_maker.pk)
    assert not FeedState.objects.get(pk=gloves_maker.pk).pending
    with django_capture_on_commit_callbacks(execute=True):
        suppliers.do_update_company(gloves_maker, {"description": "Solar water heaters."})
    assert FeedState.objects.get(pk=gloves_maker.pk).pending
    assert DBTaskResult.objects.filter(task_path__endswith="recompute_feed_task").exists()


def test_marks_survive_a_new_ranking_and_a_dismissed_notice_stays_out(notices, gloves_maker, supplier_owner):
    services.recompute_feed(gloves_maker.pk)
    gloves, gowns = Notice.objects.get(ocid="ocds-gloves"), Notice.objects.get(ocid="ocds-gowns")
    services.do_mark(gloves_maker, gloves, "dismissed", supplier_owner)
    services.do_mark(gloves_maker, gowns, "saved", supplier_owner)
    services.recompute_feed(gloves_maker.pk)
    assert "ocds-gloves" not in feed_ocids(gloves_maker)
    assert feed_ocids(gloves_maker, "dismissed") == ["ocds-gloves"]
    assert feed_ocids(gloves_maker, "saved") == ["ocds-gowns"]
    assert feed_page(gloves_maker).counts["dismissed"] == 1
    services.do_mark(gloves_maker, gloves, "")
    assert "ocds-gloves" in feed_ocids(gloves_maker)


def test_an_unknown_mark_is_refused(notices, gloves_maker):
    with pytest.raises(ValidationError, match="not a known mark"):
        services.do_mark(gloves_maker, Notice.objects.first(), "maybe")
    assert not Mark.objects.exists()


def test_new_notices_are_merged_into_the_feeds_they_fit(notices, gloves_maker, solar_maker, tmp_path):
    services.recompute_feeds()
    before = feed_ocids(gloves_maker)
    ingest(tmp_path, release("ocds-masks", "Medical examination gloves and masks", "Nitrile examination gloves",
                             code="42132203"), name="new.json")
    new_id = Notice.objects.get(ocid="ocds-masks").pk
    report = services.update_feeds([new_id])
    assert report.notices == 1 and report.suppliers == 2 and report.added == 1
    merged = feed_ocids(gloves_maker)
    assert set(merged) == set(before) | {"ocds-masks"}
    assert not FeedItem.objects.filter(profile=solar_maker, notice_id=new_id).exists()
    # The merge scores the new notice with the statistics of the index of every open notice, as a full ranking
    # would (tests/lib/test_matching_partial.py); the older items keep the scores of the ranking before, so the
    # next full ranking may reorder near neighbours (here, in a five-notice world, the two glove notices).
    services.recompute_feed(gloves_maker.pk)
    assert set(feed_ocids(gloves_maker)) == set(merged)


def test_a_notice_that_closes_leaves_the_feeds_on_update(notices, gloves_maker, tmp_path):
    services.recompute_feed(gloves_maker.pk)
    assert FeedItem.objects.filter(profile=gloves_maker, notice__ocid="ocds-gloves").exists()
    later = release("ocds-gloves", "Supply of nitrile examination gloves", "Cancelled", code="42132203", days=-1,
                    release_id="ocds-gloves-r2", date="2024-03-05T08:00:00Z")
    ingest(tmp_path, later, name="closed.json")
    services.update_feeds([Notice.objects.get(ocid="ocds-gloves").pk])
    assert not FeedItem.objects.filter(profile=gloves_maker, notice__ocid="ocds-gloves").exists()


def test_stored_notices_wait_for_one_feed_update(notices, gloves_maker, tmp_path, django_capture_on_commit_callbacks):
    services.recompute_feed(gloves_maker.pk)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(tmp_path, release("ocds-more-gloves", "Latex examination gloves", code="42132203"), name="a.json")
        ingest(tmp_path, release("ocds-even-more", "Vinyl examination gloves", code="42132203"), name="b.json")
    # ingest's index stamping sent notices_indexed after each commit: both notices wait, one update takes them
    assert PendingNotice.objects.count() == 2
    assert tasks.update_feeds_task.call() == 2
    assert tasks.update_feeds_task.call() == 0
    assert {"ocds-more-gloves", "ocds-even-more"} <= set(feed_ocids(gloves_maker))


def test_nothing_waits_while_no_feed_was_ever_ranked(notices, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest(tmp_path, release("ocds-x", "Anything"), name="x.json")
    assert not PendingNotice.objects.exists()


def test_a_deleted_profile_ranks_to_nothing(notices, gloves_maker):
    pk = gloves_maker.pk
    gloves_maker.delete()
    assert services.recompute_feed(pk) is None


def test_saved_filters_are_named_limited_and_replaced_by_name(gloves_maker):
    first = services.do_save_filter(gloves_maker, "  RFQs  in 42 ", "notice_type=rfq&segment=42000000")
    assert first.name == "RFQs in 42"
    again = services.do_save_filter(gloves_maker, "RFQs in 42", "notice_type=rfq")
    assert again.pk == first.pk and again.query == "notice_type=rfq"
    with pytest.raises(ValidationError, match="name"):
        services.do_save_filter(gloves_maker, "   ", "")
    with pytest.raises(ValidationError, match="at most 100 characters"):
        services.do_save_filter(gloves_maker, "x" * 101, "")
    for i in range(19):
        services.do_save_filter(gloves_maker, f"filter {i}", "")
    with pytest.raises(ValidationError, match="at most 20 filters"):
        services.do_save_filter(gloves_maker, "one too many", "")
    assert services.do_delete_filter(gloves_maker, first.pk)
    assert not services.do_delete_filter(gloves_maker, first.pk)


def test_the_open_index_prepares_again_only_the_notices_that_changed(notices, tmp_path):
    from tenderbridge.matching import notices as open_notices

    first = open_notices.current()
    before = {p.features.id: p for p in first.index.notices}
    ingest(tmp_path, release("ocds-gowns", "Surgical gowns, amended", "Gowns to EN 13795", code="42131702",
                             release_id="ocds-gowns-r2", date="2024-03-05T08:00:00Z"), name="amended.json")
    second = open_notices.current()
    after = {p.features.id: p for p in second.index.notices}
    gowns = str(Notice.objects.get(ocid="ocds-gowns").pk)
    assert after[gowns].features.title == "Surgical gowns, amended" and after[gowns] is not before[gowns]
    assert all(after[pk] is before[pk] for pk in before if pk != gowns)  # read and counted once
