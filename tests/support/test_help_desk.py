import email
import email.policy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenderbridge.accounts import services as accounts
from tenderbridge.support import services
from tenderbridge.support.models import Attachment, Ticket
from tests import smtp

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def inbox(settings):
    """A real SMTP server on loopback, and the site's mailer pointed at it."""
    controller, box = smtp.start()
    settings.MAILERS = smtp.mailers_for(controller.port)
    yield box
    controller.stop()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def question(supplier_owner, operator):
    return services.do_ask(supplier_owner.organisation, supplier_owner, "营业执照翻译", "营业执照需要公证吗？",
                           [("licence.pdf", PDF)])  # fmt: skip


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {accounts.do_create_api_token(user.organisation, 't')[1]}"}


def test_a_question_with_a_file_reaches_the_operators_by_email_and_their_answer_reaches_the_firm(
    client, supplier_owner, operator, inbox
):
    client.force_login(supplier_owner)
    response = client.post("/zh-hans/support/", {"subject": "营业执照翻译", "body": "营业执照需要公证吗？",
                                                 "file": SimpleUploadedFile("licence.pdf", PDF)})  # fmt: skip
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.messages.get().attachments.count() == 1
    assert [m.rcpt_tos for m in inbox.messages] == [[operator.email]]
    to_operators = email.message_from_bytes(inbox.messages[0].content, policy=email.policy.default)
    assert to_operators["Subject"] == "Help desk: 营业执照翻译"
    assert "营业执照需要公证吗？" in to_operators.get_content() and f"/en/support/{ticket.pk}/" in to_operators.get_content()
    client.force_login(operator)
    client.post(f"/en/support/{ticket.pk}/", {"action": "reply", "body": "A certified translation is enough."})
    ticket.refresh_from_db()
    assert ticket.status == "answered" and ticket.first_response is not None
    assert inbox.messages[1].rcpt_tos == [supplier_owner.email]
    to_firm = email.message_from_bytes(inbox.messages[1].content, policy=email.policy.default)
    assert to_firm["Subject"] == "项目已答复：营业执照翻译" and "certified translation" in to_firm.get_content()
    assert f"/zh-hans/support/{ticket.pk}/" in to_firm.get_content()
    page = client.get("/en/support/").content.decode()
    assert "Suzhou Medtex" in page and 'data-testid="first-response"' in page
    client.post(f"/en/support/{ticket.pk}/", {"action": "assign", "to": operator.pk})
    client.post(f"/en/support/{ticket.pk}/", {"action": "close"})
    ticket.refresh_from_db()
    assert ticket.assigned_to == operator and ticket.status == "closed" and ticket.resolved


def test_a_question_with_a_bad_file_is_refused_whole(client, supplier_owner, settings):
    client.force_login(supplier_owner)
    fake = SimpleUploadedFile("licence.pdf", b"MZ\x90 a program")
    response = client.post("/en/support/", {"subject": "x", "body": "y", "file": fake}, follow=True)
    assert "licence.pdf" in response.content.decode() and not Ticket.objects.exists()
    assert not (settings.PRIVATE_MEDIA_ROOT).exists() or not any(settings.PRIVATE_MEDIA_ROOT.rglob("*.pdf"))


def test_an_empty_question_is_refused_with_a_message(client, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post("/zh-hans/support/", {"subject": "", "body": ""}, follow=True)
    assert "主题" in response.content.decode() and not Ticket.objects.exists()


@pytest.mark.parametrize("who", ["other", "buyer", "anonymous"])
def test_nobody_else_reads_a_question_or_its_files_through_the_pages(
    client, question, other_supplier_member, un_buyer, who
):
    attachment = Attachment.objects.get()
    if who != "anonymous":
        client.force_login(other_supplier_member if who == "other" else un_buyer)
    for address in (f"/en/support/{question.pk}/", f"/en/support/files/{attachment.pk}/"):
        assert client.get(address).status_code == (302 if who == "anonymous" else 404), address
    listing = client.get("/en/support/")
    if who == "other":
        assert "营业执照翻译" not in listing.content.decode()
    else:
        assert listing.status_code == (302 if who == "anonymous" else 404)


def test_the_firm_and_operators_read_the_thread_and_its_file(client, question, supplier_owner, operator):
    attachment = Attachment.objects.get()
    for user in (supplier_owner, operator):
        client.force_login(user)
        assert "营业执照需要公证吗？" in client.get(f"/zh-hans/support/{question.pk}/").content.decode()
        response = client.get(f"/en/support/files/{attachment.pk}/")
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_through_the_api_the_firm_asks_operators_answer_and_nobody_else_reads(
    client, question, supplier_owner, other_supplier_member, un_buyer, operator
):
    body = client.post("/api/v1/support/tickets", json.dumps({"subject": "RFQ 问题", "body": "截止时间是北京时间吗？"}),
                       content_type="application/json", headers=bearer(supplier_owner)).json()  # fmt: skip
    assert body["status"] == "open" and body["messages"][0]["body"] == "截止时间是北京时间吗？"
    answer = client.post(f"/api/v1/support/tickets/{body['id']}/messages", json.dumps({"body": "Yes: see the notice."}),
                         content_type="application/json", headers=bearer(operator)).json()  # fmt: skip
    assert answer["status"] == "answered" and answer["messages"][1]["from_programme"] is True
    for user in (other_supplier_member, un_buyer):
        assert client.get(f"/api/v1/support/tickets/{question.pk}", headers=bearer(user)).status_code == 404
        assert client.get("/api/v1/support/tickets", headers=bearer(user)).json() == {"items": []}
    assert client.get("/api/v1/support/tickets").status_code == 401
    empty = client.post("/api/v1/support/tickets", json.dumps({"subject": "", "body": ""}),
                        content_type="application/json", headers=bearer(supplier_owner))  # fmt: skip
    assert empty.status_code == 422
