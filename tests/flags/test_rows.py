"""The rules' rows read without the ORM's query building must be what the ORM would give (ids as text)."""

import uuid
from dataclasses import FrozenInstanceError
from datetime import date, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from injuries.models import Condition
from journal.entries import services
from journal.entries.selectors import CONDITION_TEXT_FIELDS, shoes_with_totals, with_condition
from journal.flags.facts import (
    CHECKIN_FIELDS,
    FACT_WINDOW_DAYS,
    RESOLVED_LOOKBACK_DAYS,
    RUN_FIELDS,
    _checkin_fact,
    _checkin_from_cells,
    _run_fact,
    journal_rows,
)
from journal.flags.rows import (
    Read,
    episodes_read,
    evaluated_write,
    insert_write,
    open_flags_read,
    owner_values_between,
    plan_read,
    prescriptions_read,
    return_plan_active_of,
    run_reads,
    shoes_in_use_with_runs_m,
    shoes_read,
    update_many_write,
    update_same_write,
    upsert_write,
    values_read,
)
from journal.models import (
    Checkin,
    ExerciseCompletion,
    ExercisePrescription,
    Flag,
    InjuryEpisode,
    PatientSummary,
    Profile,
    ReturnPlan,
    Run,
    Shoe,
)
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_shoe

TODAY = date(2026, 11, 20)
SINCE = TODAY - timedelta(days=30)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def orm_values(model, names, owner, order):
    return list(
        model.objects.filter(owner=owner, date__gte=SINCE, date__lte=TODAY).order_by(*order).values(*names)
    )


def as_text_ids(rows):
    """The ORM's rows with their UUIDs as text, as the fast read gives them."""
    return [{k: str(v) if isinstance(v, uuid.UUID) else v for k, v in row.items()} for row in rows]


@pytest.fixture
def journal(runner, other_runner):
    """Check-ins and runs with every kind of stored value: unknown pain, no time, lists, untried tests,
    a shoe and a plan, entries on both edges of the window and before it, and another runner's."""
    make_checkin(runner, day=SINCE - timedelta(days=1), pain_now=9)  # outside
    make_checkin(runner, day=SINCE, pain_now=None, time=None)
    make_checkin(
        runner,
        day=TODAY - timedelta(days=3),
        side="left",
        pain_now=4,
        pain_waking=None,
        pain_kinds=["sharp", "burning"],
        bone_tenderness=["navicular"],
        locations=["inner_ankle"],
        swelling="mild",
        bruising=True,
        hop_ok=False,
        heel_raises_ok=True,
        recent_trauma=True,
        time=time(7, 15, 30),
    )
    make_checkin(runner, day=TODAY, pain_now=0, can_walk_four_steps=False, time=time(11, 5))
    make_checkin(runner, day=TODAY, pain_now=1, time=time(6, 0))
    make_checkin(other_runner, day=TODAY, pain_now=7)
    shoe = make_shoe(runner)
    plan = services.return_plan_start(
        owner=runner, started_on=TODAY - timedelta(days=5), pre_injury_weekly_m=20000
    )
    make_run(runner, day=SINCE, pain_during=None)
    make_run(runner, day=TODAY - timedelta(days=2), shoe=shoe, return_plan=plan, pain_during=2)
    make_run(runner, day=TODAY, distance_m=3000, pain_during=0)
    make_run(other_runner, day=TODAY)
    return runner


def test_check_ins_read_fast_are_the_orm_values(journal):
    order = ("date", "time", "created_at")
    fast = owner_values_between(
        Checkin, CHECKIN_FIELDS, owner_id=journal.pk, since=SINCE, until=TODAY, order=order
    )

    assert fast == as_text_ids(orm_values(Checkin, CHECKIN_FIELDS, journal, order))
    assert len(fast) == 4
    assert [type(value) for value in fast[1].values()] == [
        type(value) for value in as_text_ids(orm_values(Checkin, CHECKIN_FIELDS, journal, order))[1].values()
    ]
    assert fast[1]["pain_kinds"] == ["sharp", "burning"] and fast[1]["hop_ok"] is False
    assert fast[0]["pain_now"] is None and fast[0]["heel_raises_ok"] is None


