"""Each runner's triage summary: what the physiotherapist's list shows of them, kept with their flags.

`summary_base` and `summary_write` run inside flag evaluation (`journal.flags.services`), which follows
every write to the journal, so the summary is as fresh as the flags; they compute from the journal rows
the evaluation already loaded, with one small query for this week's exercises and one upsert.
`summarise` is pure, so the data migration that fills the table computes exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from journal import models, rules
from journal.flags.projection import PROJECTION_FIELDS, new_stamp
from journal.flags.projection import VOID as projection_void
from journal.flags.rows import Read, prescriptions_read, run_reads, upsert_write
from journal.models import Checkin, Flag, PatientSummary

ACWR_WINDOW_DAYS = 63  # as the patient page's load ratio (clinic.selectors.acwr_for)
PAIN_DAYS = 14
FIELDS = (
    "as_of",
    "last_checkin",
    "pain_14d",
    "week_m",
    "last_week_m",
    "acwr",
    "adherence_done",
    "adherence_target",
    "top_code",
    "top_severity",
    "top_rank",
    "top_title",
    "top_raised_at",
    "open_flags",
)


# What an evaluation writes besides FIELDS: its stamp, and the projection (or none).
_STAMPED = ("evaluation_stamp", *PROJECTION_FIELDS)


def week_start_of(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _run_fact(run_id, day: date, metres: int, duration: int, pain: int | None) -> rules.RunFact:
    return rules.RunFact(str(run_id), day, metres, duration, pain)


def summarise(
    *,
    today: date,
    last_checkin: date | None,
    pains: Iterable[tuple[date, int | None]],
    runs: Iterable[tuple[Any, date, int, int, int | None]],
    prescriptions: Iterable[tuple[int, int]],
    open_flags: Iterable[tuple[str, str, int, str, datetime]],
) -> dict:
    """The summary's values as of `today`.

    pains: (date, pain_now) of check-ins; runs: the rules' RunFacts, or (id, date, distance_m, duration_s,
    pain_during);
    prescriptions: (times_per_week, completions of that exercise since Monday) of those active this week;
    open_flags: (code, severity, severity_rank, title, raised_at) of the open, undismissed flags.
    """
    week_start = week_start_of(today)
    worst: dict[date, int] = {}
    for day, pain in pains:
        if pain is not None:  # not given is not pain-free
            worst[day] = max(pain, worst.get(day, 0))
    since = today - timedelta(days=ACWR_WINDOW_DAYS)
    facts = [run if isinstance(run, rules.RunFact) else _run_fact(*run) for run in runs]
    facts = [run for run in facts if since <= run.date <= today]
    week_m = sum(r.distance_m for r in facts if week_start <= r.date <= today)
    last_week_m = sum(r.distance_m for r in facts if week_start - timedelta(days=7) <= r.date < week_start)
    ratio = rules.acute_chronic_ratio(facts, today, rules.Thresholds())
    done = target = 0
    for times_per_week, completed in prescriptions:
        target += times_per_week
        done += min(times_per_week, completed)
    return {
        "as_of": today,
        "last_checkin": last_checkin,
        "pain_14d": [worst.get(today - timedelta(days=PAIN_DAYS - 1 - i)) for i in range(PAIN_DAYS)],
        "week_m": week_m,
        "last_week_m": last_week_m,
        "acwr": round(ratio, 2) if ratio is not None else None,
        "adherence_done": done,
        "adherence_target": target,
        **top_flag(open_flags),
    }


def top_flag(open_flags: Iterable[tuple[str, str, int, str, datetime]]) -> dict:
    """The summary's flag columns: the most severe open flag, the latest raised of those, and the count."""
    flags = sorted(open_flags, key=lambda f: (-f[2], -f[4].timestamp()))
    top = flags[0] if flags else None
    return {
        "top_code": top[0] if top else "",
        "top_severity": top[1] if top else "",
        "top_rank": top[2] if top else -1,
        "top_title": top[3] if top else "",
        "top_raised_at": top[4] if top else None,
        "open_flags": len(flags),
    }


# The columns top_flag fills; the rest come from the journal.
FLAG_FIELDS = tuple(top_flag(()))


def prescriptions_this_week(*, prescription_model, completion_model, owner_id, today: date) -> list[tuple]:
    """(times_per_week, completions of its exercise since Monday) of each prescription active this
    week: one query, whatever the journal's length."""
    weeks = prescription_weeks(
        prescription_model=prescription_model,
        completion_model=completion_model,
        owner_id=owner_id,
        today=today,
    )
    return prescriptions_on(weeks, day=today, read_on=today)


def prescription_weeks(*, prescription_model, completion_model, owner_id, today: date) -> list[tuple]:
    """(times_per_week, completions since this Monday, starts_on, ends_on) of each prescription active
    this week or starting tomorrow: enough for today's summary and tomorrow's, in one query."""
    models = {"prescription_model": prescription_model, "completion_model": completion_model}
    return run_reads(prescription_weeks_read(**models, owner_id=owner_id, today=today))[0]


def prescription_weeks_read(*, prescription_model, completion_model, owner_id, today: date) -> Read:
    """prescription_weeks as a read to send with others (journal.flags.rows.run_reads)."""
    return prescriptions_read(
        prescription_model,
        completion_model,
        owner_id=owner_id,
        week_start=week_start_of(today),
        until=today + timedelta(days=1),
    )


