"""The printable appointment report, for the runner and (with their permission) their physiotherapist."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from journal.clinic import services as clinic
from journal.models import AccessLog, CareLink, ClinicianNote
from tests.clinic.conftest import login
from tests.factories import make_exercise


def test_the_runners_report_has_charts_flags_injury_adherence_and_notes(patient, physio):
    from journal.entries import services

    services.episode_record(
        owner=patient, label="Sore outer ankle", side="right", onset_date=date(2026, 11, 10), onset="sudden"
    )
    clinic.prescription_create(
        physio=physio,
        patient=patient,
        exercise=make_exercise(),
        sets=3,
        reps=10,
        starts_on=date(2026, 11, 14),
        times_per_week=7,
    )
    ClinicianNote.objects.create(patient=patient, author=physio, text="Shared: ice after runs")
    ClinicianNote.objects.create(patient=patient, author=physio, text="Private: check gait", private=True)
    page = login(patient).get(reverse("report"), {"weeks": "4"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Appointment report" in html
    assert "24 Oct 2026 to 20 Nov 2026 (4 weeks)" in html
    assert 'id="report-pain-chart"' in html and 'id="report-distance-chart"' in html
    assert "Sore outer ankle" in html and "suspected" in html
    assert "Open now" in html and "Source:" in html  # the urgent flag with its evidence and source
    assert "Shared: ice after runs" in html
    assert "Private: check gait" not in html
    assert "Ankle alphabet" in html  # the adherence table
    # A document, not the app: no tab bar.
    assert 'class="tabs"' not in html
    assert "report-a4.css" in html


@pytest.mark.parametrize(
    ("weeks", "ok"), [("3", False), ("4", True), ("12", True), ("13", False), ("x", False)]
)
def test_the_period_is_4_to_12_weeks(patient, weeks, ok):
    page = login(patient).get(reverse("report"), {"weeks": weeks})
    assert page.status_code == (200 if ok else 400)
    assert ("Choose a period of 4 to 12 weeks." in page.content.decode()) is not ok


def test_letter_paper_uses_the_letter_page_size(patient):
    html = login(patient).get(reverse("report"), {"paper": "letter"}).content.decode()
    assert "report-letter.css" in html
    assert login(patient).get(reverse("report"), {"paper": "a3"}).status_code == 400


def test_physio_needs_the_runners_permission_and_each_export_is_logged(patient, physio):
    url = reverse("clinic:report", args=[patient.pk])
    client = login(physio)
    assert client.get(url).status_code == 404
    assert (
        "The appointment report needs your patient"
        in client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    )
    care_link = CareLink.objects.get(runner=patient, physio=physio, revoked_at__isnull=True)
    login(patient).post(reverse("sharing_report", args=[care_link.pk]), {"allow": "1"})
    assert client.get(url).status_code == 200
    assert (
        AccessLog.objects.filter(
            physio=physio, patient=patient, action="exported the appointment report"
        ).count()
        == 1
    )
    assert (
        reverse("clinic:report", args=[patient.pk])
        in client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    )
    # Withdrawn: 404 again at once.
    login(patient).post(reverse("sharing_report", args=[care_link.pk]), {"allow": "0"})
    assert client.get(url).status_code == 404


def test_others_get_404(patient, physio, unlinked_physio, revoked_physio, other_runner):
    CareLink.objects.filter(runner=patient).update(report_allowed=True)
    url = reverse("clinic:report", args=[patient.pk])
    for outsider in (unlinked_physio, revoked_physio, other_runner):
        assert login(outsider).get(url).status_code == 404
    assert not AccessLog.objects.filter(action="exported the appointment report").exists()
    # Only the runner can change the permission on their own link.
    care_link = CareLink.objects.get(runner=patient, physio=physio, revoked_at__isnull=True)
    assert (
        login(other_runner).post(reverse("sharing_report", args=[care_link.pk]), {"allow": "0"}).status_code
        == 404
    )
    assert CareLink.objects.get(pk=care_link.pk).report_allowed is True
