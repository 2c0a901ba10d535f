"""API tokens end with the password they were taken under, and after 30 days by default."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import PASSWORD

NEW_PASSWORD = "a-brand-new-long-passphrase"


def token_client(user) -> APIClient:
    _instance, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_an_old_token_answers_401_after_a_password_reset(client, runner, other_runner):
    api = token_client(runner)
    others_api = token_client(other_runner)
    assert api.get("/api/v1/me/").status_code == 200

    client.post(reverse("account_reset_password"), {"email": runner.email})
    (message,) = mail.outbox
    reset_path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    form_url = client.get(reset_path)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password(NEW_PASSWORD)

    assert api.get("/api/v1/me/").status_code == 401
    assert others_api.get("/api/v1/me/").status_code == 200


def test_an_old_token_answers_401_after_a_password_change(runner_client, runner):
    api = token_client(runner)
    response = runner_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api.get("/api/v1/me/").status_code == 401


def test_a_wrong_current_password_leaves_tokens_working(runner_client, runner):
    api = token_client(runner)
    runner_client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert api.get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(("days", "status"), [(29, 200), (31, 401)])
def test_a_token_lasts_30_days(runner, days, status):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        api = token_client(runner)
        traveller.shift(timedelta(days=days))
        assert api.get("/api/v1/me/").status_code == status
