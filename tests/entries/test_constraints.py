"""Every check constraint of a journal entry is said again by its clean(), beside the field.

Forms and services leave the check constraints to the database (asking it about each cost a query
on every save), so a value one of them refuses must never get past clean() to the insert.
"""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from journal.common.constants import MAX_RUN_M
from journal.models import Checkin, ExerciseCompletion, Run
from tests.factories import make_exercise

TODAY = date(2026, 11, 20)

VALID = {
    Checkin: {"date": TODAY, "time": time(7, 0), "side": "left", "pain_now": 2, "pain_waking": 1},
    Run: {"date": TODAY, "distance_m": 8000, "duration_s": 2700, "pain_during": 2, "effort": 5},
    ExerciseCompletion: {"date": TODAY, "sets_done": 3, "pain_during": 1},
}

# For each constraint, a value it refuses and the field whose error clean() must give.
REFUSED = {
    "checkin_pain_now_0_10_or_unknown": (Checkin, "pain_now", 11),
    "checkin_pain_waking_0_10": (Checkin, "pain_waking", 11),
    "run_distance_range": (Run, "distance_m", 0),
    "run_duration_positive": (Run, "duration_s", 0),
    "run_pain_0_10_or_unknown": (Run, "pain_during", 11),
    "run_effort_1_10": (Run, "effort", 0),
    "completion_pain_0_10": (ExerciseCompletion, "pain_during", 11),
    "completion_sets_1_20": (ExerciseCompletion, "sets_done", 21),
}
MORE_REFUSED = [
    (Run, "distance_m", MAX_RUN_M + 1),
    (Run, "effort", 11),
    (ExerciseCompletion, "sets_done", 0),
]


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 18:00:00+00:00", tick=False):
        yield


def check_constraints(model) -> list[str]:
    return [c.name for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]


def test_every_check_constraint_has_a_refused_value_here():
    assert sorted(name for model in VALID for name in check_constraints(model)) == sorted(REFUSED)


def entry(runner, model, **changes):
    values = {**VALID[model], **changes}
    if model is ExerciseCompletion:
        values["exercise"] = make_exercise()
    return model(owner=runner, **values)


@pytest.mark.parametrize("model", list(VALID))
def test_the_valid_entries_are_valid(runner, model):
    entry(runner, model).full_clean()


@pytest.mark.parametrize(("model", "field", "value"), [*REFUSED.values(), *MORE_REFUSED])
def test_clean_refuses_what_a_check_constraint_refuses_beside_the_field(runner, model, field, value):
    refused = entry(runner, model, **{field: value})

    with pytest.raises(ValidationError) as error:
        refused.full_clean(exclude=["owner", "exercise"])
    assert field in error.value.message_dict


def test_validation_asks_the_database_about_no_check_constraint_which_still_holds(
    runner, django_assert_num_queries
):
    checkin = entry(runner, Checkin, pain_now=11)

    with django_assert_num_queries(0):
        checkin.validate_constraints()  # left to clean() and to the database
    with pytest.raises(ValidationError) as error:
        checkin.full_clean(exclude=["owner"])
    assert "pain_now" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        checkin.save()
