"""Who may reach which of a patient's pages and API rows, persona by persona.

The patient reaches their own runner pages and API; a linked physiotherapist (with two-factor sign-in)
reaches the clinic pages; everyone else gets 404, exactly as for a missing page, and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from journal.models import (
    AccessLog,
    CareLink,
    Checkin,
    ClinicianNote,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    Profile,
    Run,
    Shoe,
)
from tests.clinic.conftest import TODAY, link, login, make_physio


@dataclass(frozen=True)
class Route:
    id: str
    kind: str  # "clinic", "runner" or "api"
    method: str
    url: Callable
    ok: int
    data: Callable = field(default=lambda w: {})


def _clinic(name, *args):
    return lambda w: reverse(f"clinic:{name}", args=[w.patient.pk, *(a(w) for a in args)])


def _run_form(w):
    return {
        "date": "2026-11-19",
        "distance": "5",
        "duration": "30:00",
        "surface": "road",
        "pain_during": "2",
        "shoe": str(w.shoe.pk),
    }


ROUTES = [
    # The physiotherapist's pages
    Route("clinic-patient", "clinic", "get", _clinic("patient"), 200),
    Route(
        "clinic-note",
        "clinic",
        "post",
        _clinic("note_create"),
        302,
        lambda w: {"text": "Keep to flat routes this week."},
    ),
    Route("clinic-prescribe-get", "clinic", "get", _clinic("prescribe"), 200),
    Route(
        "clinic-prescribe-post",
        "clinic",
        "post",
        _clinic("prescribe"),
        302,
        lambda w: {
            "exercise": w.exercise.slug,
            "sets": "3",
            "reps": "10",
            "times_per_week": "3",
            "starts_on": TODAY.isoformat(),
        },
    ),
    Route(
        "clinic-prescription-end",
        "clinic",
        "post",
        _clinic("prescription_end", lambda w: w.prescription.pk),
        302,
    ),
    Route("clinic-thresholds-get", "clinic", "get", _clinic("thresholds"), 200),
    Route(
        "clinic-thresholds-post",
        "clinic",
        "post",
        _clinic("thresholds"),
        302,
        lambda w: {"pain_model": "tendon", "pain_during_run_limit": "5"},
    ),
    Route("clinic-flag-ack", "clinic", "post", _clinic("flag_ack", lambda w: w.flag.pk), 302),
    Route("clinic-export", "clinic", "get", _clinic("export"), 200),
    # The runner's own pages, for the patient's objects
    Route(
        "entry-edit-run-get",
        "runner",
        "get",
        lambda w: reverse("journal:entry_edit", args=["run", w.run.pk]),
        200,
    ),
    Route(
        "entry-edit-run-post",
        "runner",
        "post",
        lambda w: reverse("journal:entry_edit", args=["run", w.run.pk]),
        302,
        _run_form,
    ),
    Route(
        "entry-edit-checkin-get",
        "runner",
        "get",
        lambda w: reverse("journal:entry_edit", args=["checkin", w.checkin.pk]),
        200,
    ),
    Route(
        "entry-delete-run-get",
        "runner",
        "get",
        lambda w: reverse("journal:entry_delete", args=["run", w.run.pk]),
        200,
    ),
    Route(
        "entry-delete-checkin-post",
        "runner",
        "post",
        lambda w: reverse("journal:entry_delete", args=["checkin", w.checkin.pk]),
        302,
    ),
    Route(
        "flag-acknowledge",
        "runner",
        "post",
        lambda w: reverse("journal:flag_action", args=[w.flag.pk, "acknowledge"]),
        302,
    ),
    Route(
        "prescription-done",
        "runner",
        "post",
        lambda w: reverse("journal:prescription_done", args=[w.prescription.pk]),
        302,
        lambda w: {"pain_during": "1"},
    ),
    Route("shoe-edit-get", "runner", "get", lambda w: reverse("journal:shoe_edit", args=[w.shoe.pk]), 200),
    Route(
        "shoe-edit-post",
        "runner",
        "post",
        lambda w: reverse("journal:shoe_edit", args=[w.shoe.pk]),
        302,
        lambda w: {"name": "Renamed", "start_distance": "0", "check_at": "600", "replace_at": "800"},
    ),
    # The runner's API, for the patient's objects
    Route("api-run-get", "api", "get", lambda w: f"/api/v1/runs/{w.run.pk}/", 200),
    Route(
        "api-run-patch", "api", "patch", lambda w: f"/api/v1/runs/{w.run.pk}/", 200, lambda w: {"notes": "x"}
    ),
    Route("api-run-delete", "api", "delete", lambda w: f"/api/v1/runs/{w.run.pk}/", 204),
    Route("api-checkin-get", "api", "get", lambda w: f"/api/v1/checkins/{w.checkin.pk}/", 200),
    Route(
        "api-checkin-patch",
        "api",
        "patch",
        lambda w: f"/api/v1/checkins/{w.checkin.pk}/",
        200,
        lambda w: {"notes": "x"},
    ),
    Route("api-flag-get", "api", "get", lambda w: f"/api/v1/flags/{w.flag.pk}/", 200),
    Route("api-flag-acknowledge", "api", "post", lambda w: f"/api/v1/flags/{w.flag.pk}/acknowledge/", 200),
    Route("api-prescription-get", "api", "get", lambda w: f"/api/v1/prescriptions/{w.prescription.pk}/", 200),
    Route(
        "api-completion-get", "api", "get", lambda w: f"/api/v1/exercise-completions/{w.completion.pk}/", 200
    ),
    Route(
        "api-completion-patch",
        "api",
        "patch",
        lambda w: f"/api/v1/exercise-completions/{w.completion.pk}/",
        200,
        lambda w: {"notes": "x"},
    ),
]

PERSONAS = [
    "patient",
    "physio",
    "physio_without_totp",
    "unlinked_physio",
    "revoked_physio",
    "other_runner",
    "editor",
    "anonymous",
]

LOGIN = "login"
MFA = "mfa"


def expected(persona: str, route: Route) -> int | str:
    if persona == "anonymous":
        return 401 if route.kind == "api" else LOGIN
    if route.kind == "clinic":
        if persona == "physio":
            return route.ok
        if persona == "physio_without_totp":
            return MFA
        return 404
    return route.ok if persona == "patient" else 404


def send(client, route: Route, world):
    url = route.url(world)
    data = route.data(world)
    if route.kind == "api":
        return getattr(client, route.method)(
            url, data=json.dumps(data) if data else None, content_type="application/json"
        )
    return getattr(client, route.method)(url, data)


def fingerprint(patient) -> dict:
    """Everything about the patient's journal that a request could change."""
    return {
        "runs": sorted(Run.objects.filter(owner=patient).values_list("id", "notes", "distance_m", "date")),
        "checkins": sorted(Checkin.objects.filter(owner=patient).values_list("id", "notes")),
        "completions": sorted(ExerciseCompletion.objects.filter(owner=patient).values_list("id", "notes")),
        "prescriptions": sorted(
            ExercisePrescription.objects.filter(owner=patient).values_list("id", "ends_on")
        ),
        "flags": sorted(
            Flag.objects.filter(owner=patient).values_list("id", "acknowledged_at", "cleared_at")
        ),
        "shoes": sorted(Shoe.objects.filter(owner=patient).values_list("id", "name")),
        "notes": ClinicianNote.objects.filter(patient=patient).count(),
        "overrides": Profile.objects.get(user=patient).threshold_overrides,
    }


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(request, world, persona, route):
    user = request.getfixturevalue(persona)
    before = fingerprint(world.patient)
    logged_before = AccessLog.objects.count()

    response = send(login(user), route, world)

    want = expected(persona, route)
    if want == LOGIN:
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("account_login")
    elif want == MFA:
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("mfa_activate_totp")
        assert location.query == f"next={urlsplit(route.url(world)).path}"
    else:
        assert response.status_code == want, response.content[:500]

    if want in (404, 401, LOGIN, MFA):
        # Refused: nothing of the patient's shown, nothing changed, nothing logged as seen.
        assert b"Pat Patient" not in response.content
        assert fingerprint(world.patient) == before
        assert AccessLog.objects.count() == logged_before
    elif route.kind == "clinic":
        # Every clinic page that answered was written to the patient's access log.
        assert AccessLog.objects.filter(physio=user, patient=world.patient).count() == logged_before + 1