def test_runs_read_fast_are_the_orm_values(journal):
    order = ("date", "created_at")
    fast = owner_values_between(Run, RUN_FIELDS, owner_id=journal.pk, since=SINCE, until=TODAY, order=order)

    assert fast == as_text_ids(orm_values(Run, RUN_FIELDS, journal, order))
    assert [r["date"] for r in fast] == [SINCE, TODAY - timedelta(days=2), TODAY]
    assert fast[1]["shoe_id"] == str(Shoe.objects.get(owner=journal).pk)
    assert fast[0]["pain_during"] is None and fast[0]["return_plan_id"] is None
    until_yesterday = owner_values_between(
        Run, RUN_FIELDS, owner_id=journal.pk, since=SINCE, until=TODAY - timedelta(days=1), order=order
    )
    assert [r["date"] for r in until_yesterday] == [SINCE, TODAY - timedelta(days=2)]


def test_the_rules_facts_read_fast_are_those_built_from_the_orm_values(journal):
    """journal_rows builds the rules' facts straight from the rows; the replay builds them from the ORM's
    dicts through the facts' own constructors. Both must give equal facts, field by field."""
    rows = journal_rows(owner=journal, today=TODAY)
    since = TODAY - timedelta(days=FACT_WINDOW_DAYS)
    checkins = Checkin.objects.filter(owner=journal, date__gte=since, date__lte=TODAY)
    runs = Run.objects.filter(owner=journal, date__gte=since, date__lte=TODAY)
    expected_checkins = [
        _checkin_fact(r) for r in checkins.order_by("date", "time", "created_at").values(*CHECKIN_FIELDS)
    ]
    expected_runs = [_run_fact(r) for r in runs.order_by("date", "created_at").values(*RUN_FIELDS)]

    assert list(rows.checkins) == expected_checkins and len(expected_checkins) == 5
    assert list(rows.runs) == expected_runs and len(expected_runs) == 3
    for fast, slow in [
        *zip(rows.checkins, expected_checkins, strict=True),
        *zip(rows.runs, expected_runs, strict=True),
    ]:
        assert vars(fast) == vars(slow)
        assert {k: type(v) for k, v in vars(fast).items()} == {k: type(v) for k, v in vars(slow).items()}
    assert rows.checkins[-1].can_walk_four_steps is False
    assert rows.checkins[2].pain_kinds == ("sharp", "burning")  # tuples, as the constructor makes them
    assert [r.distance_m for r in rows.runs][-1] == 3000
    assert [r.in_return_plan for r in rows.runs] == [False, True, False]
    # A fact built fast is still hashable and frozen like any other.
    assert len({*rows.checkins, *expected_checkins}) == 5
    with pytest.raises(FrozenInstanceError):
        rows.runs[0].distance_m = 1


def test_a_stored_value_the_facts_refuse_is_refused_when_read_fast(journal):
    """The facts check what they hold (a side, a swelling level); the fast reading keeps that check."""
    Checkin.objects.filter(owner=journal, date=TODAY).update(swelling="enormous")

    with pytest.raises(ValueError, match="swelling"):
        journal_rows(owner=journal, today=TODAY)


@pytest.mark.parametrize(("name", "value"), [("side", "middle"), ("swelling", "enormous")])
def test_a_value_the_facts_refuse_is_refused_when_built_from_cells(journal, name, value):
    """Building a check-in fact from its cells checks the side and swelling itself and calls the fact's
    own check only for a value outside them: that check must still refuse it."""
    fact = journal_rows(owner=journal, today=TODAY).checkins[0]
    cells = [getattr(fact, field) for field in CHECKIN_FIELDS]
    assert _checkin_from_cells(cells) == fact

    cells[CHECKIN_FIELDS.index(name)] = value
    with pytest.raises(ValueError, match=name):
        _checkin_from_cells(cells)


