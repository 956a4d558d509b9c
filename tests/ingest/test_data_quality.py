"""One notice per procurement, test records, readable texts: real examples from ../shared/data, both databases."""

import pytest

from tenderbridge.ingest import services
from tenderbridge.ingest.tidy import tidy_notices
from tenderbridge.matching.notices import open_notices
from tenderbridge.opportunities.models import Notice, Party
from tenderbridge.search.models import IndexEntry, SearchDocument

pytestmark = pytest.mark.django_db

BLUETAIL = "ocds-uk-contracts-finder-bluetail-2020/ocds"
RM6059 = "7c4fff5d-f67a-4b9e-8f00-926a366f0b24"  # "RM6059 Office Supplies Lot 2", Crown Commercial Service
RM6059_FILES = [
    f"json_1_1_bods_match/ocds-b5fd17bodsmatch-{RM6059}.json",
    f"json_1_1_raw/ocds-b5fd17raw-{RM6059}.json",
    f"json_1_1_supplier_ids_match/ocds-b5fd17suppliermatch-{RM6059}.json",
]
SELL2WALES = "ocds-uk-contracts-finder-2025q1-cfserver/sell2wales_release_package.json"
TED = "ted-eforms-notices-norway-2022-2024/xml"


@pytest.fixture
def rm6059(real_data):
    return services.ingest([real_data / BLUETAIL / name for name in RM6059_FILES])


def test_one_tender_under_three_ocids_is_shown_once_and_kept_three_times(rm6059):
    notices = Notice.objects.filter(title="RM6059 Office Supplies Lot 2")
    assert notices.count() == 3  # nothing is deleted: provenance
    shown = list(notices.visible())
    assert len(shown) == 1
    canonical = shown[0]
    assert set(notices.hidden().values_list("canonical_id", flat=True)) == {canonical.pk}
    assert set(SearchDocument.objects.filter(notice__in=notices).values_list("notice_id", flat=True)) == {canonical.pk}
    assert set(IndexEntry.objects.filter(notice__in=notices).values_list("notice_id", flat=True)) == {canonical.pk}
    assert sum(f.notices_duplicate for f in rm6059.files.all()) == 2


def test_the_canonical_page_lists_the_other_publications_and_a_copy_points_to_it(client, rm6059):
    canonical = Notice.objects.visible().get(title="RM6059 Office Supplies Lot 2")
    copies = list(canonical.copies.order_by("pk"))
    page = client.get(f"/en/opportunities/{canonical.ocid}/").content.decode()
    assert "Also published as" in page
    for copy in copies:
        assert f"/en/opportunities/{copy.ocid}/" in page
    copy_page = client.get(f"/zh-hans/opportunities/{copies[0].ocid}/")
    assert copy_page.status_code == 200  # a copy's own URL still works
    assert f"/zh-hans/opportunities/{canonical.ocid}/" in copy_page.content.decode()
    body = client.get(f"/api/v1/opportunities/{copies[0].ocid}").json()["notice"]
    assert body["also_published_as"]["canonical"] == canonical.ocid
    assert client.get(f"/api/v1/opportunities/{canonical.ocid}").json()["notice"]["also_published_as"] == {
        "canonical": None,
        "others": [c.ocid for c in sorted(copies, key=lambda c: (c.published, c.pk))],
    }


def test_hidden_notices_stay_out_of_feeds(rm6059):
    from datetime import UTC, datetime

    ids = set(open_notices(datetime(2020, 1, 1, tzinfo=UTC)).values_list("pk", flat=True))
    assert ids == set(Notice.objects.visible().filter(title="RM6059 Office Supplies Lot 2").values_list("pk", flat=True))


def test_sell2wales_repeats_are_grouped_and_its_test_record_flagged_with_counts(real_data):
    job = services.ingest([real_data / SELL2WALES])
    report = job.files.get()
    stored = Notice.objects.count()
    assert stored == report.notices_created  # every notice read is stored
    pool = Notice.objects.filter(title="Swimming Pool Maintenance")
    assert pool.count() == 2 and pool.visible().count() == 1  # the same CAV-OJEU-PROJECT_58642, twice
    outreach = Notice.objects.filter(title__startswith="Alternatives to Admission Community Assertive Outreach")
    assert outreach.count() == 2 and outreach.visible().count() == 1  # the same Sell2Wales ID 139448
    natasha = Notice.objects.get(title="Test Natasha")
    assert natasha.placeholder == "test_record"
    assert not SearchDocument.objects.filter(notice=natasha).exists()
    assert report.notices_placeholder == Notice.objects.exclude(placeholder="").count() >= 1
    assert report.notices_duplicate == Notice.objects.exclude(canonical=None).count() >= 2
    # Real notices that mention a test are not flagged
    assert Notice.objects.filter(title__icontains="test").exclude(placeholder="").count() == 1


