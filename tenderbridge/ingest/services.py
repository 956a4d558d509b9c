"""Ingest: read files through a source module, stage raw releases, compile notices, store them.

A file streams through in batches. Per batch: new or changed raw releases are staged, every ocid they touch is
recompiled from all its releases (ocdsmerge, rules from lib/ocds/merge_rules), normalised
(lib/ocds/normalise) and written — all of it in one transaction. If that transaction fails, the batch is
redone one ocid per transaction, so one bad notice is rejected with its reason and the rest go in; a notice is
never left half-written.
"""

import hashlib
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.db import DatabaseError, reset_queries, transaction
from django.utils import timezone

from tenderbridge.lib import sources
from tenderbridge.lib.ocds.compile import compile_group
from tenderbridge.lib.sources.base import FileRejected, Rejection, SourceRecord
from tenderbridge.lib.textrepair import repair_release

from . import bulk, store
from .models import IngestFile, IngestJob, RawRelease
from .models import Rejection as RejectionRow

logger = logging.getLogger(__name__)

BATCH = 1000  # releases per transaction: large enough for bulk writes, small enough to bound memory


@dataclass(frozen=True)
class Release:
    data: dict
    position: str
    fingerprint: str
    json: str


@dataclass
class Staged:
    """The releases of one batch: ocid -> release id -> Release."""

    releases: dict[str, dict[str, Release]] = field(default_factory=dict)


