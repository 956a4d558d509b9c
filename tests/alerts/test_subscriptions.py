"""Feeds (Atom, RSS 2.0) and the calendar at private tokenised addresses; deadline reminders; the webhook."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse

import feedparser
import icalendar
import pytest
from django.utils import timezone, translation

from tenderbridge.alerts import delivery, services
from tenderbridge.alerts.models import Reminder, Sending
from tenderbridge.matching import services as matching
from tenderbridge.matching.models import FeedItem
from tenderbridge.opportunities.models import Notice

from .conftest import NOTICES, ingest_embedded, parts, release, run_until_sent, save_alert

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return urlparse(url.replace("webcal://", "https://")).path


@pytest.fixture
def marked(supplier_owner, tmp_path):
    ids = ingest_embedded(tmp_path, *NOTICES)
    profile = save_alert(supplier_owner).profile
    matching.do_mark(profile, Notice.objects.get(pk=ids["ocds-gloves"]), "bidding", supplier_owner)
    matching.do_mark(profile, Notice.objects.get(pk=ids["ocds-gowns"]), "saved", supplier_owner)
    return ids


def test_a_saved_search_and_the_ranked_feed_parse_as_atom_and_rss(client, supplier_owner, marked, settings):
    settings.SITE_URL = "https://tenders.example.org"
    from tenderbridge.alerts import reads

    recipient = services.recipient_for(supplier_owner)
    FeedItem.objects.create(profile_id=supplier_owner.organisation.supplier_profile.pk, notice_id=marked["ocds-gowns"],
                            score=1.0)
    data = reads.alerts_page(supplier_owner)
    for kind in ("atom", "rss"):
        feed = feedparser.parse(client.get(_path(data.rows[0].feed_urls[kind])).content)
        assert not feed.bozo, feed.bozo_exception
        # The saved search "q=gloves" is the list's: open notices by default, so the closed one is not in it.
        assert {e.title for e in feed.entries} == {"Supply of nitrile examination gloves"}
        assert feed.entries[0].link.startswith("https://tenders.example.org/en/opportunities/")
        ranked = feedparser.parse(client.get(_path(data.feed_urls[kind])).content)
        assert not ranked.bozo and [e.title for e in ranked.entries] == ["Surgical gowns and drapes"]
    assert recipient.feed_token in data.feed_urls["atom"]


def test_a_wrong_or_revoked_token_is_a_404_that_reveals_nothing(client, supplier_owner, other_supplier_member, marked):
    from tenderbridge.alerts import reads

    old = reads.alerts_page(supplier_owner)
    services.do_reissue_feed_token(supplier_owner)
    for url in (old.rows[0].feed_urls["atom"], old.feed_urls["rss"], old.calendar_url):
        response = client.get(_path(url))
        assert response.status_code == 404 and response.content == b"Not found"
    new = reads.alerts_page(supplier_owner)
    assert client.get(_path(new.calendar_url)).status_code == 200
    theirs = reads.alerts_page(other_supplier_member)
    mine = new.rows[0].alert.pk
    assert client.get(_path(theirs.feed_urls["atom"]).replace("feed.atom", f"{mine}.atom")).status_code == 404


def test_the_calendar_has_the_saved_and_bidding_deadlines_with_alarms_and_sequence(client, supplier_owner, marked, tmp_path):
    from tenderbridge.alerts import reads

    url = reads.alerts_page(supplier_owner).calendar_url
    assert url.startswith("webcal://")
    delivery.tick(timezone.now())
    cal = icalendar.Calendar.from_ical(client.get(_path(url)).content)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"ocds-gloves.deadline@127.0.0.1", "ocds-gowns.deadline@127.0.0.1"}  # as the .ics
    gloves = next(e for uid, e in events.items() if uid.startswith("ocds-gloves"))
    assert gloves.walk("VALARM")[0]["trigger"].dt == timedelta(days=-1)
    assert int(gloves["sequence"]) == 0
    moved = release("ocds-gloves", "Supply of nitrile examination gloves", "Powder-free nitrile examination gloves",
                    code="42132203", days=50, release_id="ocds-gloves-r2", date="2024-03-02T08:00:00Z")
    ingest_embedded(tmp_path, moved, name="moved.json")
    delivery.tick(timezone.now())
    again = icalendar.Calendar.from_ical(client.get(_path(url)).content)
    updated = next(e for e in again.walk("VEVENT") if str(e["uid"]) == str(gloves["uid"]))
    assert int(updated["sequence"]) == 1 and updated["dtstart"].dt > gloves["dtstart"].dt


def test_a_reminder_comes_days_before_the_deadline_and_is_replanned_when_it_moves(smtp, supplier_owner, marked, tmp_path):
    now = timezone.now()
    delivery.plan_reminders(now)
    reminder = Reminder.objects.get(user=supplier_owner)
    gloves = Notice.objects.get(pk=marked["ocds-gloves"])
    assert reminder.notice_id == gloves.pk and reminder.deadline == gloves.deadline
    assert timedelta(days=2) < gloves.deadline - reminder.send_at < timedelta(days=4)  # 3 days before, at 09:00 local
    moved = release("ocds-gloves", "Supply of nitrile examination gloves", "Powder-free nitrile examination gloves",
                    code="42132203", days=60, release_id="ocds-gloves-r2", date="2024-03-02T08:00:00Z")
    ingest_embedded(tmp_path, moved, name="moved.json")
    delivery.plan_reminders(now)
    reminder.refresh_from_db()
    assert reminder.status == "cancelled" and reminder.why == "the deadline moved"
    planned = Reminder.objects.get(user=supplier_owner, status="planned")
    at = planned.send_at + timedelta(minutes=1)
    delivery.plan_due_reminders(at)
    for pk in delivery.pending_sendings(at):
        delivery.send_sending(pk, at)
    [message] = smtp.messages
    assert "closes in 3 days" in message["Subject"] or "closes in 2 days" in message["Subject"]
    text, _html = parts(message)
    assert "nitrile examination gloves" in text and "(UTC)" in text
    assert Reminder.objects.get(pk=planned.pk).status == "sent"


def test_a_cancelled_notice_cancels_its_reminder(supplier_owner, marked, tmp_path):
    delivery.plan_reminders(timezone.now())
    cancelled = release("ocds-gloves", "Supply of nitrile examination gloves", "", code="42132203",
                        release_id="ocds-gloves-r2", date="2024-03-02T08:00:00Z")
    cancelled["tender"]["status"] = "cancelled"
    ingest_embedded(tmp_path, cancelled, name="cancel.json")
    delivery.plan_reminders(timezone.now())
    assert Reminder.objects.get(user=supplier_owner).why == "the notice was cancelled"


class _Hook(BaseHTTPRequestHandler):
    received: list = []
    fail_first = 0

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if _Hook.fail_first > 0:
            _Hook.fail_first -= 1
            self.send_response(503)
            self.end_headers()
            return
        _Hook.received.append((self.headers, body))  # case-insensitive names
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hook_server():
    _Hook.received, _Hook.fail_first = [], 1
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_the_webhook_channel_posts_signed_json_and_retries(supplier_owner, tmp_path, hook_server, settings):
    settings.ALERTS_WEBHOOK_ALLOW_PRIVATE = True
    services.do_set_preferences(supplier_owner, 3, hook_server)
    alert = save_alert(supplier_owner, "q=gloves", channel="webhook")
    ingest_embedded(tmp_path, *NOTICES)
    [first] = run_until_sent(alert)
    assert first.status == "pending"  # the server answered 503: retried
    [pk] = delivery.pending_sendings(first.retry_at)
    assert delivery.send_sending(pk, first.retry_at).status == "sent"
    [(headers, body)] = _Hook.received
    secret = services.recipient_for(supplier_owner).webhook_secret
    expected = hmac.new(secret.encode(), headers["X-TenderBridge-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-TenderBridge-Signature"] == "sha256=" + expected.hexdigest()
    payload = json.loads(body)
    assert payload["alert"]["name"] == "Gloves"
    assert "Supply of nitrile examination gloves" in [item["title"] for item in payload["items"]]
    assert Sending.objects.get(pk=pk).status == "sent"


def test_a_webhook_to_a_private_address_is_refused(supplier_owner, settings):
    settings.ALERTS_WEBHOOK_ALLOW_PRIVATE = False
    translation.activate("en")
    with pytest.raises(services.ValidationError, match="https"):
        services.do_set_preferences(supplier_owner, 3, "http://127.0.0.1:9/hook")
    with pytest.raises(services.ValidationError, match="public"):
        services.do_set_preferences(supplier_owner, 3, "https://127.0.0.1/hook")


def test_the_calendar_folds_its_lines_as_lib_ical_does():
    """The calendar is written as text (feeds.py); its fast fold must cut exactly where lib/ical.fold does: at 75
    octets, then 74, never inside a UTF-8 character."""
    import random

    from tenderbridge.alerts.feeds import _fold
    from tenderbridge.lib import ical

    rng = random.Random(5)
    for _ in range(2000):
        line = "".join(rng.choice("ab ,;\\截止日期投标é😀") for _ in range(rng.randint(0, 300)))
        assert _fold(line) == ical.fold(line)
        assert all(len(part.encode()) <= 75 for part in _fold(line).split("\r\n"))
