import pytest
from django.core import mail
from django.urls import reverse

from tenderbridge.accounts import services

from .. import smtp

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server():
    controller, inbox = smtp.start()
    yield controller, inbox
    controller.stop()


def test_password_reset_mail_goes_out_over_smtp_when_configured(client, supplier_owner, smtp_server, settings):
    controller, inbox = smtp_server
    settings.MAILERS = smtp.mailers_for(controller.port)
    client.post(reverse("accounts:password_reset"), {"email": supplier_owner.email})
    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == [supplier_owner.email]
    assert b"/reset/" in inbox.messages[0].content
    assert mail.outbox == []


def test_a_member_of_another_supplier_sees_only_their_own_organisation(client, supplier_owner, other_supplier_member):
    _, raw = services.do_create_api_token(other_supplier_member.organisation, "theirs")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()
    assert me["organisation"]["name"] == other_supplier_member.organisation.name
    client.force_login(other_supplier_member)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert other_supplier_member.organisation.name in page
    assert supplier_owner.organisation.name not in page


def test_personas_have_the_roles_the_product_is_built_for(supplier_owner, un_buyer, operator):
    assert supplier_owner.memberships.get().role == "owner"
    assert supplier_owner.organisation.kind == "supplier"
    assert un_buyer.organisation.kind == "buyer"
    assert operator.organisation.kind == "operator" and operator.is_staff
