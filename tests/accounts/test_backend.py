"""The signed-in user and their profile arrive in one query on every page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_the_profile_comes_with_the_user(runner_client):
    with CaptureQueriesContext(connection) as queries:
        response = runner_client.get(reverse("journal:more"))
    assert response.status_code == 200
    profile_reads = [q["sql"] for q in queries if "journal_profile" in q["sql"]]
    assert len(profile_reads) == 1 and '"auth_user"' in profile_reads[0]  # one JOIN, not a second query


def test_a_user_who_cannot_sign_in_is_signed_out(runner_client, runner):
    runner.is_active = False
    runner.save(update_fields=["is_active"])
    response = runner_client.get(reverse("journal:today"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
