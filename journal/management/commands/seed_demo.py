"""A demo runner with a realistic journal, reproducible from a seed.

The default is about six months ending today: runs on three shoes (one close to 500 miles),
a lateral ankle sprain with daily check-ins through recovery, and rehab exercises.
`--years N` makes a long journal for benchmarks (5 years: ~1,800 check-ins, ~1,300 runs,
12 shoes, ~4,000 exercise completions). Rows are written in bulk for speed; flags are
refreshed once at the end.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, time, timedelta

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from injuries.library_io import library_load_file
from injuries.models import Condition, Exercise
from journal.accounts.services import profile_update
from journal.clinic import services as clinic
from journal.entries import services
from journal.models import (
    CareLink,
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    InjuryEpisode,
    Run,
    Shoe,
)

DEMO_EMAIL = "demo@footnote.example"
DEMO_PASSWORD = "footnote-demo-run"  # noqa: S105 - the public demo account
PHYSIO_EMAIL = "physio@footnote.example"
PHYSIO_PASSWORD = "footnote-demo-clinic"  # noqa: S105 - the public demo account
MI_M = 1609.344


class Command(BaseCommand):
    help = "Create (or re-create) the demo runner with a realistic journal."

    def add_arguments(self, parser):
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--password", default=DEMO_PASSWORD)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--years", type=float, default=0, help="Make a long journal of this many years.")
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="End date (default: today)."
        )
        parser.add_argument("--unit", choices=["km", "mi"], default="mi")
        parser.add_argument(
            "--if-missing", action="store_true", help="Keep an existing demo runner as it is."
        )

    def handle(self, *args, email, password, seed, years, today, unit, if_missing, **options):
        if not Exercise.objects.exists():
            library_load_file()
        if if_missing and get_user_model().objects.filter(email=email).exists():
            self.stdout.write(f"Demo runner {email} already exists; keeping it.")
            self.physio_ready(get_user_model().objects.get(email=email))
            return
        user = seed_demo(email=email, password=password, seed=seed, years=years, today=today, unit=unit)
        counts = {
            "check-ins": Checkin.objects.filter(owner=user).count(),
            "runs": Run.objects.filter(owner=user).count(),
            "shoes": Shoe.objects.filter(owner=user).count(),
            "exercise completions": ExerciseCompletion.objects.filter(owner=user).count(),
        }
        self.stdout.write("Demo runner ready: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        self.stdout.write(f"  Sign in at /accounts/login/ as {email} with password {password}")
        self.physio_ready(user)

    def physio_ready(self, runner) -> None:
        physio, secret = seed_demo_physio(runner=runner)
        self.stdout.write(
            f"Demo physiotherapist ready, with {runner.profile.display_name} on the patient list."
        )
        self.stdout.write(f"  Sign in as {physio.email} with password {PHYSIO_PASSWORD}")
        # The second factor is the demo's only secret worth keeping: shown in development only.
        if settings.DEBUG:
            self.stdout.write(f"  Authenticator key (development only): {secret}")
            code = demo_recovery_code(physio)
            if code:
                self.stdout.write(f"  Or, once, the recovery code {code}")


def demo_recovery_code(physio) -> str | None:
    """An unused recovery code of the demo physiotherapist, for a newcomer without an authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    found = Authenticator.objects.filter(user=physio, type=Authenticator.Type.RECOVERY_CODES).first()
    if found is None:
        found = RecoveryCodes.activate(physio).instance
    unused = RecoveryCodes(found).get_unused_codes()
    return unused[0] if unused else None


@transaction.atomic
def seed_demo_physio(*, runner, email: str = PHYSIO_EMAIL, password: str = PHYSIO_PASSWORD):
    """The demo physiotherapist: verified address, an authenticator set up (physiotherapists cannot see a
    journal without one), and `runner` on their patient list. Returns the user and the TOTP secret."""
    User = get_user_model()
    physio = User.objects.filter(email=email).first()
    if physio is None:
        physio = User.objects.create_user(username=email, email=email, password=password)
        profile_update(
            user=physio,
            display_name="Alex Demo",
            unit="km",
            time_zone="Europe/London",
            role="physio",
            practice="Footnote demo clinic",
        )
        _verify_email(physio)
        physio.refresh_from_db()
    totp = Authenticator.objects.filter(user=physio, type=Authenticator.Type.TOTP).first()
    if totp is None:
        secret = generate_totp_secret()
        TOTP.activate(physio, secret)
    else:
        secret = get_mfa_adapter().decrypt(totp.data["secret"])
    if not CareLink.objects.filter(runner=runner, physio=physio, revoked_at__isnull=True).exists():
        clinic.invite_accept(physio=physio, code=clinic.invite_create(runner=runner).code)
    return physio, secret


