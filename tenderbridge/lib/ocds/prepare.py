"""The CPU-bound half of ingest, with no database: read, clean, fingerprint, group, compile (and normalise).

Ingest splits its work in two so both cores of a machine work at once: this half runs in a worker process
(`batches_in_worker`) while the database half (stage, normalise — `Compiled.notice` —, resolve parties, store)
runs in the caller's process on the previous batch. Small files skip the worker (`batches`), as starting a
process costs more than it saves.

A batch's compiled releases are made from that batch's releases only; the database half recompiles the few ocids
that also have releases stored earlier (another batch or an earlier ingest).
"""

import gc
import hashlib
import multiprocessing
import queue as queues
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import orjson
from ocdsmerge.exceptions import OCDSMergeError

from tenderbridge.lib.ocds.compile import compile_group
from tenderbridge.lib.ocds.normalise import NoticeData, normalise
from tenderbridge.lib.sources.base import Item, Rejection, SourceRecord
from tenderbridge.lib.textrepair import repair_release

BATCH = 1000  # releases per batch (and per database transaction)
WORKER_MIN_BYTES = 4 * 1024**2  # smaller files are prepared in-process
COLLECT_EVERY = 10  # batches between the worker's garbage collections (see _work)
_DUMP = orjson.OPT_SORT_KEYS


@dataclass(frozen=True)
class Release:
    release_id: str
    date: str
    tags: tuple[str, ...]
    position: str
    fingerprint: str
    # The cleaned release as UTF-8 JSON with sorted keys: what is stored and fingerprinted. Bytes, not str: they
    # cross the process boundary as they are, where a str is encoded to UTF-8 and decoded again.
    json: bytes


@dataclass(frozen=True)
class Compiled:
    json: bytes  # UTF-8, sorted keys (bytes for the same reason as Release.json)
    fingerprint: str
    tags: frozenset[str]  # the tags of the releases it was compiled from

    @cached_property
    def notice(self) -> NoticeData:
        """Its normalised columns. Made from the JSON where they are used: in the database process (which had
        time to spare while the worker did this), and only for notices that are new or changed; sending them
        over instead cost more, in pickling, than normalising does."""
        return normalise(orjson.loads(self.json), set(self.tags))


@dataclass
class Batch:
    releases: dict[str, dict[str, Release]] = field(default_factory=dict)  # ocid -> release id -> Release
    compiled: dict[str, Compiled] = field(default_factory=dict)  # ocid -> compiled from this batch only
    rejections: list[Rejection] = field(default_factory=list)
    count: int = 0


def clean(release: dict) -> tuple[dict, bytes]:
    """The release with mojibake repaired and NUL characters dropped (PostgreSQL cannot store them in text or
    jsonb; some exports carry them), and its JSON as UTF-8 — serialised once where possible, and kept as bytes
    for the fingerprint, as this runs per release."""
    dumped = orjson.dumps(release, option=_DUMP)
    repaired = repair_release(release, dumped)
    if repaired is not release:
        release, dumped = repaired, orjson.dumps(repaired, option=_DUMP)
    if b"\\u0000" in dumped:
        dumped = dumped.replace(b"\\u0000", b"")
        release = orjson.loads(dumped)
    return release, dumped


def tags_of(release: dict) -> tuple[str, ...]:
    tags = release.get("tag")
    return tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()


def compile_ocid(releases: list[dict], json_text: bytes | None = None) -> Compiled:
    """`json_text`: the JSON of a single release as `clean` wrote it, which saves the compile a look."""
    tags = frozenset(t for release in releases for t in tags_of(release))
    # A compiled release given as input (e.g. a record's compiledRelease) is already the answer.
    compiled = releases[0] if len(releases) == 1 and "compiled" in tags else compile_group(releases, json_text)
    dumped = orjson.dumps(compiled, option=_DUMP)
    return Compiled(dumped, hashlib.sha1(dumped).hexdigest(), tags)


def prepare_batches(items: Iterator[Item], size: int = BATCH) -> Iterator[Batch]:
    batch, parsed = Batch(), {}
    for item in items:
        if isinstance(item, SourceRecord):
            _add(batch, parsed, item)
            if batch.count >= size:
                yield _finish(batch, parsed)
                batch, parsed = Batch(), {}
        else:
            batch.rejections.append(item)
    if batch.count or batch.rejections:
        yield _finish(batch, parsed)


def _add(batch: Batch, parsed: dict, record: SourceRecord) -> None:
    release, dumped = clean(record.release)
    ocid, release_id = str(release["ocid"]), str(release["id"])
    entry = Release(
        release_id,
        str(release.get("date") or "")[:64],
        tags_of(release),
        record.position,
        hashlib.sha1(dumped).hexdigest(),
        dumped,
    )
    batch.releases.setdefault(ocid, {})[release_id] = entry
    parsed.setdefault(ocid, {})[release_id] = (release, dumped)
    batch.count += 1


def _finish(batch: Batch, parsed: dict[str, dict[str, tuple[dict, str]]]) -> Batch:
    for ocid, releases in parsed.items():
        try:
            if len(releases) == 1:
                [(release, dumped)] = releases.values()
                batch.compiled[ocid] = compile_ocid([release], dumped)
            else:
                batch.compiled[ocid] = compile_ocid([release for release, _ in releases.values()])
        except OCDSMergeError as error:
            # Releases of one process that cannot be merged (a field an object in one, a list in another):
            # none of them goes in, each is rejected with the reason; the rest of the batch goes on.
            for entry in batch.releases.pop(ocid).values():
                batch.rejections.append(Rejection(entry.position, "could_not_merge", merge_reason(ocid, error)))
    return batch


def merge_reason(ocid: str, error: Exception) -> str:
    return f"The releases of {ocid} cannot be merged into one notice: {str(error)[:300]}"


def batches(kind: str, path: Path, size: int = BATCH) -> Iterator[Batch]:
    """The prepared batches of a file: in a worker process for big files, in this process for small ones."""
    if Path(path).stat().st_size >= WORKER_MIN_BYTES:
        return batches_in_worker(kind, path, size)
    from tenderbridge.lib import sources

    return prepare_batches(sources.get(kind).read(Path(path)), size)


def batches_in_worker(kind: str, path: Path, size: int = BATCH) -> Iterator[Batch]:
    context = multiprocessing.get_context("spawn")  # a clean process: no inherited database connections
    channel = context.Queue(maxsize=3)  # bounded: the reader never runs far ahead of the database
    worker = context.Process(target=_work, args=(kind, str(path), size, channel), daemon=True)
    worker.start()
    try:
        while True:
            message = _receive(channel, worker)
            if message is None:
                return
            if isinstance(message, BaseException):
                raise message
            yield message
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=10)


def _receive(channel, worker):
    while True:
        try:
            return channel.get(timeout=5)
        except queues.Empty:
            if not worker.is_alive():
                raise RuntimeError(
                    f"the ingest worker process stopped (exit code {worker.exitcode})"
                ) from None


def _work(kind: str, path: str, size: int, channel) -> None:
    from tenderbridge.lib import sources

    # Parsed JSON makes no reference cycles, yet Python's cycle collector kept walking every live release of the
    # batch being built: 12% of this process's time. So it runs here only every few batches, over what is new
    # since start-up (the imported modules are frozen out of its sight).
    gc.freeze()
    gc.disable()
    try:
        for number, batch in enumerate(prepare_batches(sources.get(kind).read(Path(path)), size), start=1):
            channel.put(batch)
            if number % COLLECT_EVERY == 0:
                gc.collect()
        channel.put(None)
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        channel.put(RuntimeError(f"reading {path} failed: {error!r}"))
