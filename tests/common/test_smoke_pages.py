import pytest
from django.urls import reverse

PAGES = [
    "journal:today",
    "journal:log",
    "journal:shoes",
    "journal:history",
    "journal:more",
    "journal:settings",
    "journal:injuries",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_a_runner(runner_client, name):
    response = runner_client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_pages_ask_anonymous_visitors_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
