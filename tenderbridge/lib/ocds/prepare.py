"""The CPU-bound half of ingest, with no database: read, clean, fingerprint, group, compile, normalise.

Ingest splits its work so that several cores work at once. For a big file, a reader process reads and cleans
the releases and fingerprints them (`_read`), and hands each batch, as JSON, to one of the compile processes in
turn, which compile and normalise it (`_compile`); the database half (stage, resolve parties, store) runs in the
caller's process and takes the batches back in file order (`batches_in_workers`). A file of middling size has
one worker process doing both; small files are prepared in the caller's process (`batches`), as starting a
process costs more than it saves, and their notices are normalised only when the database half finds them new
or changed (`Compiled.notice`).

A batch's compiled releases are made from that batch's releases only; the database half recompiles the few ocids
that also have releases stored earlier (another batch or an earlier ingest).
"""

import gc
import hashlib
import itertools
import multiprocessing
import os
import queue as queues
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import orjson
from ocdsmerge.exceptions import OCDSMergeError

from tenderbridge.lib import embeddings, segment
from tenderbridge.lib.ocds.compile import compile_group
from tenderbridge.lib.ocds.normalise import NoticeData, normalise
from tenderbridge.lib.sources.base import FileRejected, Item, Rejection, SourceRecord
from tenderbridge.lib.textrepair import repair_release

BATCH = 1000  # releases per batch (and per database transaction)
WORKER_MIN_BYTES = 4 * 1024**2  # smaller files are prepared in-process
COMPILERS_MIN_BYTES = 32 * 1024**2  # from this size on, separate compile processes (COMPILERS of them)
COMPILERS = 2
COLLECT_EVERY = 10  # batches between a worker's garbage collections (see _few_collections)
_DUMP = orjson.OPT_SORT_KEYS
_COMPILED_FIELDS = ("json", "fingerprint", "tags", "normalised", "tokens", "embedding_hash")
_COMPILED_OWN = ("id", "tag")  # the fields a single release's compiled release sets for itself (not "date")


@dataclass(frozen=True)
class Release:
    release_id: str
    date: str
    tags: tuple[str, ...]
    position: str
    fingerprint: str
    # The cleaned release as UTF-8 JSON with sorted keys: what is stored and fingerprinted. Bytes, not str: they
    # cross the process boundary as they are, where a str is encoded to UTF-8 and decoded again. Empty when
    # `in_compiled`.
    json: bytes
    # The release is its ocid's compiled release (of this batch) but for the compiled id and tag: `release_of`
    # rebuilds it from that exactly (checked here, byte for byte), so it need not be sent or stored twice.
    in_compiled: bool = False


@dataclass(frozen=True)
class Compiled:
    json: bytes  # UTF-8, sorted keys (bytes for the same reason as Release.json)
    fingerprint: str
    tags: frozenset[str]  # the tags of the releases it was compiled from
    normalised: NoticeData | None = None  # made by a worker process, where the compiled release is at hand
    # Made with `normalised`, for the notice's search document (search.services.NoticeText): the index tokens of
    # its title, description and item descriptions (text -> segment.for_index), and the hash of its text to embed.
    tokens: dict[str, str] | None = None
    embedding_hash: str | None = None

    @cached_property
    def data(self) -> dict:
        """The compiled release itself (kept from compiling where it was compiled, else read from the JSON)."""
        return orjson.loads(self.json)

    @cached_property
    def notice(self) -> NoticeData:
        """Its normalised columns: as a worker made them, else made from the JSON here (only for notices the
        database half finds new or changed)."""
        if self.normalised is not None:
            return self.normalised
        return normalise(self.data, set(self.tags))

    def __getstate__(self):  # what crosses to another process: the fields, not what is cached from them
        return {name: self.__dict__[name] for name in _COMPILED_FIELDS}


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