# Model instances read with SQL built once: each must be the instance its queryset gives.


def same_instances(fast, orm) -> None:
    """Same rows, in the same order, with every loaded field equal and of the same type, and the same
    fields deferred."""
    assert [type(f) for f in fast] == [type(o) for o in orm]
    assert [f.pk for f in fast] == [o.pk for o in orm]
    for f, o in zip(fast, orm, strict=True):
        assert f.get_deferred_fields() == o.get_deferred_fields()
        loaded = [
            field.attname
            for field in type(o)._meta.concrete_fields
            if field.attname not in o.get_deferred_fields()
        ]
        assert [getattr(f, name) for name in loaded] == [getattr(o, name) for name in loaded]
        assert [type(getattr(f, name)) for name in loaded] == [type(getattr(o, name)) for name in loaded]
        assert f._state.adding is False and f._state.db == o._state.db


@pytest.fixture
def library():
    call_command("load_library", verbosity=0)


@pytest.fixture
def instances(runner, other_runner, library):
    """Injuries in every status (one with a condition, one resolved without a date), a plan, shoes in use
    and retired with runs, open and cleared flags, prescriptions across weeks with completions."""
    fracture = Condition.objects.get(slug="stress-fracture")
    old = TODAY - timedelta(days=RESOLVED_LOOKBACK_DAYS)
    for status, onset, resolved_on, condition in [
        ("active", TODAY - timedelta(days=10), None, fracture),
        ("recovering", TODAY - timedelta(days=40), None, None),
        ("resolved", TODAY - timedelta(days=200), old, None),  # on the lookback's edge: in
        ("resolved", TODAY - timedelta(days=200), old - timedelta(days=1), None),  # out
        ("resolved", old, None, None),  # no date of resolution, begun on the edge: in
        ("resolved", old - timedelta(days=1), None, None),  # out
    ]:
        services.episode_record(
            owner=runner,
            side="left",
            onset_date=onset,
            status=status,
            resolved_on=resolved_on,
            condition=condition,
            label="" if condition else "Sore heel",
        )
    services.episode_record(owner=other_runner, side="right", onset_date=TODAY, label="Theirs")
    trainer = make_shoe(runner, name="Trainer", start_distance_m=12000)
    racer = make_shoe(runner, name="Racer", is_default=True)
    make_shoe(runner, name="Unworn")
    retired = make_shoe(runner, name="Old")
    make_shoe(other_runner, name="Theirs")
    for shoe, distance in ((trainer, 8000), (trainer, 5000), (racer, 10000), (retired, 9000)):
        make_run(runner, day=TODAY - timedelta(days=3), distance_m=distance, shoe=shoe)
    services.shoe_retire(shoe=retired, on=TODAY)
    services.return_plan_start(owner=runner, started_on=TODAY - timedelta(days=5), pre_injury_weekly_m=20000)
    make_checkin(runner, day=TODAY, pain_now=9, can_walk_four_steps=False)  # raises flags
    exercise, other = make_exercise(), make_exercise("heel-raises", "Heel raises")
    monday = TODAY - timedelta(days=TODAY.weekday())
    for starts_on, ends_on, which in [
        (monday - timedelta(days=14), None, exercise),
        (monday - timedelta(days=14), monday - timedelta(days=1), other),  # ended last week: out
        (monday - timedelta(days=14), monday, other),  # ends this Monday: in
        (TODAY + timedelta(days=1), None, other),  # starts tomorrow: in
    ]:
        services.prescription_record(
            owner=runner, exercise=which, reps=10, times_per_week=3, starts_on=starts_on, ends_on=ends_on
        )
    for day in (monday - timedelta(days=1), monday, TODAY):
        make_completion(runner, day=day, exercise=exercise)
    make_completion(other_runner, day=TODAY, exercise=exercise)
    return runner


