"""Tomorrow's flags, worked out ahead by the task worker.

The rules are pure: as of tomorrow, on the rows that tomorrow's read would load, they find what the first
read of the next day would find, unless the journal changes first. The task worker works that out for each
runner whose flags were evaluated today (`journal.jobs.projections`, every few minutes, and the nightly
re-evaluation in the same go), so the first read of the next day stores those flags and that summary
instead of reading the journal (`journal.flags.services.flags_current`). Requests do not spend time on it.

A projection is used only on the day it is for, and only while it still describes the journal:

* every evaluation (after a write to the journal, or the first read of a day) voids it and draws a new
  `evaluation_stamp`, in the same upsert as the summary; the worker stores a projection only under the
  stamp it read before reading the journal, so one worked out from rows a write has since changed is
  never stored;
* only flags evaluated yesterday are brought up to today from it;
* its token covers the rules' source and the runner's unit, time zone and thresholds;
* an edit to the condition library voids every projection and draws a new stamp (journal/signals.py);
* otherwise, and whenever the worker is behind or stopped, the read evaluates in full, as before.

The projection is kept in the runner's triage summary row (`PatientSummary`). `tests/flags/test_projection.py`
replays journals day by day and holds a stored projection to exactly what a full evaluation finds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
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
# No projection: what every evaluation stores, until the worker works out the next one.
VOID = {"projected_for": None, "projection_token": "", "projected_flags": [], "projected_summary": {}}


def new_stamp() -> int:
    """A summary's evaluation_stamp: random, so no earlier one comes back (63 bits fit a signed bigint)."""
    return secrets.randbits(63)


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
    summaries = PatientSummary.objects.all()
    if owner_ids is not None:
        summaries = summaries.filter(runner_id__in=list(owner_ids))
    # A new stamp too, so a projection the worker is working out meanwhile is not stored.
    summaries.update(**VOID, evaluation_stamp=new_stamp())
