"""A journal's past flags: evaluate it as of each day before it was first evaluated.

A journal that arrives all at once (the demo, an import) was never evaluated on the days it covers,
so its flag history would start today. Replaying the rules day by day gives it the history it would
have had if it had been logged as it happened. Replayed flags send no alerts.
"""

from __future__ import annotations

import bisect
import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from journal import rules
from journal.entries.selectors import shoe_wear
from journal.flags.facts import (
    CHECKIN_FIELDS,
    FACT_WINDOW_DAYS,
    RESOLVED_LOOKBACK_DAYS,
    RUN_FIELDS,
    _checkin_fact,
    _run_fact,
    episode_fact,
    thresholds_for_runner,
)
from journal.flags.services import flag_values
from journal.models import Checkin, Flag, InjuryEpisode, Profile, ReturnPlan, Run

# Each day costs a full evaluation (about 15 ms); a year back is the history people read.
REPLAY_MAX_DAYS = 366


def _moment(day: date, zone: ZoneInfo) -> datetime:
    # The rules judge whole days; midday in the runner's own time zone stands for the day.
    return datetime.combine(day, time(12), tzinfo=zone)


def _episode_as_of(episode: InjuryEpisode, day: date) -> rules.EpisodeFact | None:
    """The injury as it stood on `day`, or None if it had not begun or was long over."""
    if episode.onset_date > day:
        return None
    fact = episode_fact(episode)
    resolved_on = episode.resolved_on
    if resolved_on is not None and resolved_on > day:
        # Not yet resolved then; which of active or recovering it was is not kept.
        fact = dataclasses.replace(fact, status="recovering", resolved_on=None)
    elif fact.status == "resolved":
        ended = resolved_on or episode.onset_date
        if (day - ended).days > RESOLVED_LOOKBACK_DAYS:
            return None
    cleared = episode.cleared_to_return_on is not None and episode.cleared_to_return_on <= day
    return dataclasses.replace(fact, cleared_to_return=cleared)


def _replay_end(*, owner: AbstractBaseUser, profile: Profile, zone: ZoneInfo) -> tuple[date, bool]:
    """The last day to replay (the day before the earliest stored flag, else yesterday), and whether
    any flag is stored."""
    first = Flag.objects.filter(owner=owner).order_by("raised_at").values_list("raised_at", flat=True).first()
    if first is None:
        return profile.today() - timedelta(days=1), False
    return first.astimezone(zone).date() - timedelta(days=1), True


@transaction.atomic
def flags_replay(*, owner: AbstractBaseUser, profile: Profile | None = None) -> int:
    """Store the flags the journal would have raised on each past day it was never evaluated for.

    Returns how many flags were stored. Flags still open on the last replayed day stay open when
    nothing was stored before, so the next evaluation carries them on (or clears them).
    """
    if profile is None:
        profile = Profile.objects.get(user=owner)
    zone = ZoneInfo(profile.time_zone)
    end, already_stored = _replay_end(owner=owner, profile=profile, zone=zone)
    firsts = [
        d
        for model in (Checkin, Run)
        if (
            d := model.objects.filter(owner=owner, date__lte=end)
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
        is not None
    ]
    if not firsts:
        return 0
    start = max(min(firsts), end - timedelta(days=REPLAY_MAX_DAYS - 1))
    since = start - timedelta(days=FACT_WINDOW_DAYS)
    checkins = [
        _checkin_fact(row)
        for row in Checkin.objects.filter(owner=owner, date__gte=since, date__lte=end)
        .order_by("date", "time", "created_at")
        .values(*CHECKIN_FIELDS)
    ]
    run_rows = list(
        Run.objects.filter(owner=owner, date__gte=since).order_by("date", "created_at").values(*RUN_FIELDS)
    )
    runs = [_run_fact(row) for row in run_rows if row["date"] <= end]
    checkin_days = [c.date for c in checkins]
    run_days = [r.date for r in runs]
    episodes = list(InjuryEpisode.objects.filter(owner=owner).select_related("condition"))
    episodes.sort(key=lambda e: (e.onset_date, e.created_at), reverse=True)
    plans = list(ReturnPlan.objects.filter(owner=owner))
    wear = shoe_wear(owner=owner)
    # Each shoe's distance as of the day before `start`; each replayed day adds its own runs.
    runs_by_day: dict[date, list[dict]] = {}
    shoe_m = {w.shoe.pk: w.total_m for w in wear}
    for row in run_rows:
        if row["date"] >= start and row["shoe_id"] in shoe_m:
            shoe_m[row["shoe_id"]] -= row["distance_m"]
            runs_by_day.setdefault(row["date"], []).append(row)

    open_flags: dict[str, Flag] = {}
    done: list[Flag] = []
    day = start
    while day <= end:
        moment = _moment(day, zone)
        lo = bisect.bisect_left(checkin_days, day - timedelta(days=FACT_WINDOW_DAYS))
        hi = bisect.bisect_right(checkin_days, day)
        run_lo = bisect.bisect_left(run_days, day - timedelta(days=FACT_WINDOW_DAYS))
        run_hi = bisect.bisect_right(run_days, day)
        as_of = [fact for e in episodes if (fact := _episode_as_of(e, day)) is not None]
        current = next((f for f in as_of if f.status != "resolved"), None)
        plan = next(
            (p for p in plans if p.started_on <= day and (p.ended_on is None or p.ended_on > day)), None
        )
        for run in runs_by_day.get(day, ()):
            shoe_m[run["shoe_id"]] = shoe_m.get(run["shoe_id"], 0) + run["distance_m"]
        shoes = [
            rules.ShoeFact(
                id=str(w.shoe.pk),
                name=w.shoe.name,
                total_m=shoe_m[w.shoe.pk],
                check_at_m=w.shoe.check_at_m,
                replace_at_m=w.shoe.replace_at_m,
                retired=False,
            )
            for w in wear
            if w.shoe.retired_on is None or w.shoe.retired_on > day
        ]
        journal = rules.Journal(
            today=day,
            checkins=checkins[lo:hi],
            runs=runs[run_lo:run_hi],
            shoes=tuple(shoes),
            episode=current,
            episodes=tuple(as_of),
            return_plan=rules.ReturnPlanFact(
                id=str(plan.pk), started_on=plan.started_on, pre_injury_weekly_m=plan.pre_injury_weekly_m
            )
            if plan
            else None,
            unit=profile.unit,
        )
        found = rules.evaluate(journal, thresholds_for_runner(profile=profile, episode=current))
        seen = set()
        for finding in found:
            seen.add(finding.key)
            values = flag_values(finding, seen_at=moment)
            flag = open_flags.get(finding.key)
            if flag is None:
                open_flags[finding.key] = Flag(owner=owner, key=finding.key, raised_at=moment, **values)
            else:
                for name, value in values.items():
                    setattr(flag, name, value)
        for key in [k for k in open_flags if k not in seen]:
            flag = open_flags.pop(key)
            flag.cleared_at = moment
            done.append(flag)
        day += timedelta(days=1)
    if already_stored:
        # Later flags are stored already; what was open at the end of the replay ends where they begin.
        for flag in open_flags.values():
            flag.cleared_at = _moment(end + timedelta(days=1), zone)
    Flag.objects.bulk_create([*done, *open_flags.values()], batch_size=500)
    return len(done) + len(open_flags)
