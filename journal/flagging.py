"""Stored flags: turn a runner's journal into rule facts, evaluate, and keep the results with history."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journal import rules
from journal.models import Checkin, Flag, InjuryEpisode, Profile, ReturnPlan, Run
from journal.notify import services as notify
from journal.selectors import episode_active, shoe_wear

# Every rule looks at most a few weeks back; 180 days keeps a five-year journal as cheap as a new one.
FACT_WINDOW_DAYS = 180


def _checkin_fact(checkin: Checkin) -> rules.CheckinFact:
    return rules.CheckinFact(
        id=str(checkin.pk),
        date=checkin.date,
        side=checkin.side,
        pain_now=checkin.pain_now,
        pain_waking=checkin.pain_waking,
        pain_kinds=tuple(checkin.pain_kinds),
        swelling=checkin.swelling,
        bruising=checkin.bruising,
        can_walk_four_steps=checkin.can_walk_four_steps,
        pain_at_rest_or_night=checkin.pain_at_rest_or_night,
        pain_with_impact=checkin.pain_with_impact,
        pain_daily_activities=checkin.pain_daily_activities,
        bone_tenderness=tuple(checkin.bone_tenderness),
        calf_swollen_warm=checkin.calf_swollen_warm,
        area_red_warm=checkin.area_red_warm,
        fever=checkin.fever,
        heel_raises_ok=checkin.heel_raises_ok,
        hop_ok=checkin.hop_ok,
    )


def _run_fact(run: Run) -> rules.RunFact:
    return rules.RunFact(
        id=str(run.pk),
        date=run.date,
        distance_m=run.distance_m,
        duration_s=run.duration_s,
        pain_during=run.pain_during,
        shoe_id=str(run.shoe_id) if run.shoe_id else None,
        in_return_plan=run.return_plan_id is not None,
    )


def episode_fact(episode: InjuryEpisode | None) -> rules.EpisodeFact | None:
    if episode is None:
        return None
    condition = episode.condition
    return rules.EpisodeFact(
        id=str(episode.pk),
        title=episode.title,
        condition_slug=condition.slug if condition else None,
        condition_name=condition.name if condition else None,
        onset_date=episode.onset_date,
        onset=episode.onset,
        status=episode.status,
        pain_model=condition.pain_model if condition else "seed",
    )


def journal_facts(*, owner: AbstractBaseUser, profile: Profile, today: date) -> rules.Journal:
    since = today - timedelta(days=FACT_WINDOW_DAYS)
    checkins = Checkin.objects.filter(owner=owner, date__gte=since, date__lte=today).order_by("date")
    runs = Run.objects.filter(owner=owner, date__gte=since, date__lte=today).order_by("date")
    episode = episode_active(owner=owner)
    plan = ReturnPlan.objects.filter(owner=owner, status="active").first()
    shoes = [
        rules.ShoeFact(
            id=str(w.shoe.pk),
            name=w.shoe.name,
            total_m=w.total_m,
            check_at_m=w.shoe.check_at_m,
            replace_at_m=w.shoe.replace_at_m,
            retired=w.shoe.retired_on is not None,
        )
        for w in shoe_wear(owner=owner)
        if w.shoe.retired_on is None
    ]
    return rules.Journal(
        today=today,
        checkins=tuple(_checkin_fact(c) for c in checkins),
        runs=tuple(_run_fact(r) for r in runs),
        shoes=tuple(shoes),
        episode=episode_fact(episode),
        return_plan=rules.ReturnPlanFact(
            id=str(plan.pk), started_on=plan.started_on, pre_injury_weekly_m=plan.pre_injury_weekly_m
        )
        if plan
        else None,
        unit=profile.unit,
    )


def thresholds_for_runner(*, profile: Profile, episode: rules.EpisodeFact | None) -> rules.Thresholds:
    return rules.thresholds_for(episode=episode, overrides=profile.threshold_overrides or None)


def _evidence_json(flag: rules.Flag) -> list[dict]:
    return [{**asdict(e), "date": e.date.isoformat() if e.date else None} for e in flag.evidence]


@transaction.atomic
def flags_refresh(*, owner: AbstractBaseUser) -> list[Flag]:
    """Re-evaluate a runner's rules: raise new flags, update continuing ones, clear the rest."""
    profile = Profile.objects.get(user=owner)
    today = profile.today()
    facts = journal_facts(owner=owner, profile=profile, today=today)
    found = rules.evaluate(facts, thresholds_for_runner(profile=profile, episode=facts.episode))
    now = timezone.now()
    open_flags = {
        f.key: f for f in Flag.objects.select_for_update().filter(owner=owner, cleared_at__isnull=True)
    }
    to_create, to_update = [], []
    for finding in found:
        values = {
            "code": finding.code,
            "subject": finding.subject or "",
            "severity": finding.severity,
            "severity_rank": finding.rank,
            "title": finding.title,
            "message": finding.message,
            "action": finding.action,
            "evidence": _evidence_json(finding),
            "source": finding.source,
            "clinician_only": finding.clinician_only,
            "last_seen_at": now,
        }
        stored = open_flags.pop(finding.key, None)
        if stored is None:
            to_create.append(Flag(owner=owner, key=finding.key, raised_at=now, **values))
            continue
        old_ids = {e["id"] for e in stored.evidence}
        new_ids = {e["id"] for e in values["evidence"]}
        # Something new behind it (a new entry, a higher severity) brings an acknowledged flag back.
        if new_ids - old_ids or finding.rank > stored.severity_rank:
            stored.acknowledged_at = stored.acknowledged_by = stored.dismissed_at = None
        for name, value in values.items():
            setattr(stored, name, value)
        to_update.append(stored)
    for stale in open_flags.values():
        stale.cleared_at = now
        to_update.append(stale)
    Flag.objects.bulk_create(to_create)
    # Alerts for what was newly raised (a physiotherapist's, a shoe notice) go out from the worker.
    notify.flags_raised(owner=owner, flags=to_create)
    if to_update:
        Flag.objects.bulk_update(
            to_update,
            [
                "severity",
                "severity_rank",
                "title",
                "message",
                "action",
                "evidence",
                "source",
                "clinician_only",
                "last_seen_at",
                "cleared_at",
                "acknowledged_at",
                "acknowledged_by",
                "dismissed_at",
            ],
        )
    return [*to_create, *(f for f in to_update if f.cleared_at is None)]


@transaction.atomic
def flag_acknowledge(*, flag: Flag, by: AbstractBaseUser) -> Flag:
    if flag.cleared_at is not None:
        raise ValidationError("This flag has already cleared.")
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = by
    flag.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return flag


@transaction.atomic
def flag_dismiss(*, flag: Flag) -> Flag:
    if not flag.can_dismiss:
        raise ValidationError("Urgent and see-a-professional flags cannot be dismissed, only acknowledged.")
    if flag.cleared_at is not None:
        raise ValidationError("This flag has already cleared.")
    now = timezone.now()
    flag.dismissed_at = now
    flag.acknowledged_at = flag.acknowledged_at or now
    flag.save(update_fields=["dismissed_at", "acknowledged_at"])
    return flag
