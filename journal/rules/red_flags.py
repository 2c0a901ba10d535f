from __future__ import annotations

from .facts import BONE_POINT_NAMES, NERVE_PAIN_KINDS, CheckinFact, Journal, format_day
from .flags import SEE_PROFESSIONAL, STOP, URGENT, Evidence, Flag
from .history import checkin_evidence, checkins_so_far, latest_checkins, within
from .sources import SOURCES
from .thresholds import Thresholds

GET_CHECKED_TODAY = "Get checked at urgent care or A&E today"
BOOK_PROFESSIONAL = "Book an appointment with a physiotherapist or doctor"


# Symptom rules read only the latest day's check-ins, and only while that day is fresh
# (Thresholds.fresh_checkin_days), so a month-old answer cannot keep an urgent flag alive.
def red_flag_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    rules = (
        red_cannot_bear_weight,
        red_bone_tenderness,
        red_swelling_bruising,
        red_nerve,
        red_bone_stress,
        red_calf,
        red_infection,
    )
    return [flag for rule in rules if (flag := rule(journal, t)) is not None]


def red_cannot_bear_weight(journal: Journal, t: Thresholds) -> Flag | None:
    affected = [c for c in latest_checkins(journal, t) if not c.can_walk_four_steps]
    if not affected:
        return None
    return Flag(
        code="red_cannot_bear_weight",
        severity=URGENT,
        title="You can't walk four steps",
        message=(
            "You reported that you cannot put weight on the foot for four steps. Under the Ottawa ankle "
            "rules this is a sign that the injury may involve a broken bone and needs checking the same day."
        ),
        action=f"{GET_CHECKED_TODAY}. Keep weight off the foot until then.",
        evidence=tuple(checkin_evidence(c, "cannot walk four steps") for c in affected),
        source=SOURCES["red_cannot_bear_weight"],
    )


def red_bone_tenderness(journal: Journal, t: Thresholds) -> Flag | None:
    affected = [c for c in latest_checkins(journal, t) if c.bone_tenderness]
    if not affected:
        return None
    return Flag(
        code="red_bone_tenderness",
        severity=URGENT,
        title="Pinpoint bone tenderness",
        message=(
            "You reported pinpoint tenderness over a bone that the Ottawa ankle rules single out. Tenderness "
            "at one of these points may mean a fracture, which needs an X-ray to rule out."
        ),
        action=f"{GET_CHECKED_TODAY}. Don't run until it has been checked.",
        evidence=tuple(
            checkin_evidence(
                c, "tender at " + ", ".join(BONE_POINT_NAMES.get(p, p) for p in c.bone_tenderness)
            )
            for c in affected
        ),
        source=SOURCES["red_bone_tenderness"],
    )


def red_swelling_bruising(journal: Journal, t: Thresholds) -> Flag | None:
    latest = latest_checkins(journal, t)
    severe = [c for c in latest if c.swelling == "severe" or c.bruising]
    if severe:
        return _swelling_flag(
            "You reported severe swelling or bruising. Marked swelling or bruising may mean a more serious "
            "injury, such as a torn ligament or a broken bone.",
            tuple(checkin_evidence(c, _swelling_text(c.swelling, c.bruising)) for c in severe),
        )
    # "Not going down after 72 hours" (DESIGN.md): swelling still present after the 72-hour mark and no lower
    # than the worst level logged in those first 72 hours (any swelling counts if none was logged then).
    # Swelling that has eased from its early peak is going down, even if some remains.
    episode = journal.episode
    if episode is None or episode.onset != "sudden" or episode.status == "resolved" or not latest:
        return None
    acute_days = t.swelling_hours / 24
    # Dates have no time of day, so "more than 72 hours" means more than three whole days after onset.
    if (latest[0].date - episode.onset_date).days <= acute_days:
        return None
    swollen = [c for c in latest if c.swelling != "none"]
    if not swollen:
        return None
    early = [c for c in checkins_so_far(journal) if 0 <= (c.date - episode.onset_date).days <= acute_days]
    early_level = max((c.swelling_level for c in early), default=0)
    latest_level = max(c.swelling_level for c in swollen)
    if early and latest_level < early_level:
        return None
    return _swelling_flag(
        f"Your ankle is still swollen more than {t.swelling_hours} hours after {episode.title} began on "
        f"{format_day(episode.onset_date)}, and the swelling has not gone down. Swelling that does not "
        "settle with rest, ice, compression and elevation may mean a more serious injury.",
        (
            Evidence(
                kind="episode",
                id=episode.id,
                date=episode.onset_date,
                detail=f"sudden onset: {episode.title}",
            ),
            *(checkin_evidence(c, _swelling_text(c.swelling, c.bruising)) for c in swollen),
        ),
    )


