from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls beside it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import make_user


@pytest.fixture
def runner(db):
    return make_user("runner@example.com", name="Rita Runner", unit="km", time_zone="Europe/London")


@pytest.fixture
def mile_runner(db):
    return make_user("miles@example.com", name="Miles Runner", unit="mi", time_zone="America/New_York")


@pytest.fixture
def other_runner(db):
    return make_user("other@example.com", name="Otto Other", unit="km", time_zone="Europe/Berlin")


@pytest.fixture
def runner_client(client, runner):
    client.force_login(runner)
    return client


@pytest.fixture
def mile_client(client, mile_runner):
    client.force_login(mile_runner)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
