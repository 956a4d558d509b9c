"""Ingest: read files through a source module, stage raw releases, compile notices, store them.

A file streams through in batches. Per batch: new or changed raw releases are staged, every ocid they touch is
recompiled from all its releases (ocdsmerge, rules from lib/ocds/merge_rules), normalised
(lib/ocds/normalise) and written — all of it in one transaction. If that transaction fails, the batch is
redone one ocid per transaction, so one bad notice is rejected with its reason and the rest go in; a notice is
never left half-written.
"""

import gc
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePath

import orjson
from django.db import DatabaseError, connection, reset_queries, transaction
from django.utils import timezone
from ocdsmerge.exceptions import OCDSMergeError

from tenderbridge.lib import sources
from tenderbridge.lib.ocds import prepare
from tenderbridge.lib.sources.base import FileRejected, Rejection
from tenderbridge.opportunities.models import Notice

from . import bulk, store
from .models import RELEASE_ID_CHARS, IngestFile, IngestJob, RawRelease
from .models import Rejection as RejectionRow

logger = logging.getLogger(__name__)


def ingest(paths: Iterable[str | Path], kind: str | None = None, source=None) -> IngestJob:
    """Ingest files (or folders of files) in one job; each file is reported on its own."""
    job = IngestJob.objects.create(source=source)
    try:
        with _fewer_collections(), _fewer_checkpoints():
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


@contextmanager
def _fewer_collections():
    """Python's cycle collector, while ingest runs, leaves out what was alive before (Django, the app: it would
    walk it all at every full pass) and runs a tenth as often: a batch's rows make no reference cycles, and the
    collector's passes over them cost 2.5 s of the 50k benchmark's database process."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(before[0] * 10, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


CHECKPOINT_PAGES = 16384  # SQLite pages (64 MB) the write-ahead log may grow to while a job writes


@contextmanager
def _fewer_checkpoints():
    """On SQLite, this connection moves the write-ahead log into the database every CHECKPOINT_PAGES pages
    rather than every 1,000 (the default) while the job runs, then once at its end: a 1,000-release batch
    writes some 20 MB, so each commit checkpointed several times, rewriting the same index pages (and syncing
    the file) each time. Only when the work is copied changes, not what a commit guarantees (synchronous=NORMAL
    in WAL mode, as configured), and readers go on reading meanwhile."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = cursor.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        cursor.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


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
        _ingest_items(report, source.name, path)
    except FileRejected as rejected:
        _save_rejections(report, [rejected.as_rejection()])
    except FileNotFoundError:
        _save_rejections(report, [Rejection("file", "not_found", f"There is no file at {path}.")])
    report.seconds = round(time.perf_counter() - started, 3)
    report.save()
    logger.info("ingested file", extra={"file": str(path), **report.counts(), "seconds": report.seconds})
    return report


def _ingest_items(report: IngestFile, kind: str, path: Path) -> None:
    for batch in prepare.batches(kind, path):
        _save_rejections(report, batch.rejections)
        if batch.releases:
            _process_batch(report, kind, batch)


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


def _process_batch(report: IngestFile, kind: str, batch: prepare.Batch) -> None:
    reset_queries()  # with DEBUG on, Django keeps every statement: a big ingest would hold them all
    report.releases_read += batch.count
    try:
        with transaction.atomic():
            stored = _stage_and_store(report, kind, batch, list(batch.releases))
    except (DatabaseError, OCDSMergeError):
        logger.exception("batch failed; retrying one notice at a time", extra={"file": report.name})
        stored = _one_ocid_at_a_time(report, kind, batch)
    report.notices_created += len(stored.created)
    report.notices_updated += len(stored.updated)
    report.notices_unchanged += stored.unchanged
    report.notices_placeholder += stored.placeholders
    report.notices_duplicate += stored.duplicates
    _save_rejections(report, stored.conflicts)  # after the commit: a retried batch does not count them twice
    _after_batch(stored)


