"""The physiotherapist's CSV of a patient's journal: the patient's unit, every check-in answer, flags,
notes and prescriptions, oldest first, with no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from journal.clinic import services as clinic
from journal.models import AccessLog, Checkin, ClinicianNote, Flag
from tests.clinic.conftest import TODAY, link, login, make_physio
from tests.factories import make_checkin, make_completion, make_exercise, make_run

MILE_M = 1609.344


def export(physio, patient) -> list[dict]:
    response = login(physio).get(reverse("clinic:export", args=[patient.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def header(physio, patient) -> list[str]:
    response = login(physio).get(reverse("clinic:export", args=[patient.pk]))
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def of_kind(rows: list[dict], kind: str) -> list[dict]:
    return [row for row in rows if row["kind"] == kind]


@pytest.fixture
def mile_patient(mile_runner, physio):
    link(mile_runner, physio)
    # 5 miles in 40 minutes: 8:00 a mile.
    make_run(
        mile_runner, day=date(2026, 11, 18), distance_m=round(5 * MILE_M), duration_s=40 * 60, pain_during=2
    )
    return mile_runner


# Units


def test_a_km_runners_distances_are_in_km(patient, physio):
    columns = header(physio, patient)
    assert "distance_km" in columns and "pace_per_km" in columns
    assert not any(column.endswith("_mi") or column == "distance_m" for column in columns)
    run = next(row for row in of_kind(export(physio, patient), "run") if row["date"] == "2026-11-14")
    # 10 km in 3,300 s (the factory's pace): 55 minutes, 5:30 a kilometre.
    assert (run["distance_km"], run["duration"], run["pace_per_km"]) == ("10.00", "0:55:00", "5:30")


def test_a_mile_runners_distances_are_in_miles(mile_patient, physio):
    columns = header(physio, mile_patient)
    assert "distance_mi" in columns and "pace_per_mi" in columns
    assert "distance_km" not in columns
    [run] = of_kind(export(physio, mile_patient), "run")
    assert (run["distance_mi"], run["duration"], run["pace_per_mi"], run["pain_during"]) == (
        "5.00",
        "0:40:00",
        "8:00",
        "2",
    )


# Check-ins: every answer, unknown pain left empty


def test_pain_not_given_is_an_empty_cell_never_zero(patient, physio):
    make_checkin(patient, day=TODAY, pain_now=None, notes="Forgot to score it")
    make_run(patient, day=TODAY, distance_m=3000, pain_during=None)
    rows = export(physio, patient)
    checkin = next(row for row in of_kind(rows, "checkin") if row["notes"] == "Forgot to score it")
    assert (checkin["pain_now"], checkin["pain_waking"]) == ("", "")
    run = next(row for row in of_kind(rows, "run") if row["distance_km"] == "3.00")
    assert run["pain_during"] == ""
    # A pain that was given, 0 included, is written.
    make_checkin(patient, day=TODAY, pain_now=0, notes="Pain free")
    checkin = next(row for row in of_kind(export(physio, patient), "checkin") if row["notes"] == "Pain free")
    assert checkin["pain_now"] == "0"


def test_every_check_in_answer_is_a_column_red_flags_included(patient, physio):
    assert set(Checkin.ANSWER_FIELDS) <= set(header(physio, patient))
    make_checkin(
        patient,
        day=TODAY,
        pain_now=7,
        pain_waking=4,
        side="left",
        locations=["inner_ankle", "heel"],
        pain_kinds=["sharp", "tingling"],
        swelling="severe",
        bruising=True,
        can_walk_four_steps=False,
        recent_trauma=True,
        bone_tenderness=["medial_malleolus", "navicular"],
        calf_swollen_warm=True,
        area_red_warm=True,
        fever=True,
        heel_raises_ok=False,
        notes="Rolled it on a kerb",
    )
    row = next(
        row for row in of_kind(export(physio, patient), "checkin") if row["notes"] == "Rolled it on a kerb"
    )
    assert row["side"] == "Left"
    assert row["locations"] == "Inner ankle; Heel"
    assert row["pain_kinds"] == "Sharp; Tingling / pins and needles"
    assert row["bone_tenderness"] == (
        "Behind or at the tip of the inner ankle bone; The bump on the inner side of the midfoot (navicular)"
    )
    assert (row["pain_now"], row["pain_waking"], row["swelling"]) == ("7", "4", "severe")
    assert (row["can_walk_four_steps"], row["calf_swollen_warm"], row["fever"], row["bruising"]) == (
        "no",
        "yes",
        "yes",
        "yes",
    )
    assert (row["pain_at_rest_or_night"], row["recent_trauma"], row["area_red_warm"]) == ("no", "yes", "yes")
    # Readiness tests: "no" when failed, empty when not tried.
    assert (row["heel_raises_ok"], row["hop_ok"]) == ("no", "")


# Flags, notes, prescriptions


def test_flags_with_severity_side_raised_and_cleared(patient, physio):
    rows = of_kind(export(physio, patient), "flag")
    urgent = next(row for row in rows if row["flag_code"] == "red_cannot_bear_weight")
    assert urgent["severity"] == "Urgent"
    assert urgent["side"] == "Right"
    # Worded about the patient, as on the patient page.
    assert urgent["what"] == "The patient can't walk four steps"
    # Raised at noon UTC, 12:00 in London in November; still open.
    assert (urgent["raised"], urgent["cleared"]) == ("2026-11-20 12:00", "")
    assert (urgent["date"], urgent["time"]) == ("2026-11-20", "12:00")

    Flag.objects.filter(code="red_cannot_bear_weight").update(
        cleared_at=datetime(2026, 11, 20, 13, 30, tzinfo=UTC)
    )
    urgent = next(
        row for row in of_kind(export(physio, patient), "flag") if row["flag_code"] == urgent["flag_code"]
    )
    assert urgent["cleared"] == "2026-11-20 13:30"


def test_the_runners_notes_and_the_clinical_notes(patient, physio):
    make_run(patient, day=TODAY, distance_m=4000, notes="Calf tight after 3 km")
    make_completion(patient, day=TODAY, pain_during=2, notes="Easier today")
    colleague = make_physio("colleague@example.com", "Cora Colleague")
    link(patient, colleague)
    clinic.note_create(physio=physio, patient=patient, text="Load down 20% this week.", private=False)
    clinic.note_create(physio=physio, patient=patient, text="Query tarsal tunnel.", private=True)
    clinic.note_create(physio=colleague, patient=patient, text="Seen for shockwave.", private=False)
    clinic.note_create(physio=colleague, patient=patient, text="Colleague's own thoughts.", private=True)
    rows = export(physio, patient)

    assert "Calf tight after 3 km" in [row["notes"] for row in of_kind(rows, "run")]
    done = next(row for row in of_kind(rows, "exercise") if row["notes"] == "Easier today")
    assert (done["what"], done["pain_during"], done["dose"]) == ("Ankle alphabet", "2", "3 sets")
    notes = {row["notes"]: row for row in of_kind(rows, "clinical_note")}
    assert set(notes) == {"Load down 20% this week.", "Query tarsal tunnel.", "Seen for shockwave."}
    assert (notes["Query tarsal tunnel."]["what"], notes["Query tarsal tunnel."]["by"]) == (
        "Private note",
        "Phil Physio",
    )
    assert notes["Seen for shockwave."]["by"] == "Cora Colleague"
    assert notes["Seen for shockwave."]["what"] == "Note shared with the patient"


def test_prescriptions_with_exercise_dose_dates_and_notes(patient, physio, prescription):
    held = make_exercise("wall-sit", "Wall sit")
    clinic.prescription_create(
        physio=physio,
        patient=patient,
        exercise=held,
        sets=2,
        hold_s=45,
        times_per_week=7,
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY,
        notes="Stop if the knee aches.",
    )
    rows = {row["what"]: row for row in of_kind(export(physio, patient), "prescription")}
    assert rows["Heel raises"]["dose"] == "3 × 15, twice a week"
    assert (rows["Heel raises"]["starts_on"], rows["Heel raises"]["ends_on"]) == ("2026-11-16", "")
    assert rows["Heel raises"]["by"] == "Phil Physio"
    wall = rows["Wall sit"]
    assert (wall["dose"], wall["starts_on"], wall["ends_on"], wall["notes"]) == (
        "2 × 45 s hold, daily",
        "2026-11-10",
        "2026-11-20",
        "Stop if the knee aches.",
    )
    assert wall["date"] == "2026-11-10"


def test_one_file_oldest_first(patient, physio, prescription):
    rows = export(physio, patient)
    assert {row["kind"] for row in rows} == {"checkin", "run", "exercise", "flag", "prescription"}
    keys = [(row["date"], row["time"]) for row in rows]
    assert keys == sorted(keys)
    assert rows[0]["date"] == "2026-11-12"


# Safety and access


def test_no_cell_is_a_formula(patient, physio):
    make_checkin(patient, day=TODAY, notes='=HYPERLINK("http://evil.example","click")')
    make_run(patient, day=TODAY, distance_m=2000, notes="+44 call me")
    clinic.note_create(physio=physio, patient=patient, text="@SUM(A1:A9)", private=False)
    make_completion(patient, day=TODAY, exercise=make_exercise("evil", "-2+3 lunges"))
    rows = list(
        csv.reader(
            io.StringIO(
                login(physio).get(reverse("clinic:export", args=[patient.pk])).content.decode("utf-8-sig")
            )
        )
    )
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'+44 call me" in cells and "'@SUM(A1:A9)" in cells and "'-2+3 lunges" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_the_export_is_logged_and_refused_to_a_physio_not_linked(patient, physio, unlinked_physio):
    assert login(unlinked_physio).get(reverse("clinic:export", args=[patient.pk])).status_code == 404
    assert not AccessLog.objects.exists()
    export(physio, patient)
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["exported journal"]


def test_query_count_does_not_grow_with_the_journal(
    patient, physio, prescription, django_assert_max_num_queries
):
    client = login(physio)
    url = reverse("clinic:export", args=[patient.pk])
    client.get(url)
    with django_assert_max_num_queries(13) as few:
        client.get(url)
    for n in range(1, 9):
        make_run(patient, day=TODAY - timedelta(days=20 + n), distance_m=5000 + n, notes=f"run {n}")
        make_checkin(patient, day=TODAY - timedelta(days=20 + n), pain_now=n % 3)
        ClinicianNote.objects.create(patient=patient, author=physio, text=f"note {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))) > 30