def compile_ocid(releases: list[dict], json_text: bytes | None = None, with_notice: bool = False) -> Compiled:
    """`json_text`: the JSON of a single release as `clean` wrote it, which saves the compile a look.
    `with_notice`: normalise it here too (in a worker process, which has the compiled release at hand)."""
    tags = frozenset(t for release in releases for t in tags_of(release))
    # A compiled release given as input (e.g. a record's compiledRelease) is already the answer.
    compiled = (
        releases[0] if len(releases) == 1 and "compiled" in tags else compile_group(releases, json_text)
    )
    dumped = orjson.dumps(compiled, option=_DUMP)
    fingerprint = hashlib.sha1(dumped).hexdigest()
    if with_notice:
        notice = normalise(compiled, set(tags))
        texts = {notice.title, notice.description, *(item.description for item in notice.items)} - {""}
        tokens = {text: segment.for_index(text) for text in texts}
        result = Compiled(
            dumped, fingerprint, tags, notice, tokens, embeddings.document_hash(notice.title, notice.description)
        )
    else:
        result = Compiled(dumped, fingerprint, tags)
    result.__dict__["data"] = compiled  # for _finish, in this process only (not pickled: see __getstate__)
    return result


def release_of(compiled: dict, release_id: str, tags: Iterable[str]) -> dict:
    """The release a single-release compiled release was made from, when it is that release but for the
    compiled id and tag (`Release.in_compiled`): the compiled release keeps every other field as it was."""
    release = {key: value for key, value in compiled.items() if key not in _COMPILED_OWN}
    release["id"] = release_id
    if tags:
        release["tag"] = list(tags)
    return release


def _holds(compiled: dict, release: dict, tags: tuple[str, ...]) -> bool:
    """Whether `release_of(compiled, str(release["id"]), tags)` is `release`, exactly: the compiled release has
    the release's own fields, the very same values (shared by the compile), and nothing else; its id is a string
    and its tag a non-empty list of strings, or absent. (Cheaper than writing the rebuilt release out to compare.)"""
    own = [key for key in release if key not in _COMPILED_OWN]
    if "compiled" in tags or not isinstance(release.get("id"), str) or len(compiled) != len(own) + 2:
        return False
    if ("tag" in release or tags) and release.get("tag") != list(tags) or (tags == () and "tag" in release):
        return False
    return all(key in compiled and compiled[key] is release[key] for key in own)


def release_json(compiled: dict, release_id: str, tags: Iterable[str]) -> bytes:
    return orjson.dumps(release_of(compiled, release_id, tags), option=_DUMP)


def prepare_batches(items: Iterator[Item], size: int = BATCH, with_notices: bool = False) -> Iterator[Batch]:
    for batch, parsed in _read_batches(items, size):
        yield _finish(batch, parsed, with_notices)


def _read_batches(items: Iterator[Item], size: int) -> Iterator[tuple[Batch, dict]]:
    """Batches of cleaned and fingerprinted releases (not compiled yet), each with its releases as parsed."""
    batch, parsed = Batch(), {}
    for item in items:
        if isinstance(item, SourceRecord):
            _add(batch, parsed, item)
            if batch.count >= size:
                yield batch, parsed
                batch, parsed = Batch(), {}
        else:
            batch.rejections.append(item)
    if batch.count or batch.rejections:
        yield batch, parsed


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


def _finish(batch: Batch, parsed: dict[str, dict[str, tuple[dict, bytes]]], with_notices: bool) -> Batch:
    for ocid, releases in parsed.items():
        try:
            if len(releases) == 1:
                [(release, dumped)] = releases.values()
                compiled = compile_ocid([release], dumped, with_notices)
                batch.compiled[ocid] = compiled
                [(release_id, entry)] = batch.releases[ocid].items()
                if _holds(compiled.data, release, entry.tags):
                    batch.releases[ocid][release_id] = replace(entry, json=b"", in_compiled=True)
            else:
                batch.compiled[ocid] = compile_ocid(
                    [release for release, _ in releases.values()], None, with_notices
                )
        except OCDSMergeError as error:
            # Releases of one process that cannot be merged (a field an object in one, a list in another):
            # none of them goes in, each is rejected with the reason; the rest of the batch goes on.
            for entry in batch.releases.pop(ocid).values():
                batch.rejections.append(Rejection(entry.position, "could_not_merge", merge_reason(ocid, error)))
    return batch


def merge_reason(ocid: str, error: Exception) -> str:
    return f"The releases of {ocid} cannot be merged into one notice: {str(error)[:300]}"


def _parsed_again(batch: Batch) -> dict[str, dict[str, tuple[dict, bytes]]]:
    """The releases of a batch parsed from their JSON (in a compile process: the reader sent the JSON only;
    orjson reads it back four times faster than the json module read the file, and it is what was stored and
    fingerprinted)."""
    return {
        ocid: {rid: (orjson.loads(release.json), release.json) for rid, release in releases.items()}
        for ocid, releases in batch.releases.items()
    }