def _after_batch(stored: store.Stored) -> None:
    """Work that follows a stored batch goes here, given the ids of the notices it created and changed
    (`stored.created`, `stored.updated`; unchanged notices are not in them), e.g. a task that refreshes what is
    derived from a notice's text, enqueued once per batch. The batch's writes are done (committed, unless the
    caller holds an outer transaction: enqueue through `transaction.on_commit`)."""


def _one_ocid_at_a_time(report: IngestFile, kind: str, batch: prepare.Batch) -> store.Stored:
    total = store.Stored()
    for ocid, releases in batch.releases.items():
        try:
            with transaction.atomic():
                stored = _stage_and_store(report, kind, batch, [ocid])
        except OCDSMergeError as error:  # with the releases stored before, this process cannot be merged
            position = next(iter(releases.values())).position
            reason = prepare.merge_reason(ocid, error)
            _save_rejections(report, [Rejection(position, "could_not_merge", reason)], ocid=ocid)
            continue
        except DatabaseError as error:
            position = next(iter(releases.values())).position
            reason = (
                f"The notice {ocid} could not be stored ({error.__class__.__name__}: {str(error)[:200]})."
            )
            _save_rejections(report, [Rejection(position, "could_not_store", reason)], ocid=ocid)
            continue
        total.created += stored.created
        total.updated += stored.updated
        total.unchanged += stored.unchanged
        total.conflicts += stored.conflicts
        total.placeholders += stored.placeholders
        total.duplicates += stored.duplicates
    return total


def _stage_and_store(report: IngestFile, kind: str, batch: prepare.Batch, ocids: list[str]) -> store.Stored:
    changed, with_older, conflicts = _stage(report, batch, ocids)
    compiled = {o: batch.compiled[o] for o in changed if o not in with_older}
    compiled.update(_recompile(batch, with_older))
    stored = store.store_notices(report, kind, compiled)
    stored.unchanged += len(ocids) - len(changed)
    stored.conflicts = conflicts
    return stored


def _stage(
    report: IngestFile, batch: prepare.Batch, ocids: list[str]
) -> tuple[set[str], set[str], list[Rejection]]:
    """Write new and changed raw releases; return the ocids that changed, and those of them that also have
    releases stored before this batch (their compiled release must be made from all of them).

    A release id names one release. One that comes back with other content replaces the stored copy when it is
    dated later, or when it comes from the same input (the same file, or the same registered feed: a
    publisher correcting itself); from another file with a date no later, it is refused as a conflict and the
    stored copy is kept. Otherwise two files of one folder that disagree (the 17 publishers' samples have 75
    such releases) would overwrite each other on every ingest, and a second ingest would not be a no-op."""
    raw, files, jobs = RawRelease._meta.db_table, IngestFile._meta.db_table, IngestJob._meta.db_table
    stored: dict[tuple[str, str], tuple[int, str, str, int | None, str]] = {
        (o, r): (pk, fp, name or "", source, date or "")
        for pk, o, r, fp, name, source, date in bulk.select_in(
            f'SELECT r.id, r.ocid, r.release_id, r.fingerprint, f.name, j.source_id, r.date FROM "{raw}" r '
            f'LEFT JOIN "{files}" f ON f.id = r.file_id LEFT JOIN "{jobs}" j ON j.id = f.job_id WHERE r.ocid IN %s',
            ocids,
        )
    }
    source = report.job.source_id
    writes, changed, conflicts, conflicted = [], set(), [], set()
    for ocid in ocids:
        for release_id, release in batch.releases[ocid].items():
            known = stored.get((ocid, release_id))
            if known is not None and known[1] == release.fingerprint:
                continue
            if known is not None and _conflicts(known, release, report.name, source):
                conflicts.append(_conflict(ocid, release_id, release, known[2]))
                conflicted.add(ocid)
                continue
            writes.append((ocid, release_id, release, known))
            changed.add(ocid)
    # A notice with a refused release is compiled from what is stored, not from the batch's copy.
    with_older = {o for (o, r) in stored if o in changed and (r not in batch.releases[o] or o in conflicted)}
    new, updated = [], []
    for ocid, release_id, release, known in writes:
        row = (
            release.date,
            orjson.dumps(release.tags).decode(),
            _raw_data(batch, ocid, release_id, release, ocid in with_older),
            release.fingerprint,
            report.pk,
            release.position[:300],
        )
        if known is None:
            new.append((ocid, release_id[:300], *row))
        else:
            updated.append((*row, known[0]))
    columns = ["date", ("tags", bulk.JSON), ("data", bulk.JSON), "fingerprint", "file_id", "position"]
    bulk.insert(RawRelease, ["ocid", "release_id", *columns], new)
    bulk.update(RawRelease, columns, updated)
    return changed, with_older, conflicts


