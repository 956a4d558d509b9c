import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tenderbridge.accounts.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    from django.core.cache import cache

    cache.clear()


def login(client, email, password, address="127.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_a_user_signs_in_with_any_case_of_the_email_and_signs_out(client, supplier_owner):
    response = login(client, supplier_owner.email.upper(), DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(supplier_owner.pk)
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_a_clear_message(client, supplier_owner):
    response = login(client, supplier_owner.email, "not-the-password")
    assert response.status_code == 400
    assert "email or password is not right" in response.content.decode()


def test_it_locks_an_account_after_repeated_failures(client, supplier_owner):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, supplier_owner.email, "wrong-guess")
    response = login(client, supplier_owner.email, DEMO_PASSWORD)
    assert response.status_code == 400
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_guesser_elsewhere_does_not_lock_the_owner_out(client, supplier_owner):
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 2):
        login(client, supplier_owner.email, "wrong-guess", address="203.0.113.7")
    assert "Too many" in login(client, supplier_owner.email, DEMO_PASSWORD, address="203.0.113.7").content.decode()
    # The owner, at their own address, signs in: the count is per account and address.
    response = login(client, supplier_owner.email, DEMO_PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(supplier_owner.pk)


def test_one_address_trying_many_accounts_is_throttled(client, supplier_owner):
    for n in range(settings.LOGIN_FAILURE_LIMIT * 4):
        login(client, f"someone-{n}@example.com", "wrong-guess", address="203.0.113.8")
    response = login(client, supplier_owner.email, DEMO_PASSWORD, address="203.0.113.8")
    assert response.status_code == 400 and "Too many failed sign-in attempts" in response.content.decode()


def test_the_reset_link_lets_the_owner_in_even_at_a_throttled_address(client, supplier_owner):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, supplier_owner.email, "wrong-guess")
    assert "Too many" in login(client, supplier_owner.email, DEMO_PASSWORD).content.decode()
    client.post(reverse("accounts:password_reset"), {"email": supplier_owner.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    new = "brand-new-passphrase-9"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.session.get("_auth_user_id") == str(supplier_owner.pk)  # signed in by the link
    client.post(reverse("accounts:logout"))
    # The account's failures are forgotten, at this address too.
    assert login(client, supplier_owner.email, new).status_code == 302


def test_a_tampered_session_cookie_is_treated_as_signed_out(client, supplier_owner):
    login(client, supplier_owner.email, DEMO_PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    cookie.set(cookie.key, cookie.value[:-4] + "abcd", cookie.value[:-4] + "abcd")
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_password_reset_sends_a_working_link(client, supplier_owner):
    response = client.post(reverse("accounts:password_reset"), {"email": supplier_owner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase-9", "new_password2": "brand-new-passphrase-9"},
    )
    assert done.status_code == 302
    assert login(client, supplier_owner.email, "brand-new-passphrase-9").status_code == 302


def test_the_settings_page_saves_a_time_zone(client, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post(reverse("accounts:profile"), {"full_name": "Li Na", "time_zone": "Asia/Shanghai"})
    assert response.status_code == 302
    supplier_owner.refresh_from_db()
    assert supplier_owner.time_zone == "Asia/Shanghai"


def test_the_settings_page_refuses_an_unknown_time_zone(client, supplier_owner):
    client.force_login(supplier_owner)
    response = client.post(reverse("accounts:profile"), {"full_name": "Li Na", "time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    supplier_owner.refresh_from_db()
    assert supplier_owner.time_zone == ""
