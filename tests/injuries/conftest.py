"""Fixtures for the condition library: the real content, and a content editor."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.management import call_command

from injuries.apps import EDITORS_GROUP
from tests.factories import make_user


@pytest.fixture
def library(db):
    call_command("load_library", stdout=io.StringIO())


@pytest.fixture
def editor(db):
    user = make_user("editor@example.com", name="Eddie Editor", unit="km", time_zone="Europe/London")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    # The group and its permissions come from the post_migrate hook, not from this fixture.
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    TOTP.activate(user, generate_totp_secret())  # the admin asks staff for an authenticator app
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
