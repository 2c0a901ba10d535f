"""Personas for the physiotherapist feature.

Time stands still at 2026-11-20 12:00 UTC (a Friday); tests that need the clock to move call
`frozen_time.shift(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.test import Client

from journal.clinic import services as clinic
from journal.models import Checkin, ExerciseCompletion, ExercisePrescription, Flag, Run, Shoe
from tests.factories import (
    make_checkin,
    make_completion,
    make_exercise,
    make_run,
    make_shoe,
    make_user,
)

NOW = "2026-11-20 12:00:00+00:00"
TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return user


def make_physio(email: str, name: str, *, unit: str = "km", totp: bool = True):
    physio = make_user(email, name=name, unit=unit, time_zone="Europe/London", role="physio")
    return with_totp(physio) if totp else physio


def link(runner, physio):
    """Link the way the app does: the runner makes a code, the physiotherapist accepts it."""
    invite = clinic.invite_create(runner=runner)
    return clinic.invite_accept(physio=physio, code=invite.code)


def login(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Personas


@pytest.fixture
def patient(db):
    """A runner with a journal: check-ins, runs, a shoe, a completion and an urgent flag."""
    runner = make_user("pat@example.com", name="Pat Patient", unit="km", time_zone="Europe/London")
    shoe = make_shoe(runner, name="Blue trainers", is_default=True)
    for day, metres, pain in [(12, 8000, 1), (14, 10000, 2), (17, 6000, 1), (19, 5000, 2)]:
        make_run(runner, day=date(2026, 11, day), distance_m=metres, pain_during=pain, shoe=shoe)
    for day, pain in [(15, 3), (17, 4), (19, 3)]:
        make_checkin(runner, day=date(2026, 11, day), pain_now=pain)
    make_completion(runner, day=date(2026, 11, 18), pain_during=1)
    # The most recent check-in: cannot walk four steps, which raises an urgent flag.
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    assert Flag.objects.filter(owner=runner, code="red_cannot_bear_weight", cleared_at=None).exists()
    return runner


@pytest.fixture
def other_runner(other_runner):
    """Another runner with a journal of their own, never shared with `physio`."""
    make_run(other_runner, day=date(2026, 11, 18), distance_m=7000, pain_during=5)
    make_checkin(other_runner, day=date(2026, 11, 19), pain_now=7, side="left")
    return other_runner


@pytest.fixture
def physio(patient):
    physio = make_physio("physio@example.com", "Phil Physio")
    link(patient, physio)
    return physio


@pytest.fixture
def unlinked_physio(db):
    return make_physio("unlinked@example.com", "Una Unlinked")


@pytest.fixture
def revoked_physio(patient):
    physio = make_physio("revoked@example.com", "Rex Revoked")
    care_link = link(patient, physio)
    clinic.link_revoke(runner=patient, link_id=care_link.pk)
    return physio


@pytest.fixture
def physio_without_totp(patient):
    physio = make_physio("nototp@example.com", "Noah NoTotp", totp=False)
    link(patient, physio)
    return physio


@pytest.fixture
def editor(db):
    user = make_user("editor@example.com", name="Eddie Editor")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="injuries", codename__in=["change_condition", "change_exercise"]
        )
    )
    user.groups.add(group)
    TOTP.activate(user, generate_totp_secret())  # the admin asks staff for an authenticator app
    return user


@pytest.fixture
def anonymous():
    return None


# Objects of the patient's journal


@pytest.fixture
def library_exercise(db):
    return make_exercise("heel-raises", "Heel raises")


@pytest.fixture
def prescription(physio, patient, library_exercise):
    return clinic.prescription_create(
        physio=physio,
        patient=patient,
        exercise=library_exercise,
        sets=3,
        reps=15,
        times_per_week=2,
        starts_on=TODAY - timedelta(days=4),
    )


@dataclass
class World:
    patient: object
    physio: object
    run: Run
    checkin: Checkin
    completion: ExerciseCompletion
    flag: Flag
    shoe: Shoe
    prescription: ExercisePrescription
    exercise: object


@pytest.fixture
def world(patient, physio, prescription, library_exercise):
    return World(
        patient=patient,
        physio=physio,
        run=Run.objects.filter(owner=patient).order_by("-date").first(),
        checkin=Checkin.objects.filter(owner=patient).order_by("date").first(),
        completion=ExerciseCompletion.objects.get(owner=patient),
        flag=Flag.objects.get(owner=patient, code="red_cannot_bear_weight", cleared_at=None),
        shoe=Shoe.objects.get(owner=patient),
        prescription=prescription,
        exercise=library_exercise,
    )


@pytest.fixture
def physio_client(physio):
    return login(physio)


@pytest.fixture
def patient_client(patient):
    return login(patient)
