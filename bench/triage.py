"""Benchmark the physiotherapist's triage list (GET /clinic/, its first page) at 50, 200 and 1,000 patients.

    .venv/bin/python bench/triage.py [--requests 40] [--sizes 50,200,1000]

Runs on a throwaway database (bench/_common.py: SQLite, or a new one on DATABASE_URL's server). Each patient
has a year of journal written in bulk: ~300 check-ins, ~250 runs, two prescriptions with some
completions this week and a few open flags of random severity; written around the services, so
their triage summaries are then computed the way the data migration does and their flags count as
evaluated today (the list's steady state: no re-evaluation inside the timings). Each round times the
floor page (/more/) and the list one after the other; prints the median ratio to the floor with its
25-75% spread, and the SQL query count per request, which should not grow with the list.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from datetime import date, timedelta
from datetime import time as dt_time

from _common import against_floor, analyze_tables, database_label, prepare_database, setup_django

setup_django()

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from injuries.models import Exercise  # noqa: E402
from journal.accounts.services import profile_update  # noqa: E402
from journal.models import (  # noqa: E402
    SEVERITY_ORDER,
    CareLink,
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    Profile,
    Role,
    Run,
)

PHYSIO_EMAIL = "bench-physio@footnote.example"
PATIENT_EMAIL = "bench-patient-{n}@footnote.example"
TIME_ZONE = "Europe/London"
MAX_QUERIES = 12
FLAG_CODES = ["load_spike", "pain_rising", "pain_during_run", "night_pain", "red_cannot_bear_weight"]


def make_physio():
    User = get_user_model()
    User.objects.filter(email=PHYSIO_EMAIL).delete()
    physio = User.objects.create(username=PHYSIO_EMAIL, email=PHYSIO_EMAIL, password=make_password(None))
    profile_update(user=physio, display_name="Bench Physio", unit="km", time_zone=TIME_ZONE, role=Role.PHYSIO)
    TOTP.activate(physio, generate_totp_secret())
    return physio


@transaction.atomic
def add_patients(physio, numbers: range, rng: random.Random, today: date) -> None:
    User = get_user_model()
    names = {PATIENT_EMAIL.format(n=n): f"Patient {n:03}" for n in numbers}
    User.objects.filter(email__in=names).delete()
    unusable = make_password(None)
    User.objects.bulk_create([User(username=email, email=email, password=unusable) for email in names])
    users = list(User.objects.filter(email__in=names))  # with primary keys on every backend
    Profile.objects.bulk_create(
        [Profile(user=u, display_name=names[u.email], time_zone=TIME_ZONE) for u in users]
    )
    CareLink.objects.bulk_create([CareLink(runner=u, physio=physio, via="invite") for u in users])

    exercises = list(Exercise.objects.order_by("slug"))
    week_start = today - timedelta(days=today.weekday())
    now = timezone.now()
    checkins, runs, prescriptions, completions, flags = [], [], [], [], []
    for user in users:
        for offset in range(365):
            day = today - timedelta(days=offset)
            if rng.random() < 0.82:
                pain = rng.choice([0, 0, 1, 1, 2, 3, 4])
                checkins.append(
                    Checkin(
                        owner=user,
                        date=day,
                        time=dt_time(8, 0),
                        side="right",
                        pain_now=pain,
                        pain_waking=max(0, pain - 1),
                    )
                )
            if rng.random() < 0.68:
                metres = rng.randint(4000, 16000)
                runs.append(
                    Run(
                        owner=user,
                        date=day,
                        distance_m=metres,
                        duration_s=round(metres / 1000 * rng.randint(290, 390)),
                        pain_during=rng.choice([0, 0, 0, 1, 2, 4]),
                    )
                )
        for exercise in rng.sample(exercises, 2):
            prescription = ExercisePrescription(
                id=uuid.uuid4(),
                owner=user,
                exercise=exercise,
                sets=exercise.sets,
                reps=exercise.reps,
                hold_s=exercise.hold_s,
                times_per_week=rng.choice([1, 3, 5, 7]),
                starts_on=today - timedelta(days=rng.randint(7, 60)),
            )
            prescriptions.append(prescription)
            for offset in range(60):
                day = today - timedelta(days=offset)
                if day >= prescription.starts_on and rng.random() < 0.5:
                    completions.append(
                        ExerciseCompletion(
                            owner=user,
                            date=day,
                            exercise=exercise,
                            prescription=prescription,
                            sets_done=prescription.sets,
                            reps_done=prescription.reps,
                            pain_during=rng.choice([0, 0, 1, 2]),
                        )
                    )
        for code in rng.sample(FLAG_CODES, rng.randint(0, 3)):
            severity = rng.choice(SEVERITY_ORDER)
            raised = now - timedelta(days=rng.randint(0, max(1, (today - week_start).days + 20)))
            flags.append(
                Flag(
                    owner=user,
                    key=code,
                    code=code,
                    severity=severity,
                    severity_rank=SEVERITY_ORDER.index(severity),
                    title=code.replace("_", " ").capitalize(),
                    message="Benchmark flag.",
                    action="None.",
                    source="bench",
                    raised_at=raised,
                    last_seen_at=now,
                )
            )
    for model, rows in (
        (Checkin, checkins),
        (Run, runs),
        (ExercisePrescription, prescriptions),
        (ExerciseCompletion, completions),
        (Flag, flags),
    ):
        model.objects.bulk_create(rows, batch_size=1000)


def settle(physio, today: date) -> None:
    """Flags count as evaluated today, and summaries (where the list reads them) are computed."""
    runners = CareLink.objects.filter(physio=physio).values_list("runner_id", flat=True)
    Profile.objects.filter(user_id__in=runners).update(flags_evaluated_on=today)
    try:
        from journal.flags.summary import summaries_recompute
    except ImportError:  # before the summaries: the list read the journals themselves
        return
    summaries_recompute(list(runners))
    analyze_tables()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--sizes", default="50,200,1000")
    args = parser.parse_args()
    prepare_database()
    rng = random.Random(7)
    physio = make_physio()
    today = physio.profile.today()
    client = Client()
    client.force_login(physio)

    print(f"{database_label()}; {args.requests} rounds each")
    print(f"{'patients':>8} {'setup s':>8} {'x floor':>8} {'25-75%':>11} {'queries':>8}")
    queries_by_size = {}
    done = 0
    for size in (int(n) for n in args.sizes.split(",")):
        started = time.perf_counter()
        add_patients(physio, range(done, size), rng, today)
        settle(physio, today)
        setup_s = time.perf_counter() - started
        done = size
        assert CareLink.objects.filter(physio=physio, revoked_at__isnull=True).count() == size
        ratio = against_floor(client, lambda: client.get("/clinic/"), args.requests)
        queries_by_size[size] = ratio.queries
        print(f"{size:>8} {setup_s:>8.1f} {ratio.median:>8.1f} {ratio.spread:>11} {ratio.queries:>8}")
    constant = len(set(queries_by_size.values())) == 1
    within = max(queries_by_size.values()) <= MAX_QUERIES
    print(
        f"rows: {Checkin.objects.count()} check-ins, {Run.objects.count()} runs, "
        f"{ExerciseCompletion.objects.count()} completions, {Flag.objects.count()} flags"
    )
    print(f"query count constant: {constant}; at most {MAX_QUERIES}: {within}")


if __name__ == "__main__":
    main()