@transaction.atomic
def seed_demo(
    *,
    email: str = DEMO_EMAIL,
    password: str = DEMO_PASSWORD,
    seed: int = 7,
    years: float = 0,
    today: date | None = None,
    unit: str = "mi",
):
    rng = random.Random(seed)
    User = get_user_model()
    User.objects.filter(email=email).delete()
    user = User.objects.create_user(username=email, email=email, password=password)
    profile_update(user=user, display_name="Sam Demo", unit=unit, time_zone="Europe/London")
    _verify_email(user)
    today = today or user.profile.today()
    if years:
        _long_journal(user, rng, today, years)
    else:
        _story(user, rng, today)
    services.journal_refresh(owner=user)
    return user


def _verify_email(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _exercises(count: int) -> list[Exercise]:
    wanted = [
        "ankle-alphabet",
        "single-leg-balance",
        "banded-eversion",
        "eccentric-heel-drops",
        "calf-stretch",
    ]
    found = list(Exercise.objects.filter(slug__in=wanted))
    if len(found) < count:
        found += list(Exercise.objects.exclude(pk__in=[e.pk for e in found])[: count - len(found)])
    return found[:count]


def _run(user, rng, day, shoe, distance_m, pain=0) -> Run:
    pace_s_per_km = rng.randint(300, 390)
    return Run(
        id=_uuid(rng),
        owner=user,
        date=day,
        distance_m=distance_m,
        duration_s=round(distance_m / 1000 * pace_s_per_km),
        shoe=shoe,
        surface=rng.choice(["road", "road", "road", "trail", "track", "grass"]),
        hilly=rng.random() < 0.25,
        effort=rng.randint(3, 8),
        pain_during=pain,
    )


def _checkin(user, rng, day, pain, waking, at: time | None = None, **extra) -> Checkin:
    return Checkin(
        id=_uuid(rng),
        owner=user,
        date=day,
        # Mornings, unless the story says otherwise.
        time=at or time(7, rng.randint(0, 59)),
        side="right",
        locations=["outer_ankle"] if pain else [],
        pain_now=pain,
        pain_waking=waking,
        pain_kinds=["dull_ache"] if pain else [],
        **extra,
    )


def _story(user, rng: random.Random, today: date) -> None:
    start = today - timedelta(days=182)
    sprain_day = today - timedelta(days=70)
    back_to_running = sprain_day + timedelta(days=24)
    shoes = [
        Shoe(
            id=_uuid(rng),
            owner=user,
            name="Old faithful",
            brand_model="Brooks Ghost 14",
            first_used_on=start - timedelta(days=300),
            start_distance_m=round(330 * MI_M),
        ),
        Shoe(
            id=_uuid(rng),
            owner=user,
            name="Daily trainer",
            brand_model="ASICS Novablast 4",
            first_used_on=start + timedelta(days=60),
            is_default=True,
        ),
        Shoe(
            id=_uuid(rng),
            owner=user,
            name="Trail shoe",
            brand_model="Salomon Speedcross 6",
            first_used_on=start,
        ),
    ]
    Shoe.objects.bulk_create(shoes)
    old, daily, trail = shoes

    runs, checkins, completions = [], [], []
    day = start
    while day <= today:
        injured = sprain_day <= day < back_to_running
        if day.weekday() in (1, 3, 5, 6) and not injured:
            long_run = day.weekday() == 6
            distance_m = rng.randint(11000, 16000) if long_run else rng.randint(5000, 9000)
            if day >= back_to_running:
                weeks_back = (day - back_to_running).days // 7
                distance_m = round(distance_m * min(1.0, 0.45 + 0.1 * weeks_back))
            shoe = trail if day.weekday() == 5 else old if day < start + timedelta(days=60) else daily
            if day == sprain_day - timedelta(days=1):
                shoe = old
            pain = 0 if day < sprain_day else max(0, 2 - (day - back_to_running).days // 10)
            runs.append(_run(user, rng, day, shoe, distance_m, pain))
        if day == sprain_day:
            runs.append(_run(user, rng, day, trail, 6200, pain=7))
        days_since = (day - sprain_day).days
        if 0 <= days_since <= 63:
            pain = max(0, 7 - days_since // 5)
            waking = max(0, pain - 1)
            extra = {}
            if days_since == 0:
                # Logged that evening, after the twist on the trail.
                extra = {"swelling": "moderate", "bruising": True, "pain_daily_activities": True}
                extra |= {"recent_trauma": True, "at": time(18, 30)}
            elif days_since < 4:
                extra = {"swelling": "moderate", "bruising": True, "pain_daily_activities": True}
            elif days_since < 14:
                extra = {"swelling": "mild", "pain_daily_activities": days_since < 10}
            if days_since >= 20:
                extra["heel_raises_ok"] = days_since >= 22
                extra["hop_ok"] = days_since >= 23
            if days_since == 0:
                checkins.append(_checkin(user, rng, day, 0, 0))  # the morning, before the trail run
            checkins.append(_checkin(user, rng, day, pain, waking, **extra))
        elif day < sprain_day and rng.random() < 0.25:
            checkins.append(_checkin(user, rng, day, 0, 0))
        elif day > sprain_day and rng.random() < 0.6:
            checkins.append(_checkin(user, rng, day, 0, 0, heel_raises_ok=True, hop_ok=True))
        day += timedelta(days=1)

    condition = Condition.objects.filter(slug="lateral-ankle-sprain").first()
    InjuryEpisode.objects.create(
        id=_uuid(rng),
        owner=user,
        condition=condition,
        label="" if condition else "Rolled right ankle on a trail",
        side="right",
        region="outer_ankle",
        onset_date=sprain_day,
        onset="sudden",
        status="recovering",
    )
    exercises = _exercises(4)
    prescriptions = [
        ExercisePrescription(
            id=_uuid(rng),
            owner=user,
            exercise=e,
            sets=e.sets,
            reps=e.reps,
            hold_s=e.hold_s,
            times_per_week=5,
            starts_on=sprain_day + timedelta(days=3),
        )
        for e in exercises
    ]
    ExercisePrescription.objects.bulk_create(prescriptions)
    for offset in range(3, (today - sprain_day).days + 1):
        day = sprain_day + timedelta(days=offset)
        for prescription in prescriptions:
            if rng.random() < 0.7:
                completions.append(
                    ExerciseCompletion(
                        id=_uuid(rng),
                        owner=user,
                        date=day,
                        exercise=prescription.exercise,
                        prescription=prescription,
                        sets_done=prescription.sets,
                        reps_done=prescription.reps,
                        pain_during=max(0, 3 - offset // 10),
                    )
                )
    Run.objects.bulk_create(runs)
    Checkin.objects.bulk_create(checkins)
    ExerciseCompletion.objects.bulk_create(completions)


def _long_journal(user, rng: random.Random, today: date, years: float) -> None:
    days = round(365 * years)
    start = today - timedelta(days=days - 1)
    shoe_count = max(3, round(12 * years / 5))
    shoes = [
        Shoe(
            id=_uuid(rng),
            owner=user,
            name=f"Shoe {n + 1}",
            brand_model="Demo model",
            first_used_on=start + timedelta(days=n * days // shoe_count),
            retired_on=None if n >= shoe_count - 2 else start + timedelta(days=(n + 1) * days // shoe_count),
            is_default=n == shoe_count - 1,
        )
        for n in range(shoe_count)
    ]
    Shoe.objects.bulk_create(shoes)
    exercises = _exercises(5)
    runs, checkins, completions = [], [], []
    for offset in range(days):
        day = start + timedelta(days=offset)
        shoe = shoes[min(shoe_count - 1, offset * shoe_count // days)]
        if rng.random() < 0.71:
            runs.append(
                _run(user, rng, day, shoe, rng.randint(4000, 15000), pain=rng.choice([0, 0, 0, 1, 2]))
            )
        if rng.random() < 0.985:
            pain = rng.choice([0, 0, 0, 1, 1, 2, 3])
            checkins.append(_checkin(user, rng, day, pain, max(0, pain - 1)))
        for exercise in exercises:
            if rng.random() < 0.44:
                completions.append(
                    ExerciseCompletion(
                        id=_uuid(rng),
                        owner=user,
                        date=day,
                        exercise=exercise,
                        sets_done=3,
                        reps_done=12,
                        pain_during=rng.choice([0, 0, 1]),
                    )
                )
    Run.objects.bulk_create(runs, batch_size=500)
    Checkin.objects.bulk_create(checkins, batch_size=500)
    ExerciseCompletion.objects.bulk_create(completions, batch_size=500)
