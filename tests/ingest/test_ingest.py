import gzip
import json

import pytest

from tenderbridge.ingest import services, store
from tenderbridge.ingest.models import IngestFile, RawRelease, Rejection
from tenderbridge.opportunities.models import Award, Item, Notice, NoticeCategory, Party

pytestmark = pytest.mark.django_db

UK_2025 = (
    "ocds-uk-contracts-finder-2025q1-cfserver/contracts_finder_england_2025-01_2025-03_release_package.json"
)


def release(ocid, rid, date, title, **tender):
    return {
        "ocid": ocid,
        "id": rid,
        "date": date,
        "tag": ["tender"],
        "buyer": {"id": "B1", "name": "UNICEF Supply Division"},
        "parties": [
            {
                "id": "B1",
                "name": "UNICEF Supply Division",
                "roles": ["buyer"],
                "address": {"countryName": "Denmark"},
            }
        ],
        "tender": {
            "id": "T1",
            "title": title,
            "tenderPeriod": {"endDate": "2024-04-02T17:00:00+08:00"},
            "items": [
                {
                    "id": "1",
                    "description": "gloves",
                    "classification": {"scheme": "UNSPSC", "id": "42132203", "description": "Gloves"},
                }
            ],
            **tender,
        },
    }


def package(tmp_path, name, *releases):
    path = tmp_path / name
    path.write_text(json.dumps({"version": "1.1", "releases": list(releases)}))
    return path


def only_file(job) -> IngestFile:
    return job.files.get()


def test_a_real_package_ingests_with_counts(real_data):
    report = only_file(services.ingest([real_data / UK_2025]))
    assert report.source_kind == "ocds"
    assert report.releases_read == 200
    assert report.notices_created == Notice.objects.count() > 150
    assert report.rejected == 0
    assert Award.objects.exists() and Party.objects.filter(is_supplier=True).exists()


def test_ingesting_the_same_file_twice_changes_nothing(real_data):
    services.ingest([real_data / UK_2025])
    before = (Notice.objects.count(), RawRelease.objects.count(), Item.objects.count(), Party.objects.count())
    updated = list(Notice.objects.order_by("pk").values_list("updated", flat=True))
    second = only_file(services.ingest([real_data / UK_2025]))
    assert (second.notices_created, second.notices_updated) == (0, 0)
    assert second.notices_unchanged == before[0]
    assert (
        Notice.objects.count(),
        RawRelease.objects.count(),
        Item.objects.count(),
        Party.objects.count(),
    ) == before
    assert list(Notice.objects.order_by("pk").values_list("updated", flat=True)) == updated


