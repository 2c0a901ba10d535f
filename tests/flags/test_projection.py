"""The first read of a new day stores the flags the task worker projected for it. Replayed day by day
over varied journals, what it stores must be exactly what evaluating the journal in full finds, and a
projection that no longer describes the journal (or that the worker has not made yet) must not be used."""

import random
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from injuries.models import Condition
from journal.accounts.services import profile_update
from journal.entries import services
from journal.flags import services as flagging
from journal.flags.facts import facts_on, journal_facts, journal_rows, rows_on
from journal.flags.projection import projection_for, projections_clear
from journal.flags.rows import bump_write, evaluated_write, run_reads
from journal.flags.summary import FIELDS
from journal.jobs.projections import projections_sweep
from journal.models import Flag, PatientSummary, Profile
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe, make_user

START = date(2026, 3, 2)  # a Monday
DAYS = 40


@pytest.fixture
def library(db):
    call_command("load_library", verbosity=0)


def at(day: date, hour: int = 12):
    return datetime.combine(day, time(hour), tzinfo=UTC)


def snapshot(owner) -> tuple:
    """What the runner and their physiotherapist are shown: the open flags, and the triage summary."""
    flags = sorted(
        (
            f.key,
            f.severity,
            f.title,
            f.message,
            f.action,
            repr(f.evidence),
            repr(f.related),
            f.source,
            f.clinician_only,
            f.acknowledged_at is None,
            f.dismissed_at is None,
            f.raised_at,
        )
        for f in Flag.objects.filter(owner=owner, cleared_at__isnull=True)
    )
    return flags, PatientSummary.objects.filter(runner=owner).values(*FIELDS).get()


def read_next_day(owner, *, projected: bool):
    """The first read of the day: Today's flags, with or without the stored projection."""
    if not projected:
        projections_clear(owner_ids=[owner.pk])
    profile = Profile.objects.get(user=owner)
    refreshed = flagging.flags_current(owner=owner, profile=profile)
    assert refreshed is not None
    return refreshed


def write_some_of_a_day(rng: random.Random, owner, day: date, journal: dict) -> None:
    """A varied day: pain on either side, now and then a red-flag answer or bone tenderness, runs of
    changing length with and without pain, an injury and its plan, exercises, and quiet days."""
    if rng.random() < 0.3:
        return  # a day with nothing logged
    for _ in range(rng.choice((1, 1, 2))):
        make_checkin(
            owner,
            day=day,
            side=rng.choice(("left", "right", "both")),
            pain_now=rng.choice((None, 0, 1, 2, 3, 5, 7, 8)),
            pain_waking=rng.choice((None, 0, 2, 4, 6)),
            time=time(rng.randint(6, 11), rng.choice((0, 30))),
            can_walk_four_steps=rng.random() > 0.05,
            swelling=rng.choice(("none", "none", "mild", "moderate")),
            bruising=rng.random() < 0.1,
            bone_tenderness=rng.choice(([], [], [], ["navicular"], ["metatarsal_shaft"])),
            recent_trauma=rng.random() < 0.08,
            pain_kinds=rng.choice(([], ["dull_ache"], ["tingling"], ["burning", "sharp"])),
            pain_daily_activities=rng.random() < 0.1,
            hop_ok=rng.choice((None, True, False)),
            heel_raises_ok=rng.choice((None, True, True, False)),
        )
    if rng.random() < 0.6:
        make_run(
            owner,
            day=day,
            distance_m=rng.choice((3000, 5000, 8000, 12000, 21000)),
            pain_during=rng.choice((None, 0, 2, 4, 6)),
            shoe=journal["shoe"],
            return_plan=journal.get("plan") if rng.random() < 0.5 else None,
        )
    if rng.random() < 0.5:
        make_completion(owner, day=day, exercise=journal["exercise"])
    if day == START + timedelta(days=6):
        journal["episode"] = services.episode_record(
            owner=owner,
            condition=Condition.objects.get(slug="stress-fracture"),
            side="right",
            onset_date=day - timedelta(days=3),
            onset="gradual",
        )
    if day == START + timedelta(days=20):
        journal["plan"] = services.return_plan_start(
            owner=owner,
            started_on=day - timedelta(days=2),
            pre_injury_weekly_m=30000,
            episode=journal["episode"],
        )
    if day == START + timedelta(days=30):
        services.episode_update(episode=journal["episode"], status="recovering")


