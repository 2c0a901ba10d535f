"""The access log says what happened: a form opened is not a prescription; admin reads are in it too."""

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import AccessLog, ExercisePrescription, Run
from tests.clinic.conftest import login
from tests.factories import make_superuser


def test_a_refused_prescription_is_logged_as_the_form_opened(world, physio, patient):
    before = ExercisePrescription.objects.count()
    response = login(physio).post(
        reverse("clinic:prescribe", args=[patient.pk]), {"exercise": world.exercise.slug, "sets": "0"}
    )
    assert response.status_code == 400
    assert ExercisePrescription.objects.count() == before
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["opened the prescribe form"]


def test_refused_thresholds_are_logged_as_the_form_opened(world, physio, patient):
    response = login(physio).post(
        reverse("clinic:thresholds", args=[patient.pk]), {"pain_during_run_limit": "11"}
    )
    assert response.status_code == 400
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["opened the thresholds form"]


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(make_superuser())
    return client


def test_a_superusers_list_of_runs_is_in_each_runners_log(admin_client, world, patient, other_runner):
    response = admin_client.get(reverse("admin:journal_run_changelist"))
    assert response.status_code == 200
    admin = AccessLog.objects.filter(physio__email="admin@example.com")
    assert set(admin.values_list("patient", "action")) == {
        (patient.pk, "listed in the admin"),
        (other_runner.pk, "listed in the admin"),
    }


def test_a_superuser_opening_a_checkin_is_in_that_runners_log(admin_client, world, patient):
    response = admin_client.get(reverse("admin:journal_checkin_change", args=[world.checkin.pk]))
    assert response.status_code == 200
    entry = AccessLog.objects.get(physio__email="admin@example.com")
    assert (entry.patient, entry.action) == (patient, "opened an entry in the admin")
    html = login(patient).get(reverse("journal:settings")).content.decode()
    assert "opened an entry in the admin" in html


def test_an_empty_list_and_a_missing_entry_log_nothing(admin_client, db):
    assert admin_client.get(reverse("admin:journal_run_changelist")).status_code == 200
    missing = "00000000-0000-4000-8000-000000000000"
    admin_client.get(reverse("admin:journal_run_change", args=[missing]))
    assert not Run.objects.exists()
    assert not AccessLog.objects.exists()
