"""Flags on the patient page speak about the patient, most severe first; the runner's words stay."""

from __future__ import annotations

import pytest

from journal.flags.clinician import for_clinician
from journal.models import Flag


@pytest.mark.parametrize(
    ("runner_text", "clinician_text"),
    [
        ("You can't walk four steps", "The patient can't walk four steps"),
        (
            "You reported that you cannot put weight on your left foot for four steps.",
            "The patient reported that they cannot put weight on their left foot for four steps.",
        ),
        ("Your pain is trending up", "The patient's pain is trending up"),
        ("Pain during your run was high", "Pain during their run was high"),
        ("You have logged pain on your right side", "The patient has logged pain on their right side"),
        ("You are running more", "The patient is running more"),
        ("Youth and layout stay as they are", "Youth and layout stay as they are"),
    ],
)
def test_flag_words_for_the_clinician(runner_text, clinician_text):
    assert for_clinician(runner_text) == clinician_text


def test_patient_page_words_flags_for_the_clinician(physio_client, patient):
    page = physio_client.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert "The patient can&#x27;t walk four steps" in page
    assert "The patient reported that they cannot put weight on their" in page
    assert "You can&#x27;t walk four steps" not in page
    # What the runner reads is unchanged.
    assert Flag.objects.get(owner=patient, code="red_cannot_bear_weight").title == "You can't walk four steps"


def test_open_flags_come_most_severe_first(physio_client, patient, frozen_time):
    from tests.factories import make_run

    frozen_time.shift(60)
    make_run(patient, day=patient.profile.today(), distance_m=5000, pain_during=8)
    open_flags = physio_client.get(f"/clinic/patients/{patient.pk}/").context["open_flags"]
    assert len(open_flags) >= 2
    assert open_flags[0].code == "red_cannot_bear_weight"
    ranks = [flag.severity_rank for flag in open_flags]
    assert ranks == sorted(ranks, reverse=True)