def test_mfa_redirect_never_carries_the_data(world, physio_without_totp):
    client = login(physio_without_totp)
    response = client.get(reverse("clinic:patient", args=[world.patient.pk]), follow=True)
    html = response.content.decode()
    # First to setting up an authenticator (allauth may ask for the password again on the way).
    assert response.redirect_chain[0][0].startswith(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "Pat Patient" not in html
    assert AccessLog.objects.count() == 0


def test_revoked_a_moment_ago_the_very_next_request_is_refused(world, physio, patient):
    client = login(physio)
    url = reverse("clinic:patient", args=[patient.pk])
    assert client.get(url).status_code == 200
    care_link = CareLink.objects.get(runner=patient, physio=physio, revoked_at=None)
    login(patient).post(reverse("sharing_revoke", args=[care_link.pk]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("clinic:export", args=[patient.pk])).status_code == 404


# No other patient's rows in any list


def test_triage_lists_only_the_physios_own_linked_patients(world, physio, other_runner, revoked_physio):
    # other_runner is somebody's patient, just not physio's.
    other_physio = make_physio("other-physio@example.com", "Olga Other")
    link(other_runner, other_physio)
    html = login(physio).get(reverse("clinic:triage")).content.decode()
    assert "Pat Patient" in html
    assert "Otto Other" not in html
    assert reverse("clinic:patient", args=[other_runner.pk]) not in html

    other_html = login(other_physio).get(reverse("clinic:triage")).content.decode()
    assert "Otto Other" in other_html and "Pat Patient" not in other_html


@pytest.mark.parametrize("persona", ["unlinked_physio", "revoked_physio"])
def test_triage_of_a_physio_without_a_link_is_empty(request, world, persona):
    response = login(request.getfixturevalue(persona)).get(reverse("clinic:triage"))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Pat Patient" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/runs/",
        "/api/v1/checkins/",
        "/api/v1/flags/?status=all",
        "/api/v1/prescriptions/",
        "/api/v1/exercise-completions/",
        "/api/v1/shoes/",
        "/api/v1/injuries/",
    ],
)
def test_api_lists_of_a_physio_hold_none_of_the_patients_rows(world, physio, path):
    response = login(physio).get(path)
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows == []
    assert str(world.patient.pk) not in json.dumps(rows)