@pytest.mark.parametrize(
    ("seed", "unit", "overrides"),
    [(1, "km", None), (2, "mi", None), (3, "km", {"pain_during_run_limit": 4, "fresh_checkin_days": 5})],
)
def test_the_projected_day_is_what_a_full_evaluation_finds(seed, unit, overrides, library, run_jobs):
    rng = random.Random(seed)
    with time_machine.travel(at(START), tick=False) as clock:
        owner = make_user(f"replay{seed}@example.com", unit=unit)
        if overrides:
            Profile.objects.filter(user=owner).update(threshold_overrides=overrides)
        journal = {
            "shoe": make_shoe(owner, name="Trainer", check_at_m=60000, replace_at_m=80000),
            "exercise": make_exercise(),
        }
        services.prescription_record(
            owner=owner,
            exercise=journal["exercise"],
            reps=10,
            times_per_week=4,
            starts_on=START + timedelta(days=9),
        )
        # Entries near the edge of the rules' 180-day window, which leave it as the days go by, and an
        # injury resolved 88 days ago, which leaves the 90 days the rules look back for one.
        for back in (178, 179, 180):
            make_checkin(owner, day=START - timedelta(days=back), pain_now=6)
            make_run(owner, day=START - timedelta(days=back), distance_m=10000, pain_during=5)
        services.episode_record(
            owner=owner,
            side="left",
            onset_date=START - timedelta(days=120),
            status="resolved",
            resolved_on=START - timedelta(days=88),
            label="Old sprain",
        )
        compared = 0
        for offset in range(DAYS):
            day = START + timedelta(days=offset)
            clock.move_to(at(day))
            write_some_of_a_day(rng, owner, day, journal)
            flagging.flags_current(owner=owner)  # today's evaluation, if nothing was written
            clock.move_to(at(day, hour=22))
            assert projections_sweep() == 1  # the worker's sweep, later that day
            assert [t.result for t in run_jobs() if t.func.endswith(".project_batch")] == [1]
            clock.move_to(at(day + timedelta(days=1), hour=7))
            if offset % 7 == 3:
                flags = Flag.objects.filter(owner=owner, cleared_at__isnull=True)
                for flag in flags[:1]:
                    flagging.flag_acknowledge(flag=flag, by=owner)

            saved = transaction.savepoint()
            assert read_next_day(owner, projected=True).rows is None  # stored from the projection
            projected = snapshot(owner)
            transaction.savepoint_rollback(saved)
            assert read_next_day(owner, projected=False).rows is not None  # read and evaluated in full
            assert projected == snapshot(owner), day
            compared += 1
        assert compared == DAYS


def project(owner) -> bool:
    """What the task worker does for a runner its sweep found: True when a projection was stored."""
    return flagging.flags_project(owner=owner, profile=Profile.objects.get(user=owner))


@pytest.fixture
def evaluated_yesterday(runner):
    """A runner whose last evaluation was yesterday (a write), after which the worker projected today."""
    with time_machine.travel(at(START), tick=False) as clock:
        make_checkin(runner, day=START, pain_now=6, can_walk_four_steps=False)
        assert project(runner)
        clock.move_to(at(START + timedelta(days=1), hour=7))
        yield runner


def test_a_write_leaves_no_projection_and_the_next_day_is_evaluated_in_full(runner):
    """A request spends no time on tomorrow: until the worker makes a projection, the next day's read
    evaluates in full (so a stopped or slow worker costs speed, never correctness)."""
    with time_machine.travel(at(START), tick=False) as clock:
        make_checkin(runner, day=START, pain_now=6, can_walk_four_steps=False)
        summary = PatientSummary.objects.get(runner=runner)
        assert summary.projected_for is None and summary.projected_flags == []
        clock.move_to(at(START + timedelta(days=1), hour=7))
        refreshed = flagging.flags_current(owner=runner)
    assert refreshed.rows is not None
    assert {f.code for f in refreshed.flags} == {"red_cannot_bear_weight"}


def test_a_write_after_the_projection_voids_it(evaluated_yesterday):
    with time_machine.travel(at(START, hour=20), tick=False):
        make_checkin(evaluated_yesterday, day=START, pain_now=1)
        assert PatientSummary.objects.get(runner=evaluated_yesterday).projected_for is None