def _raw_data(batch: prepare.Batch, ocid: str, release_id: str, release: prepare.Release, with_older: bool) -> str:
    """The JSON to store as a raw release's data: "null" for a release its notice's compiled release holds
    (`Release.in_compiled`: half the JSON a batch writes), unless the notice is compiled from more releases."""
    if not release.in_compiled:
        return release.json.decode()
    if not with_older and len(release_id) <= RELEASE_ID_CHARS:
        return "null"
    return prepare.release_json(batch.compiled[ocid].data, release_id, release.tags).decode()


def _conflicts(known: tuple, release, name: str, source: int | None) -> bool:
    """Whether a changed release must be refused: it comes from another input and is dated no later."""
    _pk, _fingerprint, known_name, known_source, known_date = known
    same_input = not known_name or known_name == name or (source is not None and known_source == source)
    return not same_input and not _later(release.date, known_date)


def _later(date: str, than: str) -> bool:
    """Whether release date `date` is after `than` (ISO 8601 as written; compared as text when unreadable)."""
    try:
        return _moment(date) > _moment(than)
    except ValueError:
        return date > than


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _conflict(ocid: str, release_id: str, release, other: str) -> Rejection:
    reason = (
        f"Release {release_id} of {ocid} was already read from {PurePath(other).name}, dated the same or later "
        "and with other content; that copy is kept (a release id names one release: new information needs a "
        "later date or a new release id)."
    )
    return Rejection(release.position, "conflicting_release", reason)


def _recompile(batch: prepare.Batch, ocids: set[str]) -> dict[str, prepare.Compiled]:
    """Compile from every stored release (this batch's are stored by now) for ocids with older releases."""
    if not ocids:
        return {}
    groups = {ocid: [release for _pk, release in releases] for ocid, releases in raw_releases(ocids).items()}
    return {ocid: prepare.compile_ocid(releases) for ocid, releases in groups.items()}


def raw_releases(ocids: Iterable[str]) -> dict[str, list[tuple[int, dict]]]:
    """The stored releases of these ocids, (row id, release) in the order they were read (ocdsmerge sorts by
    date, and keeps that order among equal dates). A release kept only in its notice's compiled release (data
    null: see `_raw_data`) is rebuilt from it and written out in full, in the caller's transaction: the notice
    is about to change (a release joins it, or it goes)."""
    ocids = list(ocids)
    rows = bulk.select_in(
        f'SELECT id, ocid, release_id, tags, data FROM "{RawRelease._meta.db_table}" WHERE ocid IN %s', ocids
    )
    elided = {ocid for _pk, ocid, _rid, _tags, data in rows if _json(data) is None}
    compiled = (
        dict(Notice.objects.filter(ocid__in=elided).values_list("ocid", "compiled_release")) if elided else {}
    )
    found: dict[str, list[tuple[int, dict]]] = {}
    rebuilt = []
    for pk, ocid, release_id, tags, data in sorted(rows):
        release = _json(data)
        if release is None:
            release = prepare.release_of(compiled[ocid], release_id, _json(tags) or ())
            rebuilt.append((orjson.dumps(release, option=orjson.OPT_SORT_KEYS).decode(), pk))
        found.setdefault(ocid, []).append((pk, release))
    bulk.update(RawRelease, [("data", bulk.JSON)], rebuilt)
    return found


def _json(value):
    """A JSON column's value as the driver returns it: text on SQLite, decoded already by psycopg."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value
