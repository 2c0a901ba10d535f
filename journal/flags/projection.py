"""Tomorrow's flags, worked out with today's.

Every evaluation (after a write, or on the first read of a day) has the runner's journal rows in hand, and
the rules are pure: evaluating them once more as of tomorrow, on the rows that tomorrow's read would load,
costs a fraction of loading them again. The first read of the next day then stores those flags and that
summary instead of reading the journal (`journal.flags.services.flags_current`).

A projection is used only on the day it is for, and only while it still describes the journal:

* any write to the journal evaluates and projects again, in the same transaction;
* only flags evaluated yesterday are brought up to today from it;
* its token covers the rules' source and the runner's unit, time zone and thresholds;
* an edit to the condition library voids it (journal/signals.py), and an admin's edit of an entry
  evaluates and projects again (journal/admin.py);
* otherwise the read evaluates in full, as before.

The projection is kept in the runner's triage summary row (`PatientSummary`), which every evaluation
upserts anyway. `tests/flags/test_projection.py` replays journals day by day and holds a stored
projection to exactly what a full evaluation finds.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from pathlib import Path

from journal.models import PatientSummary, Profile

_SOURCES = ("rules/*.py", "flags/services.py", "flags/summary.py", "flags/rows.py", "flags/projection.py")
_DATE_FIELDS = ("as_of", "last_checkin")


@functools.cache
def rules_version() -> str:
    """A digest of the code that turns a journal into flags: a deploy that changes it voids projections."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for pattern in _SOURCES:
        for path in sorted(root.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def token_for(profile: Profile) -> str:
    """What else an evaluation depends on besides the journal and the library."""
    settings = [rules_version(), profile.unit, profile.time_zone, profile.threshold_overrides or {}]
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def projection_values(*, profile: Profile, for_day: date, flags: list[dict], summary: dict) -> dict:
    """Tomorrow's findings (flag columns with their keys) and summary, as the triage summary's projection
    columns: stored by the same upsert as today's summary."""
    return {
        "projected_for": for_day,
        "projection_token": token_for(profile),
        "projected_flags": flags,
        "projected_summary": {k: v.isoformat() if k in _DATE_FIELDS and v else v for k, v in summary.items()},
    }


PROJECTION_FIELDS = ("projected_for", "projection_token", "projected_flags", "projected_summary")


def projection_for(*, owner_id, profile: Profile, day: date) -> tuple[list[dict], dict] | None:
    """The flags and summary projected for `day`, if they still apply (one query); else None."""
    found = (
        PatientSummary.objects.filter(
            runner_id=owner_id, projected_for=day, projection_token=token_for(profile)
        )
        .values_list("projected_flags", "projected_summary")
        .first()
    )
    if found is None:
        return None
    flags, summary = found
    for name in _DATE_FIELDS:
        if summary.get(name):
            summary[name] = date.fromisoformat(summary[name])
    return flags, summary


def projections_clear(*, owner_ids=None) -> None:
    """Void projections (all of them, or these runners'): their next new day is evaluated in full."""
    summaries = PatientSummary.objects.exclude(projected_for=None)
    if owner_ids is not None:
        summaries = summaries.filter(runner_id__in=list(owner_ids))
    summaries.update(projected_for=None, projected_flags=[], projected_summary={})
