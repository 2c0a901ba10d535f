"""allauth's wording in Footnote's voice: sentence case, and people named as they asked to be."""

from __future__ import annotations

import pytest
from allauth.account.utils import user_display
from django.contrib.auth import get_user_model

from journal.templatetags.account_tags import sentence_case
from tests.factories import PASSWORD, make_user


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Remember Me", "Remember me"),
        ("Current Password", "Current password"),
        ("New Password (again)", "New password (again)"),
        ("Email", "Email"),
        ("Authenticator code", "Authenticator code"),
        ("Sign In to Footnote", "Sign in to Footnote"),
        ("Enter the TOTP Code", "Enter the TOTP code"),
        ("", ""),
    ],
)
def test_sentence_case(label, expected):
    assert sentence_case(label) == expected


def test_people_are_named_by_the_name_they_gave(db):
    runner = make_user("nina.new@example.com", name="Nina New")
    assert user_display(runner) == "Nina New"


def test_without_a_name_the_email_address_names_them(db):
    user = get_user_model().objects.create_user(username="nn", email="nn@example.com", password="x")
    user.profile.display_name = ""
    user.profile.save()
    assert user_display(user) == "nn@example.com"


def test_the_sign_in_message_uses_the_name(client, db):
    make_user("nina.new@example.com", name="Nina New")
    response = client.post(
        "/accounts/login/",
        {"login": "nina.new@example.com", "password": PASSWORD},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Signed in as Nina New."]


def test_signing_up_without_confirmation_welcomes_by_name(client, db, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    data = {
        "email": "nina.new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Nina New",
        "role": "runner",
        "unit": "km",
        "time_zone": "Europe/London",
    }
    response = client.post("/accounts/signup/", data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Signed in as Nina New."]


@pytest.mark.parametrize(("role", "kept"), [("runner", ""), ("physio", "Riverside Physio")])
def test_the_practice_is_kept_only_for_a_physiotherapist(client, db, settings, role, kept):
    # Without JavaScript everyone sees the practice fields; a runner's answer there is not stored.
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    data = {
        "email": "sam@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Sam",
        "role": role,
        "unit": "km",
        "time_zone": "UTC",
        "practice": "Riverside Physio",
        "registration_number": "PH12345",
    }
    assert client.post("/accounts/signup/", data).status_code == 302
    profile = get_user_model().objects.get(email="sam@example.com").profile
    assert (profile.role, profile.practice) == (role, kept)
    assert profile.registration_number == ("PH12345" if kept else "")
