"""Malformed, oversized and unexpected requests to the API answer JSON, never an HTML page."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from journal.models import Run


@pytest.fixture
def api(runner):
    client = APIClient()
    client.force_authenticate(user=runner)
    return client


def test_deeply_nested_json_is_a_json_400(api):
    body = "[" * 100_000 + "]" * 100_000
    response = api.post("/api/v1/runs/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nested" in response.json()["detail"]
    assert not Run.objects.exists()


def test_an_oversized_body_is_a_json_413(api):
    body = '{"notes": "' + "x" * (10 * 1024 * 1024) + '"}'
    response = api.post("/api/v1/runs/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]
    assert not Run.objects.exists()


@pytest.mark.parametrize("bad_id", [False, True, 0, 12345])
def test_an_id_that_is_not_text_is_refused(api, bad_id):
    body = {"id": bad_id, "date": "2026-11-19", "distance_m": 5000, "duration_s": 1800}
    response = api.post("/api/v1/runs/", body, format="json")
    assert response.status_code == 400
    assert "id" in response.json()
    assert not Run.objects.exists()


def test_an_unexpected_error_under_the_api_is_json(runner, monkeypatch):
    from journal.api.views import account as views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.MeView, "get", explode)
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    response = client.get("/api/v1/me/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Something went wrong on our side. Please try again."}


def test_an_unexpected_error_on_a_page_is_html(runner, monkeypatch):
    from journal.accounts import settings_views as views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", explode)
    client = Client(raise_request_exception=False)
    client.force_login(runner)
    response = client.get("/more/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
