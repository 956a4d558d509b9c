"""Pulling registered sources over HTTP, against a server on 127.0.0.1 serving the real files."""

import hashlib
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from tenderbridge.ingest import fetch
from tenderbridge.ingest.models import IngestFile, Source
from tenderbridge.opportunities.models import Notice

pytestmark = pytest.mark.django_db

SELL2WALES = "ocds-uk-contracts-finder-2025q1-cfserver/sell2wales_release_package.json"


class FileServer:
    """Serves files from a folder with ETag / Last-Modified and 304s; counts requests; can fail on demand."""

    def __init__(self, root):
        self.root, self.requests, self.fail_next = root, [], 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                if server.fail_next:
                    server.fail_next -= 1
                    self.send_error(503)
                    return
                path = server.root / self.path.lstrip("/")
                if not path.is_file():
                    self.send_error(404)
                    return
                body = path.read_bytes()
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 03 Mar 2025 10:00:00 GMT")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def server(real_data, settings):
    settings.SOURCE_RETRY_SECONDS = 0
    served = FileServer(real_data)
    yield served
    served.close()


def register(server, path=SELL2WALES, **extra):
    return Source.objects.create(name="Sell2Wales", kind="ocds", url=f"{server.url}/{path}", **extra)


def test_a_due_source_is_pulled_and_ingested_then_a_304_costs_nothing(server):
    source = register(server)
    [first] = fetch.pull_due_sources()
    assert first.status == "ingested"
    assert Notice.objects.count() == 90
    source.refresh_from_db()
    assert source.etag and source.last_success and source.next_due > timezone.now()

    Source.objects.filter(pk=source.pk).update(next_due=timezone.now() - timedelta(seconds=1))
    [second] = fetch.pull_due_sources()
    assert second.status == "not_modified"
    assert server.requests[-1]["If-None-Match"] == source.etag
    assert IngestFile.objects.count() == 1


def test_a_source_that_is_not_due_is_left_alone(server):
    register(server, next_due=timezone.now() + timedelta(hours=1))
    assert fetch.pull_due_sources() == []
    assert server.requests == []


def test_a_passing_server_error_is_retried(server):
    register(server)
    server.fail_next = 2
    [result] = fetch.pull_due_sources()
    assert result.status == "ingested"
    assert len(server.requests) == 3


def test_a_missing_file_is_recorded_on_the_source_and_retried_later(server):
    source = register(server, path="no/such/file.json")
    [result] = fetch.pull_due_sources()
    assert result.status == "failed"
    source.refresh_from_db()
    assert "404" in source.last_error and source.last_error_at
    assert source.next_due > timezone.now()


def test_two_workers_cannot_claim_the_same_source(server):
    source = register(server)
    now = timezone.now()
    assert fetch.claim(source, now) is True
    assert fetch.claim(source, now) is False
