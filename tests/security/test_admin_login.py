"""The admin signs in through allauth's login, so a password alone never opens /admin/."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.factories import PASSWORD, make_superuser


@pytest.fixture
def superuser_with_totp(db):
    user = make_superuser("boss@example.com")
    TOTP.activate(user, generate_totp_secret())
    return user


def test_the_admin_login_form_is_allauths(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=%2Fadmin%2F" in response["Location"]


def test_a_password_posted_to_the_admin_login_does_not_open_the_admin(client, superuser_with_totp):
    client.post("/admin/login/?next=/admin/", {"username": "boss@example.com", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_password_alone_stops_at_the_second_factor(client, superuser_with_totp):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "boss@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_superuser_still_reaches_the_admin(client, superuser_with_totp):
    client.force_login(superuser_with_totp)
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_runner_is_refused_the_admin_login(client, runner):
    client.force_login(runner)
    assert client.get("/admin/login/").status_code == 403


def test_repeated_wrong_passwords_on_the_admin_account_are_refused(client, superuser_with_totp):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "boss@example.com", "password": "wrong"})
    blocked = client.post("/accounts/login/", {"login": "boss@example.com", "password": PASSWORD})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert client.get("/admin/").status_code == 302