def ingest(paths: Iterable[str | Path], kind: str | None = None, source=None) -> IngestJob:
    """Ingest files (or folders of files) in one job; each file is reported on its own."""
    job = IngestJob.objects.create(source=source)
    try:
        for path in expand(paths):
            ingest_file(job, path, kind)
    except Exception as error:
        IngestJob.objects.filter(pk=job.pk).update(
            status=IngestJob.Status.FAILED, error=repr(error), finished=timezone.now()
        )
        raise
    IngestJob.objects.filter(pk=job.pk).update(status=IngestJob.Status.DONE, finished=timezone.now())
    job.refresh_from_db()
    return job


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; the files of a folder (recursively, sorted; hidden files and SOURCE.md skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and not _is_documentation(child):
                    yield child
        else:
            yield path


def _is_documentation(path: Path) -> bool:
    # Data folders carry their README/SOURCE notes (README.md, README.md.upstream): not data.
    return bool({suffix.lower() for suffix in path.suffixes} & {".md", ".txt", ".pdf"})


def ingest_file(job: IngestJob, path: Path, kind: str | None = None) -> IngestFile:
    started = time.perf_counter()
    report = IngestFile.objects.create(job=job, name=str(path))
    try:
        if not path.is_file():
            raise FileNotFoundError(path)
        source = sources.get(kind) if kind else sources.detect(path)
        report.source_kind = source.name
        _ingest_items(report, source.name, source.read(path))
    except FileRejected as rejected:
        _save_rejections(report, [rejected.as_rejection()])
    except FileNotFoundError:
        _save_rejections(report, [Rejection("file", "not_found", f"There is no file at {path}.")])
    report.seconds = round(time.perf_counter() - started, 3)
    report.save()
    logger.info("ingested file", extra={"file": str(path), **report.counts(), "seconds": report.seconds})
    return report


def _ingest_items(report: IngestFile, kind: str, items: Iterator) -> None:
    batch: list[SourceRecord] = []
    rejections: list[Rejection] = []
    for item in items:
        if isinstance(item, SourceRecord):
            batch.append(item)
            if len(batch) >= BATCH:
                _process_batch(report, kind, batch)
                batch = []
        else:
            rejections.append(item)
            if len(rejections) >= BATCH:
                _save_rejections(report, rejections)
                rejections = []
    if batch:
        _process_batch(report, kind, batch)
    _save_rejections(report, rejections)


def _save_rejections(report: IngestFile, rejections: list[Rejection], ocid: str = "") -> None:
    if not rejections:
        return
    RejectionRow.objects.bulk_create(
        RejectionRow(
            file=report, position=r.position[:300], code=r.code[:40], reason=r.reason, ocid=ocid[:200]
        )
        for r in rejections
    )
    report.rejected += len(rejections)


def _process_batch(report: IngestFile, kind: str, batch: list[SourceRecord]) -> None:
    reset_queries()  # with DEBUG on, Django keeps every statement: a big ingest would hold them all
    report.releases_read += len(batch)
    staged = _group(batch)
    try:
        with transaction.atomic():
            counts = _stage_and_store(report, kind, staged, staged.releases.keys())
    except DatabaseError:
        logger.exception("batch failed; retrying one notice at a time", extra={"file": report.name})
        counts = _one_ocid_at_a_time(report, kind, staged)
    report.notices_created += counts["created"]
    report.notices_updated += counts["updated"]
    report.notices_unchanged += counts["unchanged"]


def _one_ocid_at_a_time(report: IngestFile, kind: str, staged: Staged) -> dict[str, int]:
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    for ocid, releases in staged.releases.items():
        try:
            with transaction.atomic():
                counts = _stage_and_store(report, kind, staged, [ocid])
        except DatabaseError as error:
            position = next(iter(releases.values())).position
            reason = (
                f"The notice {ocid} could not be stored ({error.__class__.__name__}: {str(error)[:200]})."
            )
            _save_rejections(report, [Rejection(position, "could_not_store", reason)], ocid=ocid)
            continue
        for key, value in counts.items():
            totals[key] += value
    return totals


def _group(batch: list[SourceRecord]) -> Staged:
    staged = Staged()
    for record in batch:
        release, dumped = _clean(record.release)
        ocid, release_id = str(release["ocid"]), str(release["id"])
        fp = hashlib.sha1(dumped.encode()).hexdigest()
        staged.releases.setdefault(ocid, {})[release_id] = Release(release, record.position, fp, dumped)
    return staged


def _clean(release: dict) -> tuple[dict, str]:
    """The release with mojibake repaired (lib/textrepair) and NUL characters dropped (PostgreSQL cannot
    store them in text or jsonb; some exports carry them), and its JSON — serialised once where possible,
    as this runs for every release and the JSON is what gets stored."""
    dumped = orjson.dumps(release, option=orjson.OPT_SORT_KEYS).decode()
    repaired = repair_release(release, dumped)
    if repaired is not release:
        release, dumped = repaired, orjson.dumps(repaired, option=orjson.OPT_SORT_KEYS).decode()
    if "\\u0000" in dumped:
        dumped = dumped.replace("\\u0000", "")
        release = orjson.loads(dumped)
    return release, dumped


def _stage_and_store(report: IngestFile, kind: str, staged: Staged, ocids: Iterable[str]) -> dict[str, int]:
    ocids = list(ocids)
    changed, existing_other = _stage(report, staged, ocids)
    unchanged = [o for o in ocids if o not in changed]
    compiled = _compile(staged, changed, existing_other)
    counts = store.store_notices(report, kind, compiled)
    counts["unchanged"] += len(unchanged)
    return counts


def _stage(report: IngestFile, staged: Staged, ocids: list[str]) -> tuple[set[str], set[str]]:
    """Write new and changed raw releases; return the ocids that changed and those with other stored releases."""
    stored: dict[tuple[str, str], tuple[int, str]] = {
        (o, r): (pk, fp)
        for pk, o, r, fp in RawRelease.objects.filter(ocid__in=ocids).values_list(
            "pk", "ocid", "release_id", "fingerprint"
        )
    }
    new, updated, changed = [], [], set()
    for ocid in ocids:
        for release_id, release in staged.releases[ocid].items():
            known = stored.get((ocid, release_id))
            if known is not None and known[1] == release.fingerprint:
                continue
            row = (
                str(release.data.get("date") or "")[:64],
                orjson.dumps(_tags(release.data)).decode(),
                release.json,
                release.fingerprint,
                report.pk,
                release.position[:300],
            )
            if known is None:
                new.append((ocid, release_id[:300], *row))
            else:
                updated.append((*row, known[0]))
            changed.add(ocid)
    columns = ["date", ("tags", bulk.JSON), ("data", bulk.JSON), "fingerprint", "file_id", "position"]
    bulk.insert(RawRelease, ["ocid", "release_id", *columns], new)
    bulk.update(RawRelease, columns, updated)
    in_batch = {(o, r) for o in ocids for r in staged.releases[o]}
    others = {o for (o, r) in stored if o in changed and (o, r) not in in_batch}
    return changed, others


def _tags(release: dict) -> list[str]:
    tags = release.get("tag")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def _compile(staged: Staged, changed: set[str], existing_other: set[str]) -> dict[str, tuple[dict, set[str]]]:
    """ocid -> (compiled release, union of the tags of its releases)."""
    releases: dict[str, list[dict]] = {o: [r.data for r in staged.releases[o].values()] for o in changed}
    if existing_other:
        # Only ocids that already had other releases need a trip to the database.
        for ocid, data in RawRelease.objects.filter(ocid__in=existing_other).values_list("ocid", "data"):
            if not any(data.get("id") == r.get("id") for r in releases[ocid]):
                releases[ocid].append(data)
    compiled = {}
    for ocid, group in releases.items():
        tags = {t for release in group for t in _tags(release)}
        release = group[0] if len(group) == 1 and "compiled" in tags else compile_group(group)
        compiled[ocid] = (release, tags)
    return compiled
