import pytest
from django.urls import reverse
from django.utils import translation

from tenderbridge.accounts.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db

GOOD = {
    "organisation_name": "Hangzhou Green Packaging 杭州绿色包装",
    "country": "CN",
    "full_name": "Zhou Min",
    "email": "zhou@greenpack.example",
    "password": "a-long-and-unusual-passphrase",
}


def sign_up_url(lang="en"):
    with translation.override(lang):
        return reverse("accounts:sign_up")


def test_it_creates_a_supplier_organisation_with_its_owner(client):
    response = client.post(sign_up_url(), GOOD)
    assert response.status_code == 302
    user = User.objects.get(email="zhou@greenpack.example")
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.OWNER
    assert membership.organisation.kind == Organisation.Kind.SUPPLIER
    assert membership.organisation.name == GOOD["organisation_name"]
    assert user.password.startswith("argon2")
    assert client.get(reverse("home:index")).context["user"].is_authenticated


def test_it_refuses_an_existing_email_and_writes_nothing(client, supplier_owner):
    before = (User.objects.count(), Organisation.objects.count())
    response = client.post(sign_up_url(), {**GOOD, "email": supplier_owner.email.upper()})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert (User.objects.count(), Organisation.objects.count()) == before


def test_it_refuses_a_weak_password_in_chinese_on_the_chinese_page(client):
    response = client.post(sign_up_url("zh-hans"), {**GOOD, "password": "12345678"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "密码" in page
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_it_refuses_an_over_long_company_name(client):
    response = client.post(sign_up_url(), {**GOOD, "organisation_name": "x" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert not Organisation.objects.exists()


def test_it_refuses_a_forged_csrf_token_and_writes_nothing():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.get(sign_up_url())
    response = strict.post(sign_up_url(), {**GOOD, "csrfmiddlewaretoken": "forged" * 8})
    assert response.status_code == 403
    assert not User.objects.exists()


def test_the_sign_up_page_is_translated(client):
    page = client.get(sign_up_url("zh-hans")).content.decode()
    assert "创建" in page and "公司" in page