def test_injuries_read_fast_are_the_orm_instances_with_their_condition(instances):
    recent = TODAY - timedelta(days=RESOLVED_LOOKBACK_DAYS)
    (fast,) = run_reads(
        episodes_read(
            InjuryEpisode, owner_id=instances.pk, resolved_since=recent, leave_out=CONDITION_TEXT_FIELDS
        )
    )
    orm = list(
        with_condition(InjuryEpisode.objects.filter(owner=instances))
        .filter(
            Q(status__in=["active", "recovering"])
            | Q(status="resolved", resolved_on__gte=recent)
            | Q(status="resolved", resolved_on__isnull=True, onset_date__gte=recent)
        )
        .order_by("-onset_date", "-created_at")
    )

    same_instances(fast, orm)
    assert [e.status for e in fast] == ["active", "recovering", "resolved", "resolved"]
    with CaptureQueriesContext(connection) as queries:
        conditions = [e.condition for e in fast]
    assert len(queries) == 0  # read with the injury, as select_related does
    assert conditions[1:] == [None, None, None]
    same_instances([conditions[0]], [orm[0].condition])
    assert "self_care" in conditions[0].get_deferred_fields()
    assert conditions[0].min_days_before_return == orm[0].condition.min_days_before_return > 0


def test_shoes_read_fast_are_the_shoes_in_use_with_their_distance(instances):
    fast = shoes_in_use_with_runs_m(Shoe, Run, owner_id=instances.pk)
    orm = list(shoes_with_totals(owner=instances).filter(retired_on__isnull=True))
    same_instances(fast, orm)
    assert [(s.name, s.runs_m) for s in fast] == [(s.name, s.runs_m) for s in orm]
    assert [(s.name, s.runs_m) for s in fast] == [("Racer", 10000), ("Trainer", 13000), ("Unworn", 0)]
    assert [w.total_m for w in journal_rows(owner=instances, today=TODAY).shoes] == [10000, 25000, 0]


def test_the_plan_and_the_open_flags_read_fast_are_the_orm_instances(instances, other_runner):
    same_instances(
        [return_plan_active_of(ReturnPlan, owner_id=instances.pk)],
        [ReturnPlan.objects.filter(owner=instances, status="active").first()],
    )
    assert return_plan_active_of(ReturnPlan, owner_id=other_runner.pk) is None
    first = Flag.objects.filter(owner=instances).order_by("pk").first()
    Flag.objects.filter(pk=first.pk).update(cleared_at=timezone.now())  # a cleared one is left out
    with transaction.atomic():
        (fast,) = run_reads(open_flags_read(Flag, owner_id=instances.pk))
        orm = list(Flag.objects.select_for_update().filter(owner=instances, cleared_at__isnull=True))
    same_instances(fast, orm)
    assert first.pk not in {f.pk for f in fast}
    assert fast and all(isinstance(f.evidence, list) and f.evidence for f in fast)


def test_prescriptions_read_fast_are_the_orm_rows(instances):
    monday = TODAY - timedelta(days=TODAY.weekday())
    done = (
        ExerciseCompletion.objects.filter(
            owner=instances, exercise_id=OuterRef("exercise_id"), date__gte=monday
        )
        .order_by()
        .values("exercise_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    orm = list(
        ExercisePrescription.objects.filter(owner=instances, starts_on__lte=TODAY + timedelta(days=1))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=monday))
        .annotate(done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)))
        .values_list("times_per_week", "done", "starts_on", "ends_on")
    )
    (fast,) = run_reads(
        prescriptions_read(
            ExercisePrescription,
            ExerciseCompletion,
            owner_id=instances.pk,
            week_start=monday,
            until=TODAY + timedelta(days=1),
        )
    )

    assert fast == orm
    assert sorted(done for _, done, _, _ in fast) == [0, 0, 2]  # this week's two, not Sunday's
    assert [type(v) for v in fast[0]] == [type(v) for v in orm[0]]


# The one write built once: the triage summary's upsert.