def test_api_lists_of_the_patient_hold_their_rows(world, patient):
    runs = login(patient).get("/api/v1/runs/").json()["results"]
    assert {r["id"] for r in runs} == {
        str(pk) for pk in Run.objects.filter(owner=patient).values_list("id", flat=True)
    }


def test_a_physio_cannot_write_into_the_patients_journal_through_the_api(world, physio):
    client = login(physio)
    # Re-using the patient's run id to create or replace it answers 404, not a conflict that confirms it.
    response = client.put(
        f"/api/v1/runs/{world.run.pk}/",
        data=json.dumps({"date": "2026-11-19", "distance_m": 1000, "duration_s": 400}),
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        "/api/v1/runs/",
        data=json.dumps(
            {"id": str(world.run.pk), "date": "2026-11-19", "distance_m": 1000, "duration_s": 400}
        ),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Run.objects.get(pk=world.run.pk).owner_id == world.patient.pk


@pytest.mark.parametrize(
    "model", ["run", "checkin", "exerciseprescription", "exercisecompletion", "shoe", "profile"]
)
def test_a_content_editor_cannot_read_journals_in_the_admin(world, editor, model):
    client = login(editor)
    assert client.get(reverse("admin:injuries_exercise_changelist")).status_code == 200
    obj = {
        "run": world.run,
        "checkin": world.checkin,
        "exerciseprescription": world.prescription,
        "exercisecompletion": world.completion,
        "shoe": world.shoe,
        "profile": world.patient.profile,
    }[model]
    for url in (
        reverse(f"admin:journal_{model}_changelist"),
        reverse(f"admin:journal_{model}_change", args=[obj.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert b"Pat Patient" not in response.content
