"""The clinic in one minute: seed_demo also makes a physiotherapist who can sign in at once."""

from __future__ import annotations

import io
import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client

from journal.management.commands.seed_demo import PHYSIO_EMAIL, PHYSIO_PASSWORD
from journal.models import CareLink


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_the_demo_physio_signs_in_with_the_printed_key_and_sees_the_demo_runner(db, settings):
    call_command("load_library", stdout=io.StringIO())
    settings.DEBUG = True
    out = seed()
    assert f"Sign in as {PHYSIO_EMAIL} with password {PHYSIO_PASSWORD}" in out
    secret = re.search(r"Authenticator key \(development only\): (\S+)", out).group(1)

    client = Client()
    response = client.post("/accounts/login/", {"login": PHYSIO_EMAIL, "password": PHYSIO_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response["Location"] == "/clinic/"
    page = client.get("/clinic/")
    assert page.status_code == 200
    assert "Sam Demo" in page.content.decode()


def test_the_printed_recovery_code_also_signs_in(db, settings):
    call_command("load_library", stdout=io.StringIO())
    settings.DEBUG = True
    code = re.search(r"recovery code (\S+)", seed()).group(1)
    client = Client()
    client.post("/accounts/login/", {"login": PHYSIO_EMAIL, "password": PHYSIO_PASSWORD})
    assert client.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/clinic/"


def test_outside_development_no_second_factor_is_printed(db, settings):
    call_command("load_library", stdout=io.StringIO())
    settings.DEBUG = False
    out = seed()
    assert PHYSIO_EMAIL in out
    assert "Authenticator key" not in out and "recovery code" not in out


def test_seeding_again_keeps_one_link_and_the_same_key(db, settings):
    call_command("load_library", stdout=io.StringIO())
    settings.DEBUG = True
    first = re.search(r"Authenticator key \(development only\): (\S+)", seed()).group(1)
    again = seed(if_missing=True)
    assert "already exists; keeping it" in again
    assert f"Authenticator key (development only): {first}" in again
    assert CareLink.objects.filter(physio__email=PHYSIO_EMAIL, revoked_at__isnull=True).count() == 1