def test_the_summary_upsert_inserts_then_updates_only_the_fields_it_names(runner):
    raised = timezone.now().replace(microsecond=0)
    first = {
        "as_of": TODAY,
        "last_checkin": None,
        "pain_14d": [None, 3, 5],
        "week_m": 12000,
        "acwr": 1.25,
        "top_title": "Pain is getting worse",
        "top_raised_at": raised,
        "projected_summary": {"week_m": 1},
    }

    run_reads(upsert_write(PatientSummary, conflict="runner", key=runner.pk, values=first, update=("as_of",)))

    stored = PatientSummary.objects.get(runner=runner)
    assert (stored.as_of, stored.last_checkin, stored.pain_14d, stored.week_m, stored.acwr) == (
        TODAY,
        None,
        [None, 3, 5],
        12000,
        1.25,
    )
    assert stored.top_raised_at == raised and stored.projected_summary == {"week_m": 1}
    assert stored.top_rank == -1 and stored.projected_flags == []  # defaults for what was not given

    later = {**first, "as_of": TODAY + timedelta(days=1), "week_m": 0, "pain_14d": [1]}
    run_reads(
        upsert_write(
            PatientSummary, conflict="runner", key=runner.pk, values=later, update=("as_of", "pain_14d")
        )
    )

    stored = PatientSummary.objects.get(runner=runner)
    assert stored.as_of == TODAY + timedelta(days=1) and stored.pain_14d == [1]
    assert stored.week_m == 12000  # not among the fields to update: kept
    assert PatientSummary.objects.filter(runner=runner).count() == 1


def test_the_summary_upsert_stores_what_the_orm_would(runner, other_runner):
    values = {
        "as_of": TODAY,
        "last_checkin": TODAY - timedelta(days=2),
        "pain_14d": [2, None],
        "acwr": None,
        "top_code": "load_spike",
        "top_raised_at": timezone.now(),
        "projected_for": TODAY + timedelta(days=1),
        "projected_flags": [{"key": "load_spike", "evidence": [{"id": "x", "date": "2026-11-19"}]}],
    }
    run_reads(
        upsert_write(PatientSummary, conflict="runner", key=runner.pk, values=values, update=("as_of",))
    )
    PatientSummary.objects.create(runner=other_runner, **values)

    fast, orm = (PatientSummary.objects.filter(runner=user).values().get() for user in (runner, other_runner))
    del fast["runner_id"], orm["runner_id"]
    assert fast == orm


@pytest.mark.parametrize("model", [Checkin, Run])
def test_an_entry_inserted_fast_is_stored_as_the_orm_stores_it_and_a_taken_id_changes_nothing(runner, model):
    shoe = make_shoe(runner, name="Trainer")
    fields = {
        Checkin: {
            "date": TODAY,
            "time": time(7, 30),
            "side": "left",
            "pain_now": 3,
            "pain_waking": None,
            "pain_kinds": ["burning", "sharp"],
            "bone_tenderness": ["navicular"],
            "swelling": "mild",
            "notes": "after the hills",
        },
        Run: {"date": TODAY, "distance_m": 8000, "duration_s": 2700, "pain_during": None, "shoe": shoe},
    }[model]
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        fast = model(id=uuid.uuid4(), owner=runner, **fields)
        assert run_reads(insert_write(fast))[0] is True
        orm = model(id=uuid.uuid4(), owner=runner, **fields)
        orm.save(force_insert=True)
        twin = model(id=fast.pk, owner=runner, **{**fields, "date": TODAY - timedelta(days=1)})
        assert run_reads(insert_write(twin))[0] is False

    stored = {row.pop("id"): row for row in model.objects.filter(owner=runner).values()}
    assert stored[fast.pk] == stored[orm.pk] and stored[fast.pk]["date"] == TODAY
    fast.notes = "edited"
    fast.save()  # an update, as after save(), not a second insert
    assert model.objects.filter(owner=runner).count() == 2