def test_ted_test_and_template_records_are_flagged(real_data):
    services.ingest(
        [real_data / TED / "ContractNotice_pin-cfc-social_2024-111079.xml", real_data / TED / "can_24_maximal.xml"]
    )
    assert dict(Notice.objects.values_list("title", "placeholder")) == {
        "Dzmitry PROD Test": "test_record",
        "Procurement Title ---": "placeholder_text",
    }
    assert Notice.objects.visible().count() == 0


def test_entities_are_decoded_once_at_ingest(real_data):
    services.ingest([real_data / BLUETAIL / "json_1_1_bods_match/ocds-b5fd17bodsmatch-07a2a1c4-9bb0-4a85-ba73-7995ef14ad68.json"])
    assert Notice.objects.get().title == "Fusion21 Heating & Renewables Framework"  # was "&amp;"


def test_tidy_applies_the_rules_to_notices_stored_before_them(rm6059):
    notices = Notice.objects.filter(title="RM6059 Office Supplies Lot 2")
    notices.update(canonical=None, block_key="")  # as stored before the rules existed
    Notice.objects.filter(pk=notices[0].pk).update(title="RM6059 Office Supplies Lot 2 &amp;amp;")
    Party.objects.filter(pk=notices[0].buyer_id).update(name="Crown Commercial Service &amp;amp; Co")
    from tenderbridge.search.services import index_notices

    index_notices(notices.values_list("pk", flat=True))
    report = tidy_notices()
    assert report.texts_repaired == 1 and report.parties_renamed == 1
    assert Party.objects.get(pk=notices[0].buyer_id).name == "Crown Commercial Service & Co"
    assert len(report.groups) == 1 and report.copies == 2
    assert notices.visible().count() == 1
    assert SearchDocument.objects.filter(notice__in=notices).count() == 1
    again = tidy_notices()  # a second run changes nothing
    assert (again.texts_repaired, again.parties_renamed, again.withdrawn, again.indexed) == (0, 0, 0, 0)
    assert Notice.objects.count() == 3


def _solar_release():
    return {
        "ocid": "ocds-x-solar",
        "id": "r1",
        "date": "2024-03-01T00:00:00Z",
        "tag": ["tender"],
        "buyer": {"id": "B1", "name": "Oslo kommune"},
        "parties": [{"id": "B1", "name": "Oslo kommune", "roles": ["buyer"]}],
        "tender": {
            "id": "T1",
            "title": "Solcellepaneler til skolebygg",
            "description": "Levering og montering av solcellepaneler på tre skoler.",
            "items": [{"id": "1", "classification": {"scheme": "CPV", "id": "09331000-8", "description": "Solar panels"}}],
        },
    }


def test_solar_panels_map_to_power_generation_and_stored_notices_are_recomputed(tmp_path):
    import json

    from tenderbridge.ingest.recategorise import recategorise_notices
    from tenderbridge.opportunities.models import NoticeCategory

    path = tmp_path / "solar.json"
    path.write_text(json.dumps({"version": "1.1", "releases": [_solar_release()]}))
    services.ingest([path])
    notice = Notice.objects.get()
    codes = set(notice.categories.values_list("code", flat=True))
    assert "15130000" not in codes and {"26110000", "26130000"} <= codes
    # As stored under the old crosswalk (093 -> Fuel for nuclear reactors)
    NoticeCategory.objects.filter(notice=notice, code="26130000").delete()
    NoticeCategory.objects.create(notice=notice, code="15130000", segment="15000000", family="15130000", origin="crosswalk")
    result = recategorise_notices()
    assert (result.notices_changed, result.added, result.removed) == (1, 1, 1)
    assert set(notice.categories.values_list("code", flat=True)) == codes
    assert recategorise_notices().notices_changed == 0


def test_the_ingest_command_reports_hidden_notices(real_data):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("ingest", str(real_data / TED / "ContractNotice_pin-cfc-social_2024-111079.xml"), stdout=out)
    text = out.getvalue()
    assert "test" in text.splitlines()[1] and "copies" in text.splitlines()[1]  # the table's header
    assert "hidden from users: 1 test or placeholder records, 0 other publications of a procurement" in text
