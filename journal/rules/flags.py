from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))

    @property
    def key(self) -> str:
        return f"{self.code}:{self.subject}" if self.subject else self.code

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]


def sort_flags(flags: list[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda flag: (-flag.rank, flag.code, flag.subject or ""))
