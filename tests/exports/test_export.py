from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from journal.clinic import services as clinic
from journal.exports import flow
from journal.models import AccessLog, CareLink, ClinicianNote, DataExport, Flag, Run
from tests.factories import make_checkin, make_completion, make_run, make_shoe, make_user
from tests.worker import run_queued_tasks

NOW = "2026-11-25 12:00:00+00:00"
TODAY = date(2026, 11, 25)
TABLES = [
    "shoes",
    "runs",
    "checkins",
    "injuries",
    "prescriptions",
    "exercise_completions",
    "return_plans",
    "flags",
    "notes_from_physiotherapists",
    "access_log",
]


@pytest.fixture(autouse=True)
def pinned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def journal(runner):
    """A journal that raises flags: a worn shoe, rising pain, a painful run, a note and an access."""
    shoe = make_shoe(runner, name='=HYPERLINK("http://x")', start_distance_m=790_000)
    for days_ago in range(14, 0, -1):
        day = TODAY - timedelta(days=days_ago)
        make_checkin(runner, day=day, pain_now=1 if days_ago > 7 else 4, pain_waking=2)
        if days_ago % 2 == 0:
            make_run(runner, day=day, distance_m=8000, shoe=shoe, pain_during=5 if days_ago == 2 else 1)
    make_completion(runner, day=TODAY - timedelta(days=1))
    physio = make_user("physio@example.com", name="Pat Physio", role="physio")
    CareLink.objects.create(runner=runner, physio=physio, via="invite")
    ClinicianNote.objects.create(patient=runner, author=physio, text="Shared advice", private=False)
    ClinicianNote.objects.create(patient=runner, author=physio, text="Private thought", private=True)
    clinic.access_record(physio=physio, patient=runner, action="viewed the journal")
    return runner


def _zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def _download(client, export: DataExport) -> bytes:
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_export_from_settings_holds_everything_as_json_and_csv(runner_client, journal):
    assert "Export my journal" in runner_client.get(reverse("journal:settings")).content.decode()
    response = runner_client.post(reverse("exports:create"), follow=True)
    assert "Your export is ready" in response.content.decode()
    export = DataExport.objects.get(owner=journal)
    assert reverse("exports:download", args=[export.pk]) in response.content.decode()

    archive = _zip(_download(runner_client, export))
    names = set(archive.namelist())
    assert {"data.json", "profile.csv", *(f"{t}.csv" for t in TABLES)} <= names
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == "runner@example.com"
    assert len(data["runs"]) == Run.objects.filter(owner=journal).count() == 7
    assert len(data["checkins"]) == 14
    assert len(data["exercise_completions"]) == 1
    assert {f["code"] for f in data["flags"]} >= {"shoe_check"}
    assert [n["text"] for n in data["notes_from_physiotherapists"]] == ["Shared advice"]
    assert data["access_log"][0]["physiotherapist"] == "Pat Physio"
    # The runs table as CSV, one row per run; a cell that a spreadsheet would run is kept as text.
    runs = list(csv.DictReader(io.StringIO(archive.read("runs.csv").decode("utf-8-sig"))))
    assert len(runs) == 7
    shoes = list(csv.DictReader(io.StringIO(archive.read("shoes.csv").decode("utf-8-sig"))))
    assert shoes[0]["name"] == '\'=HYPERLINK("http://x")'


def test_the_download_link_expires_after_24_hours(runner_client, runner, pinned):
    export = flow.export_request(owner=runner)
    pinned.shift(timedelta(hours=23, minutes=59))
    assert runner_client.get(reverse("exports:download", args=[export.pk])).status_code == 200
    pinned.shift(timedelta(minutes=2))
    assert runner_client.get(reverse("exports:download", args=[export.pk])).status_code == 404
    assert DataExport.objects.get(pk=export.pk).file == ""


def test_someone_elses_export_answers_404(runner_client, other_runner):
    export = flow.export_request(owner=other_runner)
    assert runner_client.get(reverse("exports:download", args=[export.pk])).status_code == 404


def test_a_large_journal_is_built_on_the_task_queue(runner, monkeypatch, settings):
    make_run(runner, day=TODAY, distance_m=5000)
    monkeypatch.setattr(flow, "INLINE_ROWS", 0)
    export = flow.export_request(owner=runner)
    assert export.status == "queued"
    assert len(run_queued_tasks()) == 1
    export.refresh_from_db()
    assert export.status == "done"
    assert "data.json" in _zip((settings.MEDIA_ROOT / export.file).read_bytes()).namelist()
    # A retry of the same job leaves the built export as it is.
    flow.export_build(str(export.pk))
    assert DataExport.objects.get(pk=export.pk).file == export.file


def test_round_trip_loads_into_an_empty_account_with_the_same_flags(runner_client, journal, tmp_path):
    runner_client.post(reverse("exports:create"))
    export = DataExport.objects.get(owner=journal)
    path = tmp_path / "export.zip"
    path.write_bytes(_download(runner_client, export))

    twin = make_user("twin@example.com", name="Twin", time_zone="Europe/London")
    out = io.StringIO()
    call_command("export_load", str(path), email="twin@example.com", stdout=out)
    assert "7 runs" in out.getvalue()

    def open_flags(user):
        return sorted(
            (f.code, f.severity)
            for f in Flag.objects.filter(owner=user, cleared_at__isnull=True, clinician_only=False)
        )

    assert open_flags(journal)  # the journal does raise flags, so the comparison means something
    assert open_flags(twin) == open_flags(journal)
    assert Run.objects.filter(owner=twin).count() == 7
    # Loading again into a journal that is no longer empty is refused.
    with pytest.raises(Exception, match="empty journal"):
        call_command("export_load", str(path), email="twin@example.com")


def test_api_export_and_download(runner, other_runner):
    api = APIClient()
    api.force_authenticate(user=runner)
    make_run(runner, day=TODAY, distance_m=5000)
    created = api.post("/api/v1/exports/")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "done"
    response = api.get(body["download_url"])
    assert response.status_code == 200
    data = json.loads(_zip(b"".join(response.streaming_content)).read("data.json"))
    assert len(data["runs"]) == 1
    other = APIClient()
    other.force_authenticate(user=other_runner)
    assert other.get(body["download_url"]).status_code == 404
    assert other.get(f"/api/v1/exports/{body['id']}/").status_code == 404
    assert get_user_model().objects.count() == 2
    assert AccessLog.objects.count() == 0
