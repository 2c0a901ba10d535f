"""The fixed lists the journal's fields choose from, and the orders rules and flags rely on."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    RUNNER = "runner", "Runner"
    PHYSIO = "physio", "Physiotherapist"


class Unit(models.TextChoices):
    KM = "km", "Kilometres"
    MI = "mi", "Miles"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class PainKind(models.TextChoices):
    DULL_ACHE = "dull_ache", "Dull ache"
    SHARP = "sharp", "Sharp"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling / pins and needles"
    NUMBNESS = "numbness", "Numbness"
    THROBBING = "throbbing", "Throbbing"


class Swelling(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class BonePoint(models.TextChoices):
    # The Ottawa ankle and foot rules' points of bone tenderness.
    INNER_ANKLE_BONE = "medial_malleolus", "Behind or at the tip of the inner ankle bone"
    OUTER_ANKLE_BONE = "lateral_malleolus", "Behind or at the tip of the outer ankle bone"
    NAVICULAR = "navicular", "The bump on the inner side of the midfoot (navicular)"
    FIFTH_METATARSAL = (
        "fifth_metatarsal",
        "The bony bump halfway along the outer edge of the foot (base of the fifth metatarsal)",
    )
    # Bone-stress sites: pinpoint pain here without an acute injury may be a stress fracture.
    METATARSAL_SHAFT = "metatarsal_shaft", "Along one of the long bones of the forefoot (a metatarsal)"
    SHIN_BONE = "tibia", "On the shin bone itself, at one spot"


# The Ottawa points, for the red_bone_tenderness rule; the others are bone-stress sites only.
OTTAWA_POINTS = ("medial_malleolus", "lateral_malleolus", "navicular", "fifth_metatarsal")


class Surface(models.TextChoices):
    ROAD = "road", "Road"
    TRACK = "track", "Track"
    TRAIL = "trail", "Trail"
    TREADMILL = "treadmill", "Treadmill"
    GRASS = "grass", "Grass"


class RunSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    GPX = "gpx", "GPX file"
    TCX = "tcx", "TCX file"
    FIT = "fit", "FIT file"
    STRAVA = "strava", "Strava export"
    GARMIN = "garmin", "Garmin export"


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RECOVERING = "recovering", "Recovering"
    RESOLVED = "resolved", "Resolved"


class OnsetKind(models.TextChoices):
    SUDDEN = "sudden", "Sudden"
    GRADUAL = "gradual", "Gradual"


class ReturnPlanStatus(models.TextChoices):
    ACTIVE = "active", "In progress"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class Severity(models.TextChoices):
    INFO = "info", "Information"
    CAUTION = "caution", "Caution"
    STOP = "stop", "Stop running for now"
    SEE_PROFESSIONAL = "see_professional", "See a professional"
    URGENT = "urgent", "Urgent"


SEVERITY_ORDER = ["info", "caution", "stop", "see_professional", "urgent"]


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    WORKING = "working", "Working"
    READY = "ready", "Ready"
    SAVING = "saving", "Saving"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
