"""Where signing in and setting up two-factor sign-in land: the patient list for physiotherapists."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from tests.factories import PASSWORD, make_user


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client: Client, email: str):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD})


def test_a_runner_lands_on_today(db, runner):
    client = Client()
    response = sign_in(client, runner.email)
    assert response.status_code == 302
    assert response["Location"] == "/today/"


def test_a_physio_lands_on_the_patient_list_after_the_second_factor(db):
    physio = make_user("phil@example.com", name="Phil Physio", role="physio")
    secret = generate_totp_secret()
    TOTP.activate(physio, secret)
    client = Client()
    response = sign_in(client, physio.email)
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/clinic/"
    assert client.get("/clinic/").status_code == 200


def test_a_next_address_still_wins_for_a_physio(db):
    physio = make_user("phil@example.com", name="Phil Physio", role="physio")
    client = Client()
    response = client.post("/accounts/login/?next=/more/", {"login": physio.email, "password": PASSWORD})
    assert response["Location"] == "/more/"


def activate(client: Client, user) -> tuple[object, str]:
    # allauth asks for the password again before a second factor is added.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    return client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)}), secret


def test_a_physio_setting_up_an_authenticator_lands_on_the_patient_list(db):
    physio = make_user("phil@example.com", name="Phil Physio", role="physio")
    client = Client()
    assert sign_in(client, physio.email)["Location"] == "/clinic/"
    response, _ = activate(client, physio)
    assert response.status_code == 302
    assert response["Location"] == "/clinic/"
    assert Authenticator.objects.filter(user=physio, type=Authenticator.Type.TOTP).exists()
    page = client.get("/clinic/")
    assert page.status_code == 200
    assert "Two-factor sign-in is on." in page.content.decode()


def test_a_runner_setting_up_an_authenticator_still_sees_recovery_codes(db, runner):
    client = Client()
    sign_in(client, runner.email)
    response, _ = activate(client, runner)
    assert response["Location"] == "/accounts/2fa/recovery-codes/"


def test_a_wrong_code_sets_nothing_up(db):
    physio = make_user("phil@example.com", name="Phil Physio", role="physio")
    client = Client()
    sign_in(client, physio.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=physio).exists()