def prescriptions_on(weeks: list[tuple], *, day: date, read_on: date) -> list[tuple[int, int]]:
    """(times_per_week, completions since Monday) as of `day` (read_on or the day after), from
    prescription_weeks read on `read_on`: a new week starts with none done."""
    week_start = week_start_of(day)
    same_week = week_start == week_start_of(read_on)
    return [
        (times, done if same_week else 0)
        for times, done, starts_on, ends_on in weeks
        if starts_on <= day and (ends_on is None or ends_on >= week_start)
    ]


def flag_tuples(flags) -> list[tuple]:
    """(code, severity, rank, title, raised_at) of the flags the list counts: open, not dismissed."""
    return [
        (f.code, f.severity, f.severity_rank, f.title, f.raised_at) for f in flags if f.dismissed_at is None
    ]


def summary_upsert(summary_model, *, owner_id, values: dict, more_fields: tuple[str, ...] = ()) -> None:
    """One INSERT ... ON CONFLICT DO UPDATE (both SQLite and PostgreSQL). `more_fields`: columns the
    data migration's model does not have yet (the projection's)."""
    run_reads(_upsert(summary_model, owner_id=owner_id, values=values, more_fields=more_fields))


def _upsert(summary_model, *, owner_id, values: dict, more_fields: tuple[str, ...] = ()) -> Read:
    return upsert_write(
        summary_model, conflict="runner", key=owner_id, values=values, update=(*FIELDS, *more_fields)
    )


def summary_base(*, owner, rows, prescriptions: list[tuple[int, int]]) -> dict:
    """The summary's values as of rows.today but its flag columns (summary_write adds those), from
    the journal rows flag evaluation loaded."""
    if rows.checkins:
        last_checkin = rows.checkins[-1].date  # oldest first, none after today
    else:
        # Nothing in the evaluation's window: an older one, if any (one indexed lookup, rarely needed).
        last_checkin = (
            Checkin.objects.filter(owner=owner).order_by("-date").values_list("date", flat=True).first()
        )
    values = summarise(
        today=rows.today,
        last_checkin=last_checkin,
        pains=((c.date, c.pain_now) for c in rows.checkins),
        runs=rows.runs,
        prescriptions=prescriptions,
        open_flags=(),
    )
    for name in FLAG_FIELDS:
        del values[name]
    return values


def summary_write(*, owner_id, base: dict, open_flags, projection: dict | None = None) -> Read:
    """The summary from summary_base and the flags open after evaluation, with a new evaluation stamp
    and tomorrow's projection when there is one (journal.flags.projection.projection_values), else
    none: one upsert, to send with the evaluation's other writes (run_reads)."""
    values = {
        **base,
        **top_flag(flag_tuples(open_flags)),
        **(projection or projection_void),
        "evaluation_stamp": new_stamp(),
    }
    return _upsert(PatientSummary, owner_id=owner_id, values=values, more_fields=_STAMPED)


def summary_flags_write(*, owner_id) -> None:
    """After a flag is dismissed (no re-evaluation): the summary's most severe open flag again."""
    flags = top_flag(flag_tuples(Flag.objects.filter(owner_id=owner_id, cleared_at__isnull=True)))
    PatientSummary.objects.filter(runner_id=owner_id).update(**flags)


def summaries_fill(*, models: dict, owner_ids: Iterable | None = None, today_of) -> int:
    """Compute and store the summary of each runner with a profile (the data migration, the benchmark).

    `models` maps names to model classes (historical ones in a migration); `today_of(profile)` gives
    the runner's today. A few queries per runner.
    """
    Profile, Checkin, Run = models["Profile"], models["Checkin"], models["Run"]
    Flag, Summary = models["Flag"], models["PatientSummary"]
    profiles = Profile.objects.all()
    if owner_ids is not None:
        profiles = profiles.filter(user_id__in=list(owner_ids))
    count = 0
    for profile in profiles.iterator():
        owner_id = profile.user_id
        today = today_of(profile)
        last_checkin = (
            Checkin.objects.filter(owner_id=owner_id).order_by("-date").values_list("date", flat=True).first()
        )
        values = summarise(
            today=today,
            last_checkin=last_checkin,
            pains=Checkin.objects.filter(
                owner_id=owner_id, date__gt=today - timedelta(days=PAIN_DAYS), date__lte=today
            ).values_list("date", "pain_now"),
            runs=Run.objects.filter(
                owner_id=owner_id, date__gte=today - timedelta(days=ACWR_WINDOW_DAYS), date__lte=today
            ).values_list("id", "date", "distance_m", "duration_s", "pain_during"),
            prescriptions=prescriptions_this_week(
                prescription_model=models["ExercisePrescription"],
                completion_model=models["ExerciseCompletion"],
                owner_id=owner_id,
                today=today,
            ),
            open_flags=flag_tuples(Flag.objects.filter(owner_id=owner_id, cleared_at__isnull=True)),
        )
        summary_upsert(Summary, owner_id=owner_id, values=values)
        count += 1
    return count


def summaries_recompute(owner_ids: Iterable) -> int:
    """The summaries of these runners computed again from what is stored, without evaluating their
    flags: for rows written around the services (the benchmark's bulk journals, tests' flags)."""
    names = (
        "Profile",
        "Checkin",
        "Run",
        "Flag",
        "PatientSummary",
        "ExercisePrescription",
        "ExerciseCompletion",
    )
    return summaries_fill(
        models={name: getattr(models, name) for name in names},
        owner_ids=owner_ids,
        today_of=lambda profile: profile.today(),
    )