def batches(kind: str, path: Path, size: int = BATCH) -> Iterator[Batch]:
    """The prepared batches of a file: in worker processes for big files, in this process for small ones."""
    file_size = Path(path).stat().st_size
    if file_size >= WORKER_MIN_BYTES:
        compilers = COMPILERS if file_size >= COMPILERS_MIN_BYTES and (os.cpu_count() or 1) > 1 else 0
        return batches_in_workers(kind, path, size, compilers)
    from tenderbridge.lib import sources

    return prepare_batches(sources.get(kind).read(Path(path)), size)


def batches_in_workers(kind: str, path: Path, size: int = BATCH, compilers: int = 0) -> Iterator[Batch]:
    """The prepared batches of a file, in file order, from worker processes: a reader, and `compilers`
    compile processes taking its batches in turn (with none, the reader compiles them too)."""
    context = multiprocessing.get_context("spawn")  # clean processes: no inherited database connections
    # Bounded queues: the reader never runs far ahead of the database.
    outboxes = [context.Queue(maxsize=3) for _ in range(max(compilers, 1))]
    inboxes = [context.Queue(maxsize=2) for _ in range(compilers)]
    processes = [
        context.Process(
            target=_read, args=(kind, str(path), size, inboxes or outboxes, not inboxes), daemon=True
        )
    ]
    processes += [
        context.Process(target=_compile, args=(inbox, outbox), daemon=True)
        for inbox, outbox in zip(inboxes, outboxes, strict=False)
    ]
    for process in processes:
        process.start()
    try:
        for number in itertools.count():
            message = _receive(outboxes[number % len(outboxes)], processes)
            if message is None:
                return
            if isinstance(message, BaseException):
                raise message
            yield message
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=10)


def _receive(channel, processes):
    while True:
        collecting = gc.isenabled()
        gc.disable()  # a batch unpickles into tens of thousands of objects, none in a cycle: no passes over them
        try:
            return channel.get(timeout=5)
        except queues.Empty:
            stopped = [p.exitcode for p in processes if not p.is_alive()]
            if any(stopped) or len(stopped) == len(processes):
                codes = ", ".join(str(code) for code in stopped)
                raise RuntimeError(f"an ingest worker process stopped (exit codes {codes})") from None
        finally:
            if collecting:
                gc.enable()


def _read(kind: str, path: str, size: int, channels: list, compile_here: bool) -> None:
    """The reader: batch `n` goes to channel `n % len(channels)`, compiled here or, if not, as JSON only (a
    compile process parses it again). Then None to every channel: the end."""
    from tenderbridge.lib import sources

    number = 0
    _few_collections()
    try:
        for number, (batch, parsed) in enumerate(_read_batches(sources.get(kind).read(Path(path)), size)):
            if compile_here:  # the only worker: normalising stays with the database half, which has time
                _finish(batch, parsed, with_notices=False)
            channels[number % len(channels)].put(batch)
            del batch, parsed
            _collect_now_and_then(number)
        number += 1
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        channels[number % len(channels)].put(_passable(error, path))
    for channel in channels:
        channel.put(None)


def _compile(inbox, outbox) -> None:
    """A compile process: compiles and normalises the batches the reader sends it, until None."""
    _few_collections()
    for number in itertools.count():
        batch = inbox.get()
        if batch is None or isinstance(batch, BaseException):
            outbox.put(batch)
            if batch is None:
                return
            continue
        try:
            outbox.put(_finish(batch, _parsed_again(batch), with_notices=True))
        except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
            outbox.put(_passable(error, "a batch"))
        del batch
        _collect_now_and_then(number)


def _few_collections() -> None:
    """Parsed JSON makes no reference cycles, yet Python's cycle collector kept walking every live release of the
    batch being built: 12% of a worker's time. So in a worker it runs only every few batches, over what is new
    since start-up (the imported modules are frozen out of its sight)."""
    gc.freeze()
    gc.disable()


def _collect_now_and_then(number: int) -> None:
    if number % COLLECT_EVERY == COLLECT_EVERY - 1:
        gc.collect()


def _passable(error: BaseException, path: str) -> BaseException:
    """The error as the parent should raise it: a rejected file as it is, anything else as one that pickles."""
    if isinstance(error, FileRejected):
        return error
    return RuntimeError(f"reading {path} failed: {error!r}")
