import io

import pytest
import time_machine
from django.core.management import call_command
from knox.models import AuthToken
from rest_framework.test import APIClient

NOW = "2026-11-20 12:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen_time():
    """Time stands still at NOW; tests that need the clock to move call .shift() on it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def other_api(other_runner):
    client = APIClient()
    client.force_authenticate(user=other_runner)
    return client


@pytest.fixture
def token_api(runner):
    _instance, token = AuthToken.objects.create(runner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def library(db):
    call_command("load_library", stdout=io.StringIO())
