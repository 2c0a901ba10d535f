"""Read uploads into a preview, then save the new runs in one go and re-evaluate flags once.

Duplicates. A run is already in the journal when:
- both have a start time (imported runs): they started within 2 minutes of each other and their
  distances differ by at most 2% of the stored run's distance;
- the stored run has no start time (logged by hand, which records only the day): it is on the
  same local day and its distance is within 2% of the file's.
The same holds between two files of one upload, so a run exported both as GPX and FIT is kept once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journal.common.constants import MAX_RUN_M, MIN_PACE_S_PER_KM
from journal.entries import services as journal_services
from journal.imports import limits
from journal.imports.archive import Found
from journal.imports.parsers import ImportError_, ParsedRun, parse
from journal.models import Profile, Run, Shoe

NEW, DUPLICATE, ERROR = "new", "duplicate", "error"


def is_duplicate(
    *, started_at: datetime, local_date, distance_m: int, other_started_at, other_date, other_distance_m: int
) -> bool:
    if abs(distance_m - other_distance_m) > other_distance_m * limits.DUPLICATE_DISTANCE_RATIO:
        return False
    if other_started_at is None:
        return local_date == other_date
    return abs((started_at - other_started_at).total_seconds()) <= limits.DUPLICATE_START_S


def _problem(run: ParsedRun, *, now: datetime, today) -> str:
    if run.distance_m > MAX_RUN_M:
        return "This run is over 300 km, which Footnote does not accept; check the file."
    if run.duration_s < run.distance_m / 1000 * MIN_PACE_S_PER_KM:
        return "This is faster than 2 minutes per km, so it is not a run (a ride or a car trip?)."
    if run.started_at > now or run.local_date > today:
        return "This run starts in the future; check the clock of the device that recorded it."
    return ""


class _ShoeMatcher:
    def __init__(self, owner: AbstractBaseUser):
        self.shoes = list(Shoe.objects.filter(owner=owner))
        self.default = next((s for s in self.shoes if s.is_default and not s.retired_on), None)

    def match(self, gear: str) -> Shoe | None:
        wanted = gear.strip().casefold()
        if wanted:
            for shoe in self.shoes:
                if wanted in {shoe.name.casefold(), shoe.brand_model.casefold()}:
                    return shoe
        return self.default


def _item(found: Found, **values) -> dict:
    return {"name": found.name[-255:], "outcome": ERROR, "message": "", **values}


def import_read(
    *, owner: AbstractBaseUser, found: Iterable[Found], progress: Callable[[int], None] | None = None
) -> list[dict]:
    """Parse every file, check it, match its shoe and mark duplicates; stores nothing."""
    profile = Profile.objects.get(user=owner)
    tz = ZoneInfo(profile.time_zone)
    now, today = timezone.now(), profile.today()
    shoes = _ShoeMatcher(owner)
    items: list[dict] = []
    parsed: list[tuple[dict, ParsedRun]] = []
    for count, entry in enumerate(found, start=1):
        if entry.error:
            items.append(_item(entry, message=entry.error))
        else:
            try:
                kind, run = parse(entry.name, entry.data or b"")
            except ImportError_ as error:
                items.append(_item(entry, message=str(error)))
            else:
                run = run.in_zone(tz)
                problem = _problem(run, now=now, today=today)
                shoe = shoes.match(entry.gear)
                item = _item(
                    entry,
                    outcome=ERROR if problem else NEW,
                    message=problem,
                    source=entry.source or kind,
                    started_at=run.started_at.isoformat(),
                    date=run.local_date.isoformat(),
                    distance_m=run.distance_m,
                    duration_s=run.duration_s,
                    shoe_id=str(shoe.pk) if shoe else None,
                    shoe_name=shoe.name if shoe else "",
                )
                items.append(item)
                if not problem:
                    parsed.append((item, run))
        if progress and count % 25 == 0:
            progress(count)
    _mark_duplicates(owner=owner, items=[i for i, _ in parsed])
    return items


def _mark_duplicates(*, owner: AbstractBaseUser, items: list[dict]) -> None:
    candidates = [i for i in items if i["outcome"] in (NEW, DUPLICATE)]
    if not candidates:
        return
    dates = [datetime.fromisoformat(i["date"]).date() for i in candidates]
    stored = list(
        Run.objects.filter(
            owner=owner, date__gte=min(dates) - timedelta(days=1), date__lte=max(dates) + timedelta(days=1)
        ).values_list("started_at", "date", "distance_m")
    )
    by_date: dict = {}
    for started, day, distance in stored:
        by_date.setdefault(day, []).append((started, day, distance))
    for item in sorted(candidates, key=lambda i: i["started_at"]):
        started = datetime.fromisoformat(item["started_at"])
        day = datetime.fromisoformat(item["date"]).date()
        nearby = [
            other
            for d in (day - timedelta(days=1), day, day + timedelta(days=1))
            for other in by_date.get(d, [])
        ]
        duplicate = any(
            is_duplicate(
                started_at=started,
                local_date=day,
                distance_m=item["distance_m"],
                other_started_at=o_start,
                other_date=o_day,
                other_distance_m=o_distance,
            )
            for o_start, o_day, o_distance in nearby
        )
        item["outcome"] = DUPLICATE if duplicate else NEW
        item["message"] = "Already in your journal; it will be skipped." if duplicate else ""
        if not duplicate:
            # Later files of the same upload are compared with this one too.
            by_date.setdefault(day, []).append((started, day, item["distance_m"]))


@transaction.atomic
def import_save(*, owner: AbstractBaseUser, items: list[dict]) -> int:
    """Store the new runs of a preview (duplicates checked again) and re-evaluate flags once."""
    _mark_duplicates(owner=owner, items=items)
    shoes = {str(shoe.pk): shoe for shoe in Shoe.objects.filter(owner=owner)}
    runs = []
    for item in items:
        if item["outcome"] != NEW:
            continue
        run = Run(
            owner=owner,
            date=datetime.fromisoformat(item["date"]).date(),
            started_at=datetime.fromisoformat(item["started_at"]),
            distance_m=item["distance_m"],
            duration_s=item["duration_s"],
            shoe=shoes.get(item["shoe_id"] or ""),
            source=item["source"],
            source_file=item["name"][-255:],
            pain_during=None if _pain_nullable() else 0,
        )
        try:
            # The shoe is one of the owner's own (looked up above), so its foreign key is not asked
            # about again, one query per run.
            run.full_clean(
                exclude=["owner", "shoe", "return_plan"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            item["outcome"], item["message"] = ERROR, " ".join(error.messages)
            continue
        item["outcome"], item["message"] = "saved", "Saved."
        runs.append(run)
    Run.objects.bulk_create(runs, batch_size=500)
    if runs:
        journal_services.journal_refresh(owner=owner)
    return len(runs)


def _pain_nullable() -> bool:
    # A file cannot say how much it hurt: unknown, where the journal can store unknown.
    return Run._meta.get_field("pain_during").null
