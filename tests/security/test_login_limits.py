"""Failed sign-ins lock the account tried, not its neighbours; a made-up X-Forwarded-For changes nothing."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import PASSWORD


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def fail(client, email, times):
    for _ in range(times):
        sign_in(client, email, "wrong-password")


def test_four_failures_still_let_the_owner_in(client, runner):
    fail(client, runner.email, 4)
    assert sign_in(client, runner.email)["Location"] == reverse("journal:today")


def test_five_failures_lock_that_account(client, runner):
    fail(client, runner.email, 5)
    blocked = sign_in(client, runner.email)
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_one_account_do_not_lock_another_from_the_same_address(client, runner, other_runner):
    fail(client, runner.email, 6)
    response = sign_in(client, other_runner.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")


def test_a_made_up_forwarded_for_does_not_reset_the_account_lock(client, runner):
    for n in range(5):
        sign_in(client, runner.email, "wrong-password", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    blocked = sign_in(client, runner.email, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert "Too many failed login attempts" in blocked.content.decode()


@pytest.fixture
def tight_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "2/min"})


def test_a_random_forwarded_for_does_not_bypass_the_anonymous_api_limit(db, tight_rates):
    anon = APIClient()
    statuses = [
        anon.get("/api/v1/conditions/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(db, tight_rates, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    anon = APIClient()
    # The proxy appends the address it saw; whatever the client sent before it is ignored.
    first = [
        anon.get("/api/v1/conditions/", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.1").status_code
        for n in range(3)
    ]
    second = anon.get("/api/v1/conditions/", HTTP_X_FORWARDED_FOR="10.9.9.0, 203.0.113.2").status_code
    assert first == [200, 200, 429]
    assert second == 200