def test_a_newer_release_updates_the_notice(tmp_path):
    services.ingest(
        [package(tmp_path, "a.json", release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Old title"))]
    )
    report = only_file(
        services.ingest(
            [package(tmp_path, "b.json", release("ocds-x-1", "r2", "2024-03-05T00:00:00Z", "New title"))]
        )
    )
    assert report.notices_updated == 1
    notice = Notice.objects.get(ocid="ocds-x-1")
    assert notice.title == "New title"
    assert RawRelease.objects.filter(ocid="ocds-x-1").count() == 2
    assert notice.items.count() == 1  # children replaced, not duplicated


def test_it_keeps_the_deadline_in_utc_with_the_source_zone(tmp_path):
    services.ingest(
        [package(tmp_path, "a.json", release("ocds-x-2", "r1", "2024-03-01T00:00:00Z", "Gloves"))]
    )
    notice = Notice.objects.get(ocid="ocds-x-2")
    assert notice.deadline.isoformat() == "2024-04-02T09:00:00+00:00"
    assert notice.deadline_timezone == "+08:00"
    assert notice.buyer.name == "UNICEF Supply Division" and notice.buyer_family == "un"
    assert list(NoticeCategory.objects.values_list("code", "family", "origin")) == [
        ("42132203", "42130000", "given")
    ]


def test_it_rejects_a_release_without_ocid_and_takes_the_rest(tmp_path):
    bad = release("", "r1", "2024-03-01T00:00:00Z", "No ocid")
    del bad["ocid"]
    path = package(tmp_path, "mixed.json", bad, release("ocds-x-3", "r1", "2024-03-01T00:00:00Z", "Good"))
    report = only_file(services.ingest([path]))
    assert (report.releases_read, report.notices_created, report.rejected) == (1, 1, 1)
    rejection = Rejection.objects.get()
    assert rejection.code == "missing_ocid" and "releases[0]" in rejection.position
    assert Notice.objects.filter(ocid="ocds-x-3").exists()


def test_a_truncated_file_keeps_what_came_before_and_says_where_it_broke(tmp_path):
    full = json.dumps(
        {"releases": [release(f"ocds-x-{i}", "r", "2024-03-01T00:00:00Z", f"T{i}") for i in range(5)]}
    )
    path = tmp_path / "truncated.json"
    path.write_text(full[: len(full) * 3 // 4])
    report = only_file(services.ingest([path]))
    assert report.notices_created >= 3
    rejection = report.rejections.get()
    assert rejection.code == "invalid_json"
    assert "byte" in rejection.reason or "line" in rejection.reason


def test_a_gzipped_package_is_read(tmp_path):
    path = tmp_path / "p.json.gz"
    path.write_bytes(
        gzip.compress(json.dumps({"releases": [release("ocds-x-9", "r", "2024-01-01", "Zipped")]}).encode())
    )
    assert only_file(services.ingest([path])).notices_created == 1


def test_a_file_that_is_not_data_is_rejected_with_its_name(tmp_path):
    path = tmp_path / "notes.bin"
    path.write_bytes(b"\x00\x01 not a procurement file")
    report = only_file(services.ingest([path]))
    assert report.rejected == 1
    assert "notes.bin" in report.rejections.get().reason


def test_a_missing_file_is_reported(tmp_path):
    report = only_file(services.ingest([tmp_path / "nope.json"]))
    assert report.rejections.get().code == "not_found"


def test_nul_characters_are_dropped_so_every_database_takes_the_release(tmp_path):
    services.ingest([package(tmp_path, "nul.json", release("ocds-x-5", "r", "2024-01-01", "Bad\u0000title"))])
    assert Notice.objects.get(ocid="ocds-x-5").title == "Badtitle"


def test_a_notice_that_cannot_be_stored_is_rejected_whole_and_the_rest_go_in(tmp_path, monkeypatch):
    real_write = store._write_children

    def failing(work, parties):
        if any(pending.ocid == "ocds-x-bad" for pending in work):
            from django.db import DataError

            raise DataError("simulated failure while writing ocds-x-bad")
        return real_write(work, parties)

    monkeypatch.setattr(store, "_write_children", failing)
    path = package(
        tmp_path,
        "p.json",
        release("ocds-x-good", "r", "2024-01-01", "Good"),
        release("ocds-x-bad", "r", "2024-01-01", "Bad"),
    )
    report = only_file(services.ingest([path]))
    assert report.notices_created == 1 and report.rejected == 1
    assert report.rejections.get().code == "could_not_store"
    assert not Notice.objects.filter(ocid="ocds-x-bad").exists()
    assert not RawRelease.objects.filter(ocid="ocds-x-bad").exists()
    assert Notice.objects.get(ocid="ocds-x-good").items.count() == 1


def test_double_encoded_text_is_repaired_on_the_way_in(real_data):
    services.ingest([real_data / UK_2025])
    damaged = [
        n.ocid for n in Notice.objects.all() if any(m in n.title + n.description for m in ("Ã", "â€", "Â£"))
    ]
    assert damaged == []
    assert (
        RawRelease.objects.filter(data__icontains="Kärcher").exists()
        or Notice.objects.filter(description__contains="Kärcher").exists()
    )


@pytest.mark.parametrize("compile_processes", [False, True])
def test_big_files_are_prepared_in_worker_processes_with_the_same_result(real_data, monkeypatch, compile_processes):
    from tenderbridge.lib.ocds import prepare

    in_process = only_file(services.ingest([real_data / UK_2025]))
    expected = sorted(Notice.objects.values_list("ocid", "fingerprint", "title", "buyer__name", "deadline"))
    items = sorted(Item.objects.values_list("notice__ocid", "ocds_id", "description"))
    Notice.objects.all().delete()
    RawRelease.objects.all().delete()
    monkeypatch.setattr(prepare, "WORKER_MIN_BYTES", 0)
    if compile_processes:  # a reader and two compile processes, which also normalise
        monkeypatch.setattr(prepare, "COMPILERS_MIN_BYTES", 0)
        monkeypatch.setattr(services.prepare, "batches", _small_batches(prepare))  # several for each of them
    in_worker = only_file(services.ingest([real_data / UK_2025])).counts()
    if compile_processes:  # an ocid whose releases two batches share is created, then updated
        assert in_worker.pop("notices_updated") > 0 and in_process.notices_updated == 0
        in_worker["notices_updated"] = 0
    assert in_worker == in_process.counts()
    assert sorted(Notice.objects.values_list("ocid", "fingerprint", "title", "buyer__name", "deadline")) == expected
    assert sorted(Item.objects.values_list("notice__ocid", "ocds_id", "description")) == items


def _small_batches(prepare):
    real = prepare.batches

    def batches(kind, path, size=prepare.BATCH):
        return real(kind, path, 30)

    return batches


@pytest.mark.parametrize("compile_processes", [False, True])
def test_a_file_that_worker_processes_refuse_is_reported_as_rejected(tmp_path, monkeypatch, compile_processes):
    from tenderbridge.lib.ocds import prepare

    monkeypatch.setattr(prepare, "WORKER_MIN_BYTES", 0)
    if compile_processes:
        monkeypatch.setattr(prepare, "COMPILERS_MIN_BYTES", 0)
    path = tmp_path / "awards.csv"
    path.write_text(
        "year,agency,table,vendor_country,vendor_name,description,amount_usd,raw_file,raw_line\n"
        "2015,UNDP,Table 1,Denmark,ACME A/S,Gloves,100.00,f.pdf,1\n"
    )
    (tmp_path / "normalize_un.json").write_text("{not json")  # the source refuses the whole file
    report = only_file(services.ingest([path], kind="asr"))
    assert (report.rejected, report.rejections.get().code) == (1, "bad_lookup")


@pytest.mark.parametrize("compile_processes", [False, True])
def test_the_search_documents_ingest_writes_are_the_ones_a_reindex_would_build(
    real_data, tmp_path, monkeypatch, compile_processes
):
    from tenderbridge.lib.ocds import prepare
    from tenderbridge.search.models import IndexEntry, SearchDocument
    from tenderbridge.search.services import build_documents, embedding_hash

    paths = [real_data / UK_2025, real_data / "ted-eforms-notices-norway-2022-2024"]
    if compile_processes:  # the texts are segmented and hashed there, ahead (one file: processes start slowly)
        monkeypatch.setattr(prepare, "WORKER_MIN_BYTES", 0)
        monkeypatch.setattr(prepare, "COMPILERS_MIN_BYTES", 0)
        paths = paths[:1]
    services.ingest(paths)
    # The same buyer (same identifier) under another name: the document carries the name on its party row.
    renamed = release("ocds-x-renamed", "r1", "2024-03-01T00:00:00Z", "Gloves for clinics")
    known = Party.objects.exclude(identifier="").filter(is_buyer=True).first()
    renamed["parties"][0]["identifier"] = {"scheme": known.scheme, "id": known.identifier}
    renamed["parties"][0]["name"] = "Another name for a known buyer"
    services.ingest([package(tmp_path, "renamed.json", renamed)])
    written = {d.notice_id: (d.title_tokens, d.body_tokens) for d in SearchDocument.objects.all()}
    rebuilt = {d.notice_id: (d.title_tokens, d.body_tokens) for d in build_documents(list(written))}
    # Hidden notices (other publications, test records: docs/ingest.md "Data quality") have no document.
    assert len(written) == Notice.objects.visible().count() > 150
    assert written == rebuilt
    hashes = dict(IndexEntry.objects.values_list("notice_id", "text_hash"))
    assert hashes == {n.pk: embedding_hash(n.title, n.description) for n in Notice.objects.visible()}
    assert "another" not in written[Notice.objects.get(ocid="ocds-x-renamed").pk][1].split()


def test_each_batch_hands_on_the_ids_of_the_notices_it_created_and_changed(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(services, "_after_batch", lambda stored: seen.append(stored))
    services.ingest(
        [
            package(
                tmp_path,
                "a.json",
                release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Old"),
                release("ocds-x-2", "r1", "2024-03-01T00:00:00Z", "Same"),
            )
        ]
    )
    services.ingest(
        [
            package(
                tmp_path,
                "b.json",
                release("ocds-x-1", "r2", "2024-03-02T00:00:00Z", "New"),
                release("ocds-x-2", "r1", "2024-03-01T00:00:00Z", "Same"),
            )
        ]
    )
    ids = dict(Notice.objects.values_list("ocid", "pk"))
    assert sorted(seen[0].created) == sorted(ids.values()) and seen[0].updated == []
    assert (seen[1].created, seen[1].updated, seen[1].unchanged) == ([], [ids["ocds-x-1"]], 1)


def test_a_release_that_another_file_gave_other_content_is_refused_and_a_second_ingest_changes_nothing(
    tmp_path,
):
    folder = tmp_path / "folder"
    folder.mkdir()
    package(folder, "a.json", release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "First title"))
    package(folder, "b.json", release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Other title"))
    first = services.ingest([folder])
    a, b = first.files.order_by("name")
    assert (a.notices_created, b.rejected) == (1, 1)
    rejection = b.rejections.get()
    assert (
        rejection.code == "conflicting_release" and "a.json" in rejection.reason and "r1" in rejection.reason
    )
    assert Notice.objects.get(ocid="ocds-x-1").title == "First title"
    updated = Notice.objects.get(ocid="ocds-x-1").updated

    second = services.ingest([folder])
    counts = [
        (f.notices_created, f.notices_updated, f.notices_unchanged, f.rejected)
        for f in second.files.order_by("name")
    ]
    assert counts == [(0, 0, 1, 0), (0, 0, 1, 1)]  # b: its notice left as it is, its release refused again
    assert Notice.objects.get(ocid="ocds-x-1").updated == updated


def test_the_same_file_may_correct_a_release_it_gave_before(tmp_path):
    services.ingest(
        [package(tmp_path, "a.json", release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Typo titel"))]
    )
    report = only_file(
        services.ingest(
            [package(tmp_path, "a.json", release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Title"))]
        )
    )
    assert (report.notices_updated, report.rejected) == (1, 0)
    assert Notice.objects.get(ocid="ocds-x-1").title == "Title"


def _awards_as(kind, ocid, rid, date):
    """A release whose `awards` is a list (as OCDS says) or, wrongly, one object (as one real publisher wrote)."""
    body = release(ocid, rid, date, "Gloves")
    award = {"id": "A1", "title": "Gloves", "status": "active"}
    body["awards"] = [award] if kind == "list" else award
    return body


def test_releases_that_cannot_be_merged_are_rejected_and_the_rest_of_the_file_goes_in(tmp_path):
    path = package(tmp_path, "mixed.json",
                   _awards_as("list", "ocds-a", "r1", "2024-03-01T00:00:00Z"),
                   _awards_as("object", "ocds-a", "r2", "2024-03-02T00:00:00Z"),
                   release("ocds-b", "r1", "2024-03-01T00:00:00Z", "Masks"))
    report = only_file(services.ingest([path]))
    assert report.rejected == 2 and set(Rejection.objects.values_list("code", flat=True)) == {"could_not_merge"}
    assert "ocds-a cannot be merged" in Rejection.objects.first().reason
    assert list(Notice.objects.values_list("ocid", flat=True)) == ["ocds-b"]
    assert not RawRelease.objects.filter(ocid="ocds-a").exists()  # nothing half-written


def test_a_release_that_cannot_be_merged_with_the_stored_ones_is_rejected_and_nothing_of_it_stays(tmp_path):
    services.ingest([package(tmp_path, "first.json", _awards_as("list", "ocds-a", "r1", "2024-03-01T00:00:00Z"))])
    later = package(tmp_path, "later.json", _awards_as("object", "ocds-a", "r2", "2024-03-02T00:00:00Z"),
                    release("ocds-b", "r1", "2024-03-01T00:00:00Z", "Masks"))
    report = only_file(services.ingest([later]))
    assert report.rejected == 1 and Rejection.objects.get().code == "could_not_merge"
    assert list(RawRelease.objects.filter(ocid="ocds-a").values_list("release_id", flat=True)) == ["r1"]
    assert Notice.objects.filter(ocid="ocds-b").exists()
    assert Notice.objects.get(ocid="ocds-a").title == "Gloves"  # as the first file left it


def _fingerprint(release: dict) -> str:
    import hashlib

    import orjson

    return hashlib.sha1(orjson.dumps(release, option=orjson.OPT_SORT_KEYS)).hexdigest()


def test_a_release_its_notice_holds_is_stored_once_and_rebuilt_exactly(real_data):
    services.ingest([real_data / UK_2025, real_data / "ted-eforms-notices-norway-2022-2024"])
    raws = list(RawRelease.objects.all())
    once = [raw for raw in raws if raw.data is None]
    assert len(once) > len(raws) / 3  # most notices are made of one plain release
    # Rebuilt from the notice's compiled release, each is the release as read: its fingerprint says so.
    assert [_fingerprint(raw.release()) for raw in raws] == [raw.fingerprint for raw in raws]


def test_a_release_stored_once_is_written_out_when_its_notice_gains_a_release(tmp_path):
    first = release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Old title")
    second = release("ocds-x-1", "r2", "2024-03-05T00:00:00Z", "New title")
    services.ingest([package(tmp_path, "a.json", first)])
    assert RawRelease.objects.get(release_id="r1").data is None
    services.ingest([package(tmp_path, "b.json", second)])
    assert RawRelease.objects.get(release_id="r1").data == first
    assert RawRelease.objects.get(release_id="r2").data == second
    both = Notice.objects.get(ocid="ocds-x-1")
    # The same notice as the two releases ingested together.
    Notice.objects.all().delete()
    RawRelease.objects.all().delete()
    services.ingest([package(tmp_path, "ab.json", first, second)])
    again = Notice.objects.get(ocid="ocds-x-1")
    assert (again.title, again.fingerprint, again.compiled_release) == (
        "New title",
        both.fingerprint,
        both.compiled_release,
    )


def test_a_deleted_notice_leaves_its_releases_in_full(tmp_path):
    services.ingest([package(tmp_path, "a.json", release("ocds-x-1", "r1", "2024-03-01T00:00:00Z", "Gloves"))])
    raw = RawRelease.objects.get()
    assert raw.data is None
    expected = raw.release()
    Notice.objects.get(ocid="ocds-x-1").delete()
    raw.refresh_from_db()
    assert raw.data == expected and raw.data["tender"]["title"] == "Gloves"