# Changed flags written in one UPDATE built once: what bulk_update would write.


def _flags_for(owner, count: int, prefix: str = "rule") -> list[Flag]:
    now = timezone.now()
    return [
        Flag.objects.create(
            owner=owner,
            key=f"{prefix}_{n}:left",
            code=f"{prefix}_{n}",
            subject="left",
            severity="caution",
            severity_rank=1,
            title=f"Title {n}",
            message="before",
            action="a",
            evidence=[{"id": "x", "date": "2026-11-19"}],
            related=[],
            source="s",
            raised_at=now - timedelta(days=n + 1),
            last_seen_at=now - timedelta(days=1),
            acknowledged_at=now,
            acknowledged_by=owner,
        )
        for n in range(count)
    ]


def _changed(flags: list[Flag], owner) -> list[Flag]:
    now = timezone.now().replace(microsecond=0)
    for n, flag in enumerate(flags):
        flag.message = f'after {n}: "quoted" \u2013 {"x" * n}'
        flag.evidence = [{"id": f"e{n}", "date": None, "detail": "pain 7/10"}] * (n + 1)
        flag.related = ["plantar-fasciitis"] if n % 2 else []
        flag.severity_rank = 2 + n % 2
        flag.clinician_only = bool(n % 2)
        flag.last_seen_at = now
        flag.cleared_at = now if n == 0 else None
        flag.acknowledged_at = None
        flag.acknowledged_by = None if n % 2 == 0 else owner
    return flags


COLUMNS = (
    "message",
    "evidence",
    "related",
    "severity_rank",
    "clinician_only",
    "last_seen_at",
    "cleared_at",
    "acknowledged_at",
    "acknowledged_by",
)


@pytest.mark.parametrize("count", [1, 3])
def test_changed_flags_are_written_as_bulk_update_writes_them(runner, other_runner, count):
    fast = _changed(_flags_for(runner, count), runner)
    orm = _changed(_flags_for(other_runner, count), other_runner)
    # Another flag of the same runner, not among those written.
    untouched = _flags_for(runner, 1, prefix="other")[0]

    assert run_reads(update_many_write(Flag, fast, COLUMNS)) == [count]
    Flag.objects.bulk_update(orm, list(COLUMNS))

    def stored(owner):
        rows = Flag.objects.filter(owner=owner, pk__in=[f.pk for f in fast + orm]).order_by("raised_at")
        return [
            {k: v for k, v in row.items() if k not in ("id", "owner_id", "acknowledged_by_id")}
            | {"acknowledged_by_me": row["acknowledged_by_id"] == owner.pk}
            for row in rows.values()
        ]

    assert stored(runner) == stored(other_runner)
    assert stored(runner)[0]["message"].startswith("after")
    kept = Flag.objects.get(pk=untouched.pk)
    assert (kept.message, kept.acknowledged_by_id) == ("before", runner.pk)


@pytest.mark.parametrize("count", [1, 3])
def test_flags_seen_again_are_marked_as_an_orm_update_marks_them(runner, other_runner, count):
    fast = _flags_for(runner, count)
    orm = _flags_for(other_runner, count)
    untouched = _flags_for(runner, 1, prefix="other")[0]
    seen = timezone.now().replace(microsecond=0) + timedelta(hours=1)

    assert run_reads(update_same_write(Flag, [f.pk for f in fast], "last_seen_at", seen)) == [count]
    Flag.objects.filter(pk__in=[f.pk for f in orm]).update(last_seen_at=seen)

    def stored(owner):
        rows = Flag.objects.filter(owner=owner).exclude(pk=untouched.pk).order_by("raised_at")
        return [
            {k: v for k, v in row.items() if k not in ("id", "owner_id", "acknowledged_by_id")}
            for row in rows.values()
        ]

    assert stored(runner) == stored(other_runner)
    assert {row["last_seen_at"] for row in stored(runner)} == {seen}
    assert Flag.objects.get(pk=untouched.pk).last_seen_at < seen


