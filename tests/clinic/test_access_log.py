"""The access log: every look at or export of a patient's journal is recorded, without health values."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from journal.clinic import services as clinic
from journal.models import AccessLog, CareLink
from tests.clinic.conftest import TODAY, login

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)

ACTIONS = [
    ("get", "patient", lambda w: [], lambda w: {}, "viewed journal"),
    ("get", "patient", lambda w: [], lambda w: {"period": "26w"}, "viewed journal"),
    (
        "post",
        "note_create",
        lambda w: [],
        lambda w: {"text": "Pain 7 after hills; rest 3 days."},
        "added a note",
    ),
    ("get", "prescribe", lambda w: [], lambda w: {}, "opened the prescribe form"),
    (
        "post",
        "prescribe",
        lambda w: [],
        lambda w: {
            "exercise": w.exercise.slug,
            "sets": "4",
            "reps": "12",
            "times_per_week": "5",
            "starts_on": TODAY.isoformat(),
        },
        "prescribed an exercise",
    ),
    ("post", "prescription_end", lambda w: [w.prescription.pk], lambda w: {}, "ended a prescription"),
    ("get", "thresholds", lambda w: [], lambda w: {}, "opened the thresholds form"),
    ("post", "thresholds", lambda w: [], lambda w: {"pain_during_run_limit": "6"}, "set thresholds"),
    ("post", "flag_ack", lambda w: [w.flag.pk], lambda w: {}, "acknowledged a flag"),
    ("get", "export", lambda w: [], lambda w: {}, "exported journal"),
]


def act(client, world, method, name, args, data):
    url = reverse(f"clinic:{name}", args=[world.patient.pk, *args(world)])
    return getattr(client, method)(url, data(world))


@pytest.mark.parametrize(
    ("method", "name", "args", "data", "action"), ACTIONS, ids=[f"{a[0]}-{a[1]}" for a in ACTIONS]
)
def test_every_physio_view_and_export_is_logged(world, physio, patient, method, name, args, data, action):
    response = act(login(physio), world, method, name, args, data)
    assert response.status_code in (200, 302)
    entry = AccessLog.objects.get()
    assert (entry.physio, entry.patient, entry.action, entry.at) == (physio, patient, action, NOW)


def test_the_log_holds_who_whom_what_and_when_and_no_health_values(world, physio, patient):
    client = login(physio)
    for method, name, args, data, _ in ACTIONS:
        act(client, world, method, name, args, data)
    entries = list(AccessLog.objects.all())
    assert len(entries) == len(ACTIONS)
    # The model has nowhere to put anything else...
    assert {f.name for f in AccessLog._meta.get_fields()} == {"id", "physio", "patient", "action", "at"}
    # ...and the action is a fixed phrase: no pain scores, distances, dates, note text or flag titles.
    for entry in entries:
        assert not re.search(r"\d", entry.action), entry.action
        assert entry.action in {a[-1] for a in ACTIONS}
        assert "walk four steps" not in entry.action and "hills" not in entry.action


def test_triage_and_adding_a_patient_write_nothing_about_patients_not_opened(world, physio):
    client = login(physio)
    client.get(reverse("clinic:triage"))
    client.get(reverse("clinic:invite"))
    assert not AccessLog.objects.filter(action__in=["viewed journal", "exported journal"]).exists()


def test_the_patient_reads_the_log_on_settings(frozen_time, world, physio, patient):
    client = login(physio)
    client.get(reverse("clinic:patient", args=[patient.pk]))
    frozen_time.shift(timedelta(minutes=5))
    client.get(reverse("clinic:export", args=[patient.pk]))

    response = login(patient).get(reverse("journal:settings"))
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('<h2 id="access-log">') :]
    # Newest first, in the patient's own time zone (London, GMT in November).
    exported = section.index("20 Nov 2026, 12:05: Phil Physio exported journal")
    viewed = section.index("20 Nov 2026, 12:00: Phil Physio viewed journal")
    assert exported < viewed


def test_the_log_is_shown_once_in_the_page_not_in_its_title(world, physio, patient):
    login(physio).get(reverse("clinic:patient", args=[patient.pk]))
    html = login(patient).get(reverse("journal:settings")).content.decode()
    assert re.search(r"<title>\s*Settings · Footnote\s*</title>", html), re.search(
        r"<title>.*?</title>", html, re.S
    )
    assert html.count('id="access-log"') == 1
    assert html.count("Phil Physio viewed journal") == 1


def test_the_log_outlives_the_link(world, physio, patient):
    login(physio).get(reverse("clinic:patient", args=[patient.pk]))
    clinic.link_revoke(runner=patient, link_id=CareLink.objects.get(runner=patient, physio=physio).pk)
    html = login(patient).get(reverse("journal:settings")).content.decode()
    assert "Phil Physio viewed journal" in html


def test_another_runners_settings_do_not_show_it(world, physio, patient, other_runner):
    login(physio).get(reverse("clinic:patient", args=[patient.pk]))
    html = login(other_runner).get(reverse("journal:settings")).content.decode()
    assert "Nobody has looked at your journal." in html
    assert "Phil Physio" not in html and "viewed journal" not in html


def test_the_physio_sees_no_log_of_their_own_patient_reads_on_their_settings(world, physio, patient):
    login(physio).get(reverse("clinic:patient", args=[patient.pk]))
    html = login(physio).get(reverse("journal:settings")).content.decode()
    assert "Pat Patient" not in html
    assert "Nobody has looked at your journal." in html