def test_the_worker_does_not_store_a_projection_from_rows_a_write_has_since_changed(runner, monkeypatch):
    """A write that commits while the worker is working out tomorrow draws a new evaluation stamp: what
    the worker worked out from the rows it read before that write is not stored."""
    with time_machine.travel(at(START), tick=False):
        make_checkin(runner, day=START, pain_now=2)
        read_journal = flagging.journal_rows

        def rows_then_a_write(**kwargs):
            rows = read_journal(**kwargs)
            monkeypatch.undo()  # the write's own evaluation reads the journal as usual
            make_checkin(runner, day=START, time=time(11), pain_now=6, can_walk_four_steps=False)
            return rows

        monkeypatch.setattr(flagging, "journal_rows", rows_then_a_write)
        assert project(runner) is False
        assert PatientSummary.objects.get(runner=runner).projected_for is None
        assert project(runner) is True  # the next sweep, from the journal as it now is
    with time_machine.travel(at(START + timedelta(days=1), hour=7), tick=False):
        refreshed = flagging.flags_current(owner=runner)
    assert refreshed.rows is None
    assert {f.code for f in refreshed.flags} == {"red_cannot_bear_weight"}


def test_the_worker_does_not_project_flags_left_from_an_earlier_day(runner):
    with time_machine.travel(at(START), tick=False) as clock:
        make_checkin(runner, day=START, pain_now=6)
        clock.move_to(at(START + timedelta(days=1), hour=7))
        assert project(runner) is False
    assert PatientSummary.objects.get(runner=runner).projected_for is None


