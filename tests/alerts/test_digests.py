"""Digests end to end: ingest → versions → matching → a due sending → a real SMTP server, parsed."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from tenderbridge.alerts import delivery, versions
from tenderbridge.alerts.models import Alert, DigestItem, NoticeVersion, Recipient, Sending
from tenderbridge.matching import services as matching
from tenderbridge.opportunities.models import Notice

from .conftest import NOTICES, ingest_embedded, parts, release, run_until_sent, save_alert

pytestmark = pytest.mark.django_db


def test_a_digest_brings_only_the_matching_new_notices_with_both_parts_and_unsubscribe(smtp, supplier_owner, tmp_path):
    alert = save_alert(supplier_owner, "q=gloves")
    ingest_embedded(tmp_path, *NOTICES)
    outcomes = run_until_sent(alert)
    assert [o.status for o in outcomes] == ["sent"]
    [message] = smtp.messages
    assert message["To"] == supplier_owner.email
    assert "Gloves" in message["Subject"]
    text, html = parts(message)
    assert "Supply of nitrile examination gloves" in text and "Supply of nitrile examination gloves" in html
    assert "Office chairs" not in text and "Solar water heaters" not in text
    assert "https://tenders.example.org/en/opportunities/ocds-gloves/" in text
    assert "(CST)" in text and "(UTC)" in text  # the deadline in the reader's zone (Asia/Shanghai) and in UTC
    assert 'style="' in html and "<style" not in html  # inline CSS only
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://tenders.example.org/en/alerts/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in text and "data-unsubscribe=\"all\"" in html


def test_a_second_turn_sends_nothing_again_and_a_changed_notice_comes_marked(smtp, supplier_owner, tmp_path):
    alert = save_alert(supplier_owner, "q=gloves")
    ingest_embedded(tmp_path, *NOTICES)
    run_until_sent(alert)
    assert run_until_sent(alert) == [] or len(smtp.messages) == 1
    assert len(smtp.messages) == 1
    moved = release("ocds-gloves", "Supply of nitrile examination gloves", "Powder-free nitrile examination gloves",
                    code="42132203", days=45, release_id="ocds-gloves-r2", date="2024-03-02T08:00:00Z")
    ingest_embedded(tmp_path, moved, name="amendment.json")
    run_until_sent(alert)
    assert len(smtp.messages) == 2
    text, html = parts(smtp.messages[1])
    assert "Deadline moved" in text and "Previous deadline" in text
    assert NoticeVersion.objects.get(notice__ocid="ocds-gloves", number=2).kind == "deadline"


def test_a_cancelled_notice_is_reported_to_the_alert_that_sent_it(smtp, supplier_owner, tmp_path):
    alert = save_alert(supplier_owner, "q=gloves&status=open")
    ingest_embedded(tmp_path, *NOTICES)
    run_until_sent(alert)
    cancelled = release("ocds-gloves", "Supply of nitrile examination gloves", "Powder-free nitrile examination gloves",
                        code="42132203", release_id="ocds-gloves-r2", date="2024-03-02T08:00:00Z")
    cancelled["tender"]["status"] = "cancelled"
    ingest_embedded(tmp_path, cancelled, name="cancel.json")
    run_until_sent(alert)
    text, _html = parts(smtp.messages[-1])
    assert "Cancelled" in text and "nitrile examination gloves" in text


def test_the_digest_is_in_chinese_for_a_chinese_reader(smtp, supplier_owner, tmp_path):
    alert = save_alert(supplier_owner, "q=gloves", language="zh-hans")
    ingest_embedded(tmp_path, *NOTICES)
    run_until_sent(alert)
    text, _html = parts(smtp.messages[0])
    assert "/zh-hans/opportunities/ocds-gloves/" in text
    assert "截止" in text


def test_closing_soon_lists_saved_and_bidding_notices(smtp, supplier_owner, tmp_path):
    alert = save_alert(supplier_owner, "q=gloves")
    soon = release("ocds-soon", "Hospital beds", "Beds for the district hospital", days=3)
    ids = ingest_embedded(tmp_path, *NOTICES, soon)
    matching.do_mark(alert.profile, Notice.objects.get(pk=ids["ocds-soon"]), "bidding", supplier_owner)
    run_until_sent(alert)
    text, html = parts(smtp.messages[0])
    assert "Closing within 7 days" in text
    assert text.index("Hospital beds") > text.index("Closing within 7 days")


def test_a_refused_address_is_marked_and_not_mailed_again(smtp, supplier_owner, tmp_path, client):
    smtp.refuse[supplier_owner.email] = "550 5.1.1 No such user"
    alert = save_alert(supplier_owner, "q=gloves")
    ingest_embedded(tmp_path, *NOTICES)
    assert [o.status for o in run_until_sent(alert)] == ["failed"]
    recipient = Recipient.objects.get(user=supplier_owner)
    assert recipient.bounced is not None and "550" in recipient.bounce_reason
    ingest_embedded(tmp_path, release("ocds-more-gloves", "More gloves", "Latex gloves"), name="more.json")
    assert [o.status for o in run_until_sent(alert)] == ["skipped"]
    assert smtp.messages == []
    client.force_login(supplier_owner)
    page = client.get("/en/alerts/").content.decode()
    assert "was refused" in page


def test_a_temporary_refusal_is_retried_later_and_then_delivered(smtp, supplier_owner, tmp_path):
    smtp.refuse[supplier_owner.email] = "451 4.7.1 Try again later"
    alert = save_alert(supplier_owner, "q=gloves")
    ingest_embedded(tmp_path, *NOTICES)
    [outcome] = run_until_sent(alert)
    assert outcome.status == "pending" and outcome.retry_at is not None
    del smtp.refuse[supplier_owner.email]
    assert delivery.pending_sendings(outcome.retry_at - timedelta(seconds=1)) == []
    [pk] = delivery.pending_sendings(outcome.retry_at)
    assert delivery.send_sending(pk, outcome.retry_at).status == "sent"
    assert len(smtp.messages) == 1 and Sending.objects.get(pk=pk).attempts == 2


def test_one_click_unsubscribe_pauses_the_alert_and_the_get_only_asks(smtp, supplier_owner, tmp_path, client):
    alert = save_alert(supplier_owner, "q=gloves")
    ingest_embedded(tmp_path, *NOTICES)
    run_until_sent(alert)
    url = urlparse(smtp.messages[0]["List-Unsubscribe"].strip("<>")).path
    assert client.get(url).status_code == 200
    alert.refresh_from_db()
    assert not alert.paused
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # from the mail client: no session, no CSRF
    assert response.status_code == 200
    alert.refresh_from_db()
    assert alert.paused
    every = re.search(r"https://tenders\.example\.org(\S+/unsubscribe/\S+)", parts(smtp.messages[0])[0].split("Stop every alert")[1])
    client.post(every.group(1))
    assert Recipient.objects.get(user=supplier_owner).unsubscribed_all is not None
    assert client.post(url[:-5] + "xx/").status_code == 404


def test_matching_twice_writes_each_item_once(supplier_owner, tmp_path):
    alert = save_alert(supplier_owner, "q=gloves")
    ids = ingest_embedded(tmp_path, *NOTICES)
    now = timezone.now()
    versions.sweep(None, now)
    delivery.match_versions(now)
    first = sorted(DigestItem.objects.filter(alert=alert).values_list("notice_id", "version_id"))
    NoticeVersion.objects.update(matched=None)  # as if a crash lost the "matched" mark
    delivery.match_versions(now)
    assert sorted(DigestItem.objects.filter(alert=alert).values_list("notice_id", "version_id")) == first
    assert {n for n, _v in first} == {ids["ocds-gloves"], ids["ocds-closed-gloves"]}


def test_an_alert_created_after_a_notice_does_not_get_it(supplier_owner, tmp_path):
    ingest_embedded(tmp_path, *NOTICES)
    alert = save_alert(supplier_owner, "q=gloves")
    Alert.objects.filter(pk=alert.pk).update(created=timezone.now() + timedelta(seconds=1))
    delivery.tick(timezone.now() + timedelta(minutes=1))
    assert not DigestItem.objects.filter(alert=alert).exists()


def test_the_sending_limit_per_reader_holds_the_rest_for_later(smtp, supplier_owner, tmp_path, settings):
    settings.ALERTS_MAX_MESSAGES_PER_DAY = 1
    first = save_alert(supplier_owner, "q=gloves", name="Gloves", frequency="immediately")
    save_alert(supplier_owner, "q=gowns", name="Gowns", frequency="immediately")
    ingest_embedded(tmp_path, *NOTICES)
    outcomes = run_until_sent(first, now=timezone.now() + timedelta(minutes=1))
    assert sorted(o.status for o in outcomes) == ["pending", "sent"]
    assert len(smtp.messages) == 1
    held = Sending.objects.get(status="pending")
    assert held.next_attempt is not None and held.attempts == 0 and "limit" in held.error


def test_a_group_another_worker_planned_in_part_is_planned_alert_by_alert(supplier_owner, tmp_path):
    """Planning claims a group of due alerts with one UPDATE; when another worker moved one of them on first, the
    group's claim is rolled back and each alert is claimed on its own: the other worker's alert gets no sending
    from this one, the rest get theirs, every item attached once."""
    from django.db import transaction

    alerts = [save_alert(supplier_owner, "q=gloves", name=f"Gloves {i}") for i in range(3)]
    ingest_embedded(tmp_path, *NOTICES)
    now = timezone.now()
    versions.sweep(None, now)
    delivery.match_versions(now)
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).update(next_send=now - timedelta(minutes=1))
    due = list(Alert.objects.due(now).order_by("pk"))
    Alert.objects.filter(pk=alerts[0].pk).update(next_send=now + timedelta(days=1))  # "another worker" planned it
    following = delivery.schedule.next_sending("daily", 8, 0, alerts[0].time_zone, now)
    with pytest.raises(delivery._Contended), transaction.atomic():
        delivery._plan_group(due, due[0].next_send, following, {a.pk for a in due})
    assert Alert.objects.filter(next_send=now - timedelta(minutes=1)).count() == 2  # rolled back
    planned = delivery.plan_digests(now)
    assert sorted(Sending.objects.filter(pk__in=planned).values_list("alert_id", flat=True)) == [a.pk for a in alerts[1:]]
    assert not DigestItem.objects.filter(alert__in=alerts[1:], sending=None).exists()
    assert not DigestItem.objects.filter(alert=alerts[0]).exclude(sending=None).exists()