# Reads sent together (one round trip on PostgreSQL): the same results, each logged as a query.


def test_reads_sent_together_give_what_each_gives_alone_and_are_each_counted(journal):
    span = {"owner_id": journal.pk, "since": TODAY - timedelta(days=FACT_WINDOW_DAYS), "until": TODAY}

    def reads():
        return (
            values_read(Run, RUN_FIELDS, order=("date", "created_at"), **span),
            plan_read(ReturnPlan, owner_id=journal.pk),
            shoes_read(Shoe, Run, owner_id=journal.pk),
        )

    alone = [run_reads(read)[0] for read in reads()]

    with CaptureQueriesContext(connection) as queries:
        together = run_reads(*reads())

    assert len(queries) == 3
    assert together[0] == alone[0] and [r["distance_m"] for r in together[0]] == [8000, 8000, 3000]
    assert together[1].pk == alone[1].pk and together[1].pre_injury_weekly_m == 20000
    assert [s.pk for s in together[2]] == [s.pk for s in alone[2]] and together[2][0].runs_m == 8000


def test_reads_sent_together_inside_a_transaction_see_its_writes(journal):
    since = TODAY - timedelta(days=FACT_WINDOW_DAYS)
    with transaction.atomic():
        Run.objects.filter(owner=journal, distance_m=3000).update(distance_m=4000)
        runs, plan = run_reads(
            values_read(Run, RUN_FIELDS, owner_id=journal.pk, since=since, until=TODAY, order=("date",)),
            plan_read(ReturnPlan, owner_id=journal.pk),
        )
        assert [r["distance_m"] for r in runs][-1] == 4000 and plan is not None
        transaction.set_rollback(True)
    assert Run.objects.filter(owner=journal, distance_m=3000).exists()


def test_writes_and_reads_sent_together_run_in_order_and_give_their_counts(journal):
    """A claim, an update and a read in one go: each runs after the one before (the read sees the
    update), the claim says whether it claimed, the update how many rows it changed."""
    profile = Profile.objects.get(user=journal)
    Profile.objects.filter(pk=profile.pk).update(flags_evaluated_on=TODAY - timedelta(days=1))
    since = TODAY - timedelta(days=FACT_WINDOW_DAYS)
    run_ids = list(Run.objects.filter(owner=journal).values_list("pk", flat=True))
    with transaction.atomic():
        claimed, again, changed, runs = run_reads(
            evaluated_write(Profile, pk=profile.pk, day=TODAY, version=0, claim=True),
            evaluated_write(Profile, pk=profile.pk, day=TODAY, version=0, claim=True),
            update_same_write(Run, run_ids, "distance_m", 4200),
            values_read(Run, RUN_FIELDS, owner_id=journal.pk, since=since, until=TODAY, order=("date",)),
        )
    assert (claimed, again, changed) == (True, False, 3) and len(run_ids) == 3
    assert [r["distance_m"] for r in runs] == [4200, 4200, 4200]
    assert Profile.objects.get(pk=profile.pk).flags_evaluated_on == TODAY


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_reads_are_kept_prepared_on_postgresql(journal):
    """Evaluation's reads are planned once per connection, not on every request."""
    since = TODAY - timedelta(days=FACT_WINDOW_DAYS)
    read = values_read(Run, RUN_FIELDS, owner_id=journal.pk, since=since, until=TODAY, order=("date",))
    first, again = run_reads(read, read)

    assert first == again and len(first) == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert [text for text in prepared if "journal_run" in text and "distance_m" in text]


def test_a_read_that_fails_among_others_raises_the_databases_error(journal):
    broken = Read("SELECT no_such_column FROM journal_run WHERE owner_id = %s", [journal.pk], list)

    with pytest.raises(DatabaseError), transaction.atomic():
        run_reads(plan_read(ReturnPlan, owner_id=journal.pk), broken)
    assert ReturnPlan.objects.filter(owner=journal).exists()  # the connection still works