def test_a_read_stores_yesterdays_projection_without_reading_the_journal(
    evaluated_yesterday, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        refreshed = flagging.flags_current(owner=evaluated_yesterday)
    assert refreshed.rows is None
    assert {f.code for f in refreshed.flags} == {"red_cannot_bear_weight"}
    assert Profile.objects.get(user=evaluated_yesterday).flags_evaluated_on == START + timedelta(days=1)


def test_a_projection_for_another_day_is_not_used(evaluated_yesterday):
    with time_machine.travel(at(START + timedelta(days=3)), tick=False):
        refreshed = flagging.flags_current(owner=evaluated_yesterday)
    assert refreshed.rows is not None


def test_a_change_of_settings_voids_the_projection(evaluated_yesterday):
    profile_update(user=evaluated_yesterday, display_name="Runner", unit="mi", time_zone="UTC")
    profile = Profile.objects.get(user=evaluated_yesterday)
    assert projection_for(owner_id=evaluated_yesterday.pk, profile=profile, day=profile.today()) is None
    assert flagging.flags_current(owner=evaluated_yesterday, profile=profile).rows is not None


def test_a_physiotherapists_thresholds_void_the_projection(evaluated_yesterday):
    Profile.objects.filter(user=evaluated_yesterday).update(threshold_overrides={"fresh_checkin_days": 1})
    assert flagging.flags_current(owner=evaluated_yesterday).rows is not None


def test_an_edit_to_the_library_voids_every_projection(evaluated_yesterday, library):
    stamp = PatientSummary.objects.get(runner=evaluated_yesterday).evaluation_stamp
    condition = Condition.objects.get(slug="stress-fracture")
    condition.min_days_before_return += 7
    condition.save()
    assert not PatientSummary.objects.exclude(projected_for=None).exists()
    # And one the worker was working out meanwhile, with the old library, is not stored.
    assert PatientSummary.objects.get(runner=evaluated_yesterday).evaluation_stamp != stamp
    assert flagging.flags_current(owner=evaluated_yesterday).rows is not None


def test_a_read_after_another_request_evaluated_today_keeps_what_that_one_stored(evaluated_yesterday):
    # The profile was read while the flags were still yesterday's; meanwhile a write evaluated today.
    profile = Profile.objects.get(user=evaluated_yesterday)
    checkin = make_checkin(
        evaluated_yesterday, day=START + timedelta(days=1), pain_now=2, can_walk_four_steps=False
    )
    assert Flag.objects.get(code="red_cannot_bear_weight", cleared_at__isnull=True)

    refreshed = flagging.flags_current(owner=evaluated_yesterday, profile=profile)

    shown = Flag.objects.get(code="red_cannot_bear_weight", cleared_at__isnull=True)
    assert shown in refreshed.flags
    assert {e["id"] for e in shown.evidence} >= {str(checkin.pk)}


def test_tomorrows_rows_and_facts_are_what_tomorrows_read_would_load(runner):
    """At the edges of the windows: entries 180 and 181 days back, injuries resolved 90 and 91 days back."""
    today = START
    with time_machine.travel(at(today), tick=False):
        for back in (179, 180, 181):
            make_checkin(runner, day=today - timedelta(days=back), pain_now=3)
            make_run(runner, day=today - timedelta(days=back), distance_m=4000)
        for back in (89, 90, 91):
            services.episode_record(
                owner=runner,
                side="left",
                onset_date=today - timedelta(days=150),
                status="resolved",
                resolved_on=today - timedelta(days=back),
                label=f"resolved {back} days back",
            )
            services.episode_record(
                owner=runner,
                side="right",
                onset_date=today - timedelta(days=back),
                status="resolved",
                label=f"began {back} days back",
            )
        profile = Profile.objects.get(user=runner)
        rows = journal_rows(owner=runner, today=today)
        facts = journal_facts(owner=runner, profile=profile, today=today, rows=rows)
    for ahead in (1, 2):
        day = today + timedelta(days=ahead)
        expected = journal_rows(owner=runner, today=day)
        projected = rows_on(rows, day)
        assert projected == expected
        assert len(projected.checkins) < len(rows.checkins) and len(projected.episodes) < len(rows.episodes)
        assert facts_on(facts, projected) == journal_facts(
            owner=runner, profile=profile, today=day, rows=expected
        )


def test_a_read_that_finds_today_already_evaluated_since_it_read_the_profile_keeps_what_was_stored(
    evaluated_yesterday,
):
    """Two reads of a new day at once: the one that claims the day evaluates; the other, holding a
    profile read before that, stores nothing and answers the flags the first one stored."""
    today = START + timedelta(days=1)
    profile_read_early = Profile.objects.get(user=evaluated_yesterday)
    first = flagging.flags_current(owner=evaluated_yesterday)
    assert first is not None and Profile.objects.get(user=evaluated_yesterday).flags_evaluated_on == today
    flags_before = {(f.pk, f.last_seen_at) for f in Flag.objects.filter(owner=evaluated_yesterday)}

    second = flagging.flags_current(owner=evaluated_yesterday, profile=profile_read_early)

    assert second.rows is None
    assert {f.pk for f in second.flags} == {f.pk for f in first.flags}
    assert {f.code for f in second.flags} == {"red_cannot_bear_weight"}
    # Nothing was evaluated or stored again: no flag was seen anew.
    assert {(f.pk, f.last_seen_at) for f in Flag.objects.filter(owner=evaluated_yesterday)} == flags_before
    assert profile_read_early.flags_evaluated_on == START  # as read: it did not claim the day


def test_claiming_an_evaluation_takes_only_an_earlier_day_or_version(runner):
    profile = Profile.objects.get(user=runner)
    Profile.objects.filter(pk=profile.pk).update(flags_evaluated_on=None, flags_version=0)

    def claim(day: date, version: int = 0) -> bool:
        return run_reads(evaluated_write(Profile, pk=profile.pk, day=day, version=version, claim=True))[0]

    def stored() -> tuple:
        return Profile.objects.values_list("flags_evaluated_on", "flags_version").get(pk=profile.pk)

    assert claim(START) is True
    assert claim(START) is False
    assert claim(START - timedelta(days=1)) is False
    assert stored() == (START, 0)
    assert claim(START + timedelta(days=1)) is True
    assert stored() == (START + timedelta(days=1), 0)
    # The same day, after a write that did not evaluate: a later version claims it, once.
    assert claim(START + timedelta(days=1), version=2) is True
    assert claim(START + timedelta(days=1), version=2) is False
    assert claim(START + timedelta(days=1), version=1) is False
    assert stored() == (START + timedelta(days=1), 2)


def test_recording_an_evaluation_sets_its_day_and_version_whatever_was_there(runner):
    profile = Profile.objects.get(user=runner)
    Profile.objects.filter(pk=profile.pk).update(flags_evaluated_on=START, flags_version=5)
    assert run_reads(evaluated_write(Profile, pk=profile.pk, day=START, version=3))[0] is True
    assert Profile.objects.values_list("flags_evaluated_on", "flags_version").get(pk=profile.pk) == (START, 3)


def test_a_bump_adds_one_to_the_journal_version_of_that_runner_only(runner):
    other = make_user("other@example.com")
    before = dict(Profile.objects.values_list("user_id", "journal_version"))
    assert run_reads(bump_write(Profile, by="user", key=runner.pk, name="journal_version"))[0] is True
    after = dict(Profile.objects.values_list("user_id", "journal_version"))
    assert after[runner.pk] == before[runner.pk] + 1 and after[other.pk] == before[other.pk]
