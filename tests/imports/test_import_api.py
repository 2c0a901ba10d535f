from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from journal.models import Run
from tests.imports.files import make_fit, make_gpx, strava_archive

START = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
URL = "/api/v1/imports/"


@pytest.fixture
def api(runner):
    client = APIClient()
    client.force_authenticate(user=runner)
    return client


def post_files(api, *files, query=""):
    payload = {"files": [SimpleUploadedFile(name, data) for name, data in files]}
    return api.post(URL + query, payload, format="multipart")


def test_preview_then_confirm(api, runner):
    response = post_files(
        api, ("a.gpx", make_gpx(START, km=8)), ("b.fit", make_fit(START + timedelta(days=1)))
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "ready"
    assert [(i["name"], i["outcome"], i["date"], i["distance_m"]) for i in body["items"]] == [
        ("a.gpx", "new", "2026-11-20", 8000),
        ("b.fit", "new", "2026-11-21", 12000),
    ]
    assert Run.objects.count() == 0
    assert api.get(f"{URL}{body['id']}/").json()["items"] == body["items"]

    confirmed = api.post(f"{URL}{body['id']}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["saved_count"] == 2
    assert Run.objects.filter(owner=runner).count() == 2
    # Confirming again stores nothing more.
    assert api.post(f"{URL}{body['id']}/confirm/").json()["saved_count"] == 2
    assert Run.objects.count() == 2


def test_commit_saves_at_once_and_twice_stores_nothing_new(api, runner):
    archive = strava_archive(
        [("1.gpx", make_gpx(START), "Run", ""), ("2.fit", make_fit(START + timedelta(days=1)), "Run", "")]
    )
    first = post_files(api, ("export.zip", archive), query="?commit=1")
    assert first.status_code == 201
    assert first.json()["status"] == "done"
    assert first.json()["saved_count"] == 2
    second = post_files(api, ("export.zip", archive), query="?commit=1")
    assert second.json()["saved_count"] == 0
    assert {i["outcome"] for i in second.json()["items"]} == {"duplicate"}
    assert Run.objects.filter(owner=runner).count() == 2


def test_bad_files_answer_per_file_and_store_nothing_from_them(api):
    response = post_files(
        api, ("cut.fit", make_fit(START)[:100]), ("good.gpx", make_gpx(START)), query="?commit=1"
    )
    items = {i["name"]: i for i in response.json()["items"]}
    assert items["cut.fit"]["outcome"] == "error"
    assert "corrupt or cut short" in items["cut.fit"]["message"]
    assert items["good.gpx"]["outcome"] == "saved"
    assert Run.objects.count() == 1


def test_no_files_is_a_400_with_the_field(api):
    response = api.post(URL, {}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()


def test_json_is_refused(api):
    assert api.post(URL, {"files": []}, format="json").status_code == 415


def test_a_bad_commit_value_is_a_400(api):
    response = post_files(api, ("a.gpx", make_gpx(START)), query="?commit=maybe")
    assert response.status_code == 400
    assert Run.objects.count() == 0


def test_someone_elses_import_answers_404(api, other_runner):
    other = APIClient()
    other.force_authenticate(user=other_runner)
    batch_id = post_files(other, ("a.gpx", make_gpx(START))).json()["id"]
    assert api.get(f"{URL}{batch_id}/").status_code == 404
    assert api.post(f"{URL}{batch_id}/confirm/").status_code == 404
    assert api.get(f"{URL}not-a-uuid/").status_code == 404
    assert Run.objects.count() == 0


def test_anonymous_is_refused():
    assert APIClient().post(URL, {}, format="multipart").status_code == 401


def test_too_many_files_in_one_request_answers_json_400(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    response = post_files(api, *[(f"{i}.gpx", make_gpx(START)) for i in range(3)])
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert Run.objects.count() == 0
