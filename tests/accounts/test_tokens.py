from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient


def test_create_use_and_revoke_a_token(runner_client, runner):
    response = runner_client.post(reverse("journal:token_create"))
    token = response.context["new_token"]
    assert token.startswith("ftn_") and token in response.content.decode()
    assert AuthToken.objects.filter(user=runner).count() == 1

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["email"] == runner.email

    settings_page = runner_client.get(reverse("journal:settings")).content.decode()
    assert token not in settings_page  # shown once only
    key = AuthToken.objects.get(user=runner).token_key
    assert key in settings_page
    runner_client.post(reverse("journal:token_revoke", args=[key]))
    assert AuthToken.objects.filter(user=runner).count() == 0
    assert api.get("/api/v1/me/").status_code == 401


def test_someone_elses_token_cannot_be_revoked(runner_client, other_runner):
    AuthToken.objects.create(other_runner)
    key = AuthToken.objects.get(user=other_runner).token_key
    assert runner_client.post(reverse("journal:token_revoke", args=[key])).status_code == 404
    assert AuthToken.objects.filter(user=other_runner).count() == 1
