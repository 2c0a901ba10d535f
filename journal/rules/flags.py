"""What the rules return: flags with their evidence.

* ``Flag.subject`` names what the flag is about when a rule can raise it more than once: the side ("left"
  or "right") for pain and symptom rules, a shoe's id for shoe rules. ``Flag.key`` (``code:subject``) is
  what identifies a stored flag from one evaluation to the next.
* ``Flag.related`` is the library condition slugs the evidence concerns, for "Read about" links; empty when
  the evidence concerns no condition (a worn shoe, a training jump).
* ``Evidence.side`` is the side of the check-in (or injury) it comes from, ``None`` for runs and shoes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .facts import SIDES

INFO = "info"
CAUTION = "caution"
STOP = "stop"
SEE_PROFESSIONAL = "see_professional"
URGENT = "urgent"

# Lowest to highest.
SEVERITIES = (INFO, CAUTION, STOP, SEE_PROFESSIONAL, URGENT)
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}

EVIDENCE_KINDS = ("checkin", "run", "shoe", "episode", "plan")


@dataclass(frozen=True)
class Evidence:
    kind: str
    id: str
    date: date | None
    detail: str
    side: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {self.kind!r}")


@dataclass(frozen=True)
class Flag:
    code: str
    severity: str
    title: str
    message: str
    action: str
    evidence: tuple[Evidence, ...]
    source: str
    subject: str | None = None
    clinician_only: bool = False
    related: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))
        object.__setattr__(self, "related", tuple(self.related))

    @property
    def side(self) -> str | None:
        """The side a per-side flag is about, else ``None``."""
        return self.subject if self.subject in SIDES else None

    @property
    def key(self) -> str:
        return f"{self.code}:{self.subject}" if self.subject else self.code

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]


def sort_flags(flags: list[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda flag: (-flag.rank, flag.code, flag.subject or ""))
