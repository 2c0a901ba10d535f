"""The journal app's models, one module per capability; everything is importable from here."""

from __future__ import annotations

# Kept in models.py's old order, which is the order Django registers the models in (and so walks their
# relations, e.g. when deleting an account): the modules below, then notifications.
# isort: off
from journal.models.choices import (
    OTTAWA_POINTS,
    SEVERITY_ORDER,
    BonePoint,
    EpisodeStatus,
    JobStatus,
    OnsetKind,
    PainKind,
    ReturnPlanStatus,
    Role,
    RunSource,
    Severity,
    Side,
    Surface,
    Swelling,
    Unit,
)
from journal.models.base import Entry
from journal.models.profile import Profile, owner_today
from journal.models.entries import Checkin, Run, Shoe
from journal.models.recovery import ExerciseCompletion, ExercisePrescription, InjuryEpisode, ReturnPlan
from journal.models.flags import Flag
from journal.models.clinic import AccessLog, CareInvite, CareLink, CareRequest, ClinicianNote
from journal.models.data import DataExport, ImportBatch
from journal.models.summary import PatientSummary

# Notifications live in their own module; importing them here registers them with the app.
from journal.notify.models import (
    NotificationSettings,
    PushKeys,
    PushSubscription,
    SentNotification,
)
# isort: on

__all__ = [
    "OTTAWA_POINTS",
    "SEVERITY_ORDER",
    "AccessLog",
    "BonePoint",
    "CareInvite",
    "CareLink",
    "CareRequest",
    "Checkin",
    "ClinicianNote",
    "DataExport",
    "Entry",
    "EpisodeStatus",
    "ExerciseCompletion",
    "ExercisePrescription",
    "Flag",
    "ImportBatch",
    "InjuryEpisode",
    "JobStatus",
    "NotificationSettings",
    "OnsetKind",
    "PainKind",
    "PatientSummary",
    "Profile",
    "PushKeys",
    "PushSubscription",
    "ReturnPlan",
    "ReturnPlanStatus",
    "Role",
    "Run",
    "RunSource",
    "SentNotification",
    "Severity",
    "Shoe",
    "Side",
    "Surface",
    "Swelling",
    "Unit",
    "owner_today",
]
