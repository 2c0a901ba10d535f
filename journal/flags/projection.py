"""Tomorrow's flags, worked out with today's.

Every evaluation (after a write, or on the first read of a day) has the runner's journal rows in hand, and
the rules are pure: evaluating them once more as of tomorrow, on the rows that tomorrow's read would load,
costs a fraction of loading them again. The first read of the next day then stores those flags and that
summary instead of reading the journal (`journal.flags.services.flags_current`).

A projection is used only on the day it is for, and only while it still describes the journal:

* any write to the journal evaluates and projects again, in the same transaction;
* its token covers the rules' source and the runner's unit, time zone and thresholds;
* an edit to the condition library, or an admin's edit of an entry, removes it (journal/signals.py,
  journal/admin.py);
* otherwise the read evaluates in full, as before.

`tests/flags/test_projection.py` replays journals day by day and holds a stored projection to exactly what
a full evaluation finds.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from pathlib import Path

from journal.models import FlagProjection, Profile

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


def projection_store(*, owner_id, profile: Profile, for_day: date, flags: list[dict], summary: dict) -> None:
    """Keep tomorrow's findings (flag columns with their keys) and summary: one upsert."""
    FlagProjection.objects.bulk_create(
        [
            FlagProjection(
                runner_id=owner_id,
                for_day=for_day,
                token=token_for(profile),
                flags=flags,
                summary={k: v.isoformat() if k in _DATE_FIELDS and v else v for k, v in summary.items()},
            )
        ],
        update_conflicts=True,
        unique_fields=["runner"],
        update_fields=["for_day", "token", "flags", "summary"],
    )


def projection_for(*, owner_id, profile: Profile, day: date) -> tuple[list[dict], dict] | None:
    """The flags and summary projected for `day`, if they still apply (one query); else None."""
    found = (
        FlagProjection.objects.filter(runner_id=owner_id, for_day=day, token=token_for(profile))
        .values_list("flags", "summary")
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
    projections = FlagProjection.objects.all()
    if owner_ids is not None:
        projections = projections.filter(runner_id__in=list(owner_ids))
    projections.delete()
