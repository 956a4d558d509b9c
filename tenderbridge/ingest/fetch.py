"""Pull registered sources over HTTP(S) on their schedule, so a deployment keeps its feed fresh unattended.

Each due source is claimed atomically (two workers never pull the same source at once), downloaded with a
timeout, retries with back-off and a conditional request (ETag / Last-Modified, so an unchanged feed costs a
304 and no work), then ingested like a local file.
"""

import logging
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tenderbridge.opportunities.tasks import predict_categories

from . import services
from .models import Source

logger = logging.getLogger(__name__)

TIMEOUT = 60  # seconds per connection attempt and per read
RETRIES = 3
MAX_DOWNLOAD = 4 * 1024**3  # the same ceiling as a local file (lib/sources/containers)
CLAIM_SECONDS = 3600  # a crashed worker's claim expires after this


@dataclass(frozen=True)
class PullResult:
    source: str
    status: str  # "ingested", "not_modified", "failed"
    job_id: int | None = None
    error: str = ""


def pull_due_sources(now=None) -> list[PullResult]:
    now = now or timezone.now()
    results = []
    for source in Source.objects.due(now).order_by("pk"):
        if claim(source, now):
            results.append(pull(source))
    return results


def claim(source: Source, now) -> bool:
    """Push next_due forward in one conditional UPDATE: only one worker's update matches."""
    claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
    return Source.objects.filter(pk=source.pk, next_due=source.next_due).update(next_due=claimed_until) == 1


def pull(source: Source) -> PullResult:
    try:
        with tempfile.TemporaryDirectory(prefix="tenderbridge-pull-") as folder:
            path = Path(folder) / (Path(source.url.split("?")[0]).name or "download")
            response = download(source, path)
            if response is None:
                _done(source, etag=source.etag, modified=source.last_modified)
                return PullResult(source.name, "not_modified")
            job = services.ingest([path], kind=source.kind, source=source)
            predict_categories.enqueue()  # the new notices that came without codes
            _done(source, etag=response.get("ETag", ""), modified=response.get("Last-Modified", ""))
            return PullResult(source.name, "ingested", job.pk)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the source and retried next time
        logger.warning("source pull failed", extra={"source": source.name, "error": repr(error)})
        Source.objects.filter(pk=source.pk).update(
            last_error=repr(error)[:2000],
            last_error_at=timezone.now(),
            next_due=timezone.now() + source.interval,
        )
        return PullResult(source.name, "failed", error=repr(error))


def download(source: Source, path: Path):
    """Save the source's content to `path`; None when the server says it has not changed (304)."""
    request = urllib.request.Request(source.url, headers=_conditional_headers(source))
    for attempt in range(1, RETRIES + 1):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response, path.open("wb") as out:
                _copy_limited(response, out)
                return response.headers
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return None
            if error.code < 500 or attempt == RETRIES:
                raise
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            if attempt == RETRIES:
                raise
        time.sleep(settings.SOURCE_RETRY_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def _conditional_headers(source: Source) -> dict[str, str]:
    headers = {"User-Agent": "TenderBridge/1 (+https://github.com/tenderbridge)"}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return headers


def _copy_limited(response, out) -> None:
    copied = 0
    while chunk := response.read(1024 * 1024):
        copied += len(chunk)
        if copied > MAX_DOWNLOAD:
            raise ValueError(f"The download is larger than {MAX_DOWNLOAD} bytes; it was stopped.")
        out.write(chunk)


@transaction.atomic
def _done(source: Source, etag: str, modified: str) -> None:
    Source.objects.filter(pk=source.pk).update(
        etag=etag[:300],
        last_modified=modified[:100],
        last_success=timezone.now(),
        last_error="",
        next_due=timezone.now() + source.interval,
    )
