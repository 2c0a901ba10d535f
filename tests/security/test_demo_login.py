"""With every address confirmed before sign-in, bin/run's demo login still opens the journal."""

from datetime import date

from django.core.management import call_command
from django.urls import reverse


def test_the_demo_runner_signs_in_through_the_sign_in_page(client, db):
    call_command("load_library")
    call_command("seed_demo", today=date(2026, 11, 20))
    response = client.post(
        reverse("account_login"), {"login": "demo@footnote.example", "password": "footnote-demo-run"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:today")
