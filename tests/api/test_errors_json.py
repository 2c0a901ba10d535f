"""Every API error is JSON, a server error and an oversized body included; nothing is stored."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from journal.api.views.entries import RunViewSet
from journal.models import Run
from tests.api.resources import day


def run_body(**extra):
    return {"date": day(1).isoformat(), "distance_m": 5000, "duration_s": 1800, **extra}


@pytest.fixture
def quiet_api(runner):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user=runner)
    return client


def test_a_body_over_the_size_limit_answers_413_json(quiet_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = json.dumps(run_body(notes="x" * (2 * 1024 * 1024)))
    response = quiet_api.post("/api/v1/runs/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]
    assert Run.objects.count() == 0


def test_a_body_just_under_the_size_limit_is_read(quiet_api, settings):
    body = json.dumps(run_body(notes="x" * 100))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body.encode())
    response = quiet_api.post("/api/v1/runs/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Run.objects.count() == 1


def test_thirty_megabytes_with_the_default_limit_answer_413_json(quiet_api):
    body = json.dumps(run_body(notes="x" * (30 * 1024 * 1024)))
    response = quiet_api.post("/api/v1/runs/", body, content_type="application/json")
    assert response.status_code == 413
    assert Run.objects.count() == 0


def test_a_failing_service_answers_500_json_and_stores_nothing(quiet_api, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(RunViewSet, "create_service", staticmethod(broken))
    response = quiet_api.post("/api/v1/runs/", run_body(), format="json")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    assert Run.objects.count() == 0


def test_a_database_that_cannot_be_reached_answers_500_json_outside_the_view(runner, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(runner)

    def unreachable(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    for url in ("/api/v1/runs/", "/api/v1/no-such-thing/"):
        response = client.get(url)
        assert response.status_code == 500, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()["detail"].startswith("Something went wrong"), url
    # The site's own pages keep their HTML error page.
    page = client.get("/today/")
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_a_bad_request_outside_a_view_answers_400_json(db):
    client = Client(raise_request_exception=False, HTTP_HOST="evil.example")
    response = client.get("/api/v1/conditions/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "The request could not be understood."
    assert client.get("/conditions/")["Content-Type"].startswith("text/html")