def _swelling_text(swelling: str, bruising: bool) -> str:
    text = f"{swelling} swelling"
    return f"{text} and bruising" if bruising else text


def _swelling_flag(message: str, evidence: tuple[Evidence, ...]) -> Flag:
    return Flag(
        code="red_swelling_bruising",
        severity=SEE_PROFESSIONAL,
        title="Swelling or bruising needs a check",
        message=message,
        action=f"{BOOK_PROFESSIONAL}. Until then, don't run, and keep the foot raised.",
        evidence=evidence,
        source=SOURCES["red_swelling_bruising"],
    )


def red_nerve(journal: Journal, t: Thresholds) -> Flag | None:
    # Counted in distinct days, not check-ins: a left and a right check-in on one day is one report.
    affected = [
        c
        for c in checkins_so_far(journal)
        if within(journal, c.date, t.nerve_window_days) and NERVE_PAIN_KINDS.intersection(c.pain_kinds)
    ]
    days = {c.date for c in affected}
    if len(days) < t.nerve_min_checkins:
        return None
    return Flag(
        code="red_nerve",
        severity=SEE_PROFESSIONAL,
        title="Numbness or tingling keeps coming back",
        message=(
            f"You reported numbness or tingling on {len(days)} days in the last {t.nerve_window_days} days. "
            "Nerve symptoms that keep coming back may mean a nerve is being compressed, for example in the "
            "tarsal tunnel on the inner ankle."
        ),
        action=f"Don't run through nerve symptoms. {BOOK_PROFESSIONAL}.",
        evidence=tuple(
            checkin_evidence(c, " and ".join(k for k in c.pain_kinds if k in NERVE_PAIN_KINDS))
            for c in affected
        ),
        source=SOURCES["red_nerve"],
    )


def red_bone_stress(journal: Journal, t: Thresholds) -> Flag | None:
    # Both signs must come from the same check-in (the same side).
    affected = [
        c
        for c in latest_checkins(journal, t)
        if c.pain_at_rest_or_night and (c.bone_tenderness or c.pain_with_impact)
    ]
    if not affected:
        return None
    return Flag(
        code="red_bone_stress",
        severity=STOP,
        title="Possible bone stress: stop running",
        message=(
            "You reported pain at rest or at night together with pinpoint bone pain or pain that worsens "
            "with every impact. This pattern may mean a bone stress injury or stress fracture, which "
            "running on can make much worse."
        ),
        action=f"Stop running and other impact now. {BOOK_PROFESSIONAL} to have the bone checked.",
        evidence=tuple(checkin_evidence(c, _bone_stress_text(c)) for c in affected),
        source=SOURCES["red_bone_stress"],
    )


def _bone_stress_text(checkin: CheckinFact) -> str:
    parts = ["pain at rest or at night"]
    if checkin.bone_tenderness:
        parts.append("pinpoint bone tenderness")
    if checkin.pain_with_impact:
        parts.append("pain with impact")
    return ", ".join(parts)


def red_calf(journal: Journal, t: Thresholds) -> Flag | None:
    affected = [c for c in latest_checkins(journal, t) if c.calf_swollen_warm]
    if not affected:
        return None
    return Flag(
        code="red_calf",
        severity=URGENT,
        title="Swollen, warm calf: get checked today",
        message=(
            "You reported a calf that is swollen and warm or red. This may be a sign of a blood clot in "
            "the leg (deep vein thrombosis), which needs checking the same day."
        ),
        action=(
            f"{GET_CHECKED_TODAY}. Call emergency services (999 in the UK) if you are short of breath or "
            "have chest pain."
        ),
        evidence=tuple(checkin_evidence(c, "calf swollen and warm or red") for c in affected),
        source=SOURCES["red_calf"],
    )


def red_infection(journal: Journal, t: Thresholds) -> Flag | None:
    affected = [c for c in latest_checkins(journal, t) if c.area_red_warm and c.fever]
    if not affected:
        return None
    return Flag(
        code="red_infection",
        severity=URGENT,
        title="Redness and warmth with a fever",
        message=(
            "You reported a red, warm area together with a fever. This combination may mean an infection, "
            "which needs checking the same day."
        ),
        action=f"{GET_CHECKED_TODAY}.",
        evidence=tuple(checkin_evidence(c, "red and warm area with fever") for c in affected),
        source=SOURCES["red_infection"],
    )
