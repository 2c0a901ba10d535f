"""What a linked physiotherapist does: notes, prescriptions, thresholds, acknowledging flags, export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from injuries.models import Condition
from journal.clinic import services as clinic
from journal.entries import services
from journal.models import AccessLog, ClinicianNote, ExerciseCompletion, ExercisePrescription, Flag, Profile
from tests.clinic.conftest import TODAY, link, login
from tests.factories import make_exercise, make_run

# Notes


def post_note(physio, patient, text, private=False):
    data = {"text": text}
    if private:
        data["private"] = "on"
    return login(physio).post(reverse("clinic:note_create", args=[patient.pk]), data)


def test_notes_reach_the_patient_unless_private(patient, physio):
    assert post_note(physio, patient, "Keep to flat routes this week.").status_code == 302
    assert post_note(physio, patient, "Query fat pad irritation.", private=True).status_code == 302
    assert ClinicianNote.objects.filter(patient=patient).count() == 2

    client = login(patient)
    # The physiotherapist's notes are with the trends, which Today fetches once scrolled to.
    today = client.get(reverse("journal:trends")).content.decode()
    assert "From your physiotherapist" in today
    assert "Keep to flat routes this week." in today and "Phil Physio" in today
    assert "fat pad" not in today
    sharing = client.get(reverse("sharing")).content.decode()
    assert "Keep to flat routes this week." in sharing
    assert "fat pad" not in sharing

    mine = login(physio).get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "Keep to flat routes this week." in mine
    assert re.search(r'<span class="tag">Private</span>: Query fat pad irritation.', mine)


def test_a_private_note_is_hidden_from_other_physios_of_the_same_patient(patient, physio, unlinked_physio):
    link(patient, unlinked_physio)
    post_note(physio, patient, "Query fat pad irritation.", private=True)
    post_note(physio, patient, "Shared plan: easy week.")
    html = login(unlinked_physio).get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "Shared plan: easy week." in html
    # "Private: only I see it" — not the patient, and not another physiotherapist either.
    assert "fat pad" not in html


def test_an_empty_note_is_refused_with_a_message(patient, physio):
    response = login(physio).post(
        reverse("clinic:note_create", args=[patient.pk]), {"text": "   "}, follow=True
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ClinicianNote.objects.exists()


# Prescriptions


def prescription_data(chosen, **overrides):
    data = {
        "exercise": chosen.slug,
        "sets": "3",
        "reps": "15",
        "hold_s": "",
        "times_per_week": "2",
        "starts_on": TODAY.isoformat(),
        "ends_on": "",
        "notes": "Slowly on the way down.",
    }
    return {**data, **overrides}


def prescribe(physio, patient, data):
    return login(physio).post(reverse("clinic:prescribe", args=[patient.pk]), data)


def test_prescription_from_the_library_reaches_today_and_adherence_reaches_the_physio(
    patient, physio, library_exercise
):
    form_page = login(physio).get(reverse("clinic:prescribe", args=[patient.pk]))
    assert form_page.status_code == 200
    assert "Heel raises" in form_page.content.decode()

    response = prescribe(physio, patient, prescription_data(library_exercise))
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:patient", args=[patient.pk])
    prescription = ExercisePrescription.objects.get(owner=patient)
    assert (prescription.prescribed_by, prescription.sets, prescription.reps) == (physio, 3, 15)

    runner = login(patient)
    today = runner.get(reverse("journal:trends")).content.decode()
    exercises = today[today.index("Today's exercises") :]
    assert "Heel raises" in exercises and "3 × 15" in exercises
    assert reverse("journal:prescription_done", args=[prescription.pk]) in exercises

    done = runner.post(reverse("journal:prescription_done", args=[prescription.pk]), {"pain_during": "2"})
    assert done.status_code == 302
    completion = ExerciseCompletion.objects.get(owner=patient, prescription=prescription)
    assert (completion.date, completion.pain_during, completion.exercise) == (TODAY, 2, library_exercise)
    assert "Heel raises: done today" in runner.get(reverse("journal:trends")).content.decode()

    html = login(physio).get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    start = html.index('<table class="adherence-table">')
    table = html[start : html.index("</table>", start)]
    row = re.search(r'<th scope="row">Heel raises</th>(.*?)</tr>', table, flags=re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row)
    # Four weeks, the last being this one: done 1 of 2, with pain up to 2.
    assert cells[-1] == "1/2 · pain ≤2"
    assert cells[:-1] == ["–", "–", "–"]


def test_ticking_off_with_impossible_pain_records_nothing(patient, prescription):
    response = login(patient).post(
        reverse("journal:prescription_done", args=[prescription.pk]), {"pain_during": "eleven"}, follow=True
    )
    assert response.status_code == 200
    assert not ExerciseCompletion.objects.filter(prescription=prescription).exists()


def test_a_hold_instead_of_reps_is_accepted(patient, physio, library_exercise):
    response = prescribe(physio, patient, prescription_data(library_exercise, reps="", hold_s="45"))
    assert response.status_code == 302
    assert ExercisePrescription.objects.get(owner=patient).hold_s == 45


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reps": "", "hold_s": ""}, "reps", "Give the reps, or a hold time in seconds."),
        ({"sets": "0"}, "sets", "Sets is a number from 1 to 20."),
        (
            {"starts_on": TODAY.isoformat(), "ends_on": (TODAY - timedelta(days=1)).isoformat()},
            "ends_on",
            "The end date cannot be before the start.",
        ),
        ({"exercise": "no-such-exercise"}, "exercise", "Choose an exercise from the library."),
        ({"times_per_week": "0"}, "times_per_week", "Times per week is a number from 1 to 21."),
    ],
)
def test_bad_prescription_input_is_refused_with_messages(
    patient, physio, library_exercise, overrides, field, message
):
    response = prescribe(physio, patient, prescription_data(library_exercise, **overrides))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not ExercisePrescription.objects.exists()


def test_an_unpublished_exercise_cannot_be_prescribed(patient, physio):
    hidden = make_exercise("draft-move", "Draft move")
    hidden.is_published = False
    hidden.save()
    response = prescribe(physio, patient, prescription_data(hidden))
    assert response.status_code == 400
    assert not ExercisePrescription.objects.exists()


def test_ending_a_prescription(patient, physio, prescription):
    response = login(physio).post(reverse("clinic:prescription_end", args=[patient.pk, prescription.pk]))
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert prescription.ends_on == TODAY


# Thresholds


def pain_flag(patient):
    return Flag.objects.filter(owner=patient, code="pain_during_run_high", cleared_at=None).first()


def test_threshold_overrides_re_evaluate_flags_and_are_shown_to_the_runner(patient, physio):
    make_run(patient, day=TODAY, distance_m=5000, pain_during=4)
    flag = pain_flag(patient)
    assert flag is not None, "pain 4/10 is above the default limit of 3/10"

    client = login(physio)
    form = client.get(reverse("clinic:thresholds", args=[patient.pk]))
    assert form.status_code == 200
    response = client.post(
        reverse("clinic:thresholds", args=[patient.pk]),
        {"pain_model": "tendon", "pain_during_run_limit": "5"},
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=patient).threshold_overrides == {
        "pain_model": "tendon",
        "pain_during_run_limit": 5,
    }
    flag.refresh_from_db()
    assert flag.cleared_at is not None
    assert pain_flag(patient) is None

    today = login(patient).get(reverse("journal:trends")).content.decode()
    assert "Your physiotherapist has set" in today
    assert "Pain-monitoring model: tendon (up to 5/10 if settled by next morning)" in today
    assert "Highest acceptable pain during a run (0–10): 5" in today
    assert "Your limit for pain during a run is 5/10 (tendon pain-monitoring model)." in today
    assert "Pain during your run was high" not in today

    # And the physiotherapist sees what they set.
    mine = client.get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "Thresholds you set" in mine


def test_the_tendon_model_alone_raises_the_limit_to_five(patient, physio):
    make_run(patient, day=TODAY, distance_m=5000, pain_during=4)
    clinic.thresholds_set(physio=physio, patient=patient, overrides={"pain_model": "tendon"})
    assert pain_flag(patient) is None
    make_run(patient, day=TODAY, distance_m=3000, pain_during=6)
    assert pain_flag(patient) is not None


def test_clearing_the_overrides_brings_the_default_back(patient, physio):
    make_run(patient, day=TODAY, distance_m=5000, pain_during=4)
    client = login(physio)
    client.post(reverse("clinic:thresholds", args=[patient.pk]), {"pain_model": "tendon"})
    assert pain_flag(patient) is None
    client.post(reverse("clinic:thresholds", args=[patient.pk]), {"pain_model": ""})
    assert Profile.objects.get(user=patient).threshold_overrides == {}
    assert pain_flag(patient) is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"load_spike_info_pct": "40", "load_spike_caution_pct": "20"},
            "The noted rise must not be above the caution rise.",
        ),
        ({"pain_during_run_limit": "11"}, "Ensure this value is less than or equal to 10."),
        ({"pain_model": "vibes"}, "Select a valid choice."),
    ],
)
def test_bad_thresholds_are_refused(patient, physio, data, message):
    response = login(physio).post(reverse("clinic:thresholds", args=[patient.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Profile.objects.get(user=patient).threshold_overrides == {}


def test_a_noted_rise_above_the_default_caution_rise_is_refused(patient, physio):
    # The default caution rise is 30%: a noted rise of 40% alone is as contradictory as 40 over 20.
    response = login(physio).post(
        reverse("clinic:thresholds", args=[patient.pk]), {"load_spike_info_pct": "40"}
    )
    assert response.status_code == 400
    assert Profile.objects.get(user=patient).threshold_overrides == {}


# Flags


def test_a_physio_acknowledging_a_flag_shows_on_the_runners_card(world, patient, physio):
    flag = world.flag
    response = login(physio).post(reverse("clinic:flag_ack", args=[patient.pk, flag.pk]))
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.acknowledged_by == physio and flag.acknowledged_at is not None

    today = login(patient).get(reverse("journal:today")).content.decode()
    card = re.search(
        rf'<details class="flag[^"]*" id="flag-{flag.pk}">.*?</details>', today, flags=re.S
    ).group(0)
    assert "Seen by your physiotherapist." in card

    # The physiotherapist's view no longer offers the button.
    html = login(physio).get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert reverse("clinic:flag_ack", args=[patient.pk, flag.pk]) not in html


def test_the_runners_own_acknowledgement_is_not_credited_to_the_physio(world, patient):
    login(patient).post(reverse("journal:flag_action", args=[world.flag.pk, "acknowledge"]))
    today = login(patient).get(reverse("journal:today")).content.decode()
    assert "Seen by your physiotherapist." not in today


def test_a_cleared_flag_cannot_be_acknowledged(world, patient, physio):
    Flag.objects.filter(pk=world.flag.pk).update(cleared_at=world.flag.raised_at)
    response = login(physio).post(reverse("clinic:flag_ack", args=[patient.pk, world.flag.pk]))
    assert response.status_code == 404


def test_a_physio_cannot_acknowledge_another_patients_flag_through_their_own_patient(
    world, patient, physio, other_runner
):
    other_flag = Flag.objects.create(
        owner=other_runner,
        key="k",
        code="c",
        severity="urgent",
        severity_rank=4,
        title="t",
        message="m",
        action="a",
        source="s",
        raised_at=world.flag.raised_at,
        last_seen_at=world.flag.raised_at,
    )
    response = login(physio).post(reverse("clinic:flag_ack", args=[patient.pk, other_flag.pk]))
    assert response.status_code == 404
    other_flag.refresh_from_db()
    assert other_flag.acknowledged_at is None


# Export


def test_csv_export_holds_the_patients_entries_and_is_logged(world, patient, physio, other_runner):
    response = login(physio).get(reverse("clinic:export", args=[patient.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="footnote-patient-{patient.pk}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["date"] for r in rows if r["kind"] == "checkin"] == [
        "2026-11-15",
        "2026-11-17",
        "2026-11-19",
        "2026-11-20",
    ]
    assert [r["distance_km"] for r in rows if r["kind"] == "run"] == ["8.00", "10.00", "6.00", "5.00"]
    assert [r["what"] for r in rows if r["kind"] == "exercise"] == ["Ankle alphabet"]
    [today] = [r for r in rows if r["date"] == "2026-11-20" and r["kind"] == "checkin"]
    assert (today["pain_now"], today["pain_waking"], today["side"], today["can_walk_four_steps"]) == (
        "6",
        "",
        "Right",
        "no",
    )
    # Nothing of the other runner's journal.
    assert not any(r["date"] == "2026-11-18" and r["kind"] == "run" for r in rows)
    assert "7.00" not in response.content.decode()

    entry = AccessLog.objects.get(physio=physio, patient=patient)
    assert entry.action == "exported journal"


def test_the_patient_view_shows_the_journal(world, patient, physio):
    html = login(physio).get(reverse("clinic:patient", args=[patient.pk])).content.decode()
    assert "<h1>Pat Patient</h1>" in html
    # Worded for the clinician (journal/flags/clinician.py).
    assert "The patient can&#x27;t walk four steps" in html
    assert "pain 6/10" in html
    assert "Heel raises" in html
    for period in ("4w", "12w", "26w", "nonsense"):
        assert (
            login(physio).get(reverse("clinic:patient", args=[patient.pk]), {"period": period}).status_code
            == 200
        )


def test_patient_view_since_date(patient, physio):
    # An entry 9 weeks old is outside the default 8 weeks but inside 12.
    make_run(patient, day=date(2026, 9, 18), distance_m=4321)
    client = login(physio)
    url = reverse("clinic:patient", args=[patient.pk])
    assert "Fri 18 Sep" not in client.get(url).content.decode()
    assert "Fri 18 Sep" in client.get(url, {"period": "12w"}).content.decode()


def test_a_physiotherapists_clearance_to_run_is_stored_withdrawable_and_logged(
    patient, physio, unlinked_physio
):
    fracture = Condition.objects.create(
        slug="test-fracture",
        name="Test fracture",
        summary="s",
        how_it_feels="h",
        triggers="t",
        lookalikes="l",
        self_care="c",
        when_to_see_professional="w",
        recovery_time="r",
        return_to_run="r",
        min_days_before_return=42,
    )
    episode = services.episode_record(
        owner=patient, condition=fracture, side="right", onset_date=TODAY - timedelta(days=5), diagnosed=True
    )
    ready = {"pain_now": 0, "heel_raises_ok": True, "hop_ok": True, "side": "right"}
    services.checkin_record(owner=patient, date=TODAY, **ready)
    assert not Flag.objects.filter(owner=patient, code="ready_to_return", cleared_at=None).exists()
    url = reverse("clinic:return_clearance", args=[patient.pk, episode.pk])
    assert login(unlinked_physio).post(url, {"cleared": "1"}).status_code == 404
    assert login(physio).post(url, {"cleared": "1"}).status_code == 302
    episode.refresh_from_db()
    assert episode.cleared_to_return_on == TODAY and episode.cleared_by == physio
    assert AccessLog.objects.filter(
        physio=physio, patient=patient, action="cleared a return to running"
    ).exists()
    login(physio).post(url, {"cleared": "0"})
    episode.refresh_from_db()
    assert episode.cleared_to_return_on is None
    assert AccessLog.objects.filter(physio=physio, patient=patient, action="withdrew clearance").exists()
