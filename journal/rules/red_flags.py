"""Red flags: symptoms that need a professional, per side, from the side's check-ins of the last few days.

Each rule reads every check-in for the side within ``Thresholds.fresh_checkin_days`` (so an old answer cannot
keep a flag alive and a later check-in cannot hide a fresh one), except ``red_nerve`` (its own window) and the
lasting-swelling path of ``red_swelling_bruising`` (a stretch of check-ins).
"""

from __future__ import annotations

import datetime as dt

from .facts import BONE_POINT_NAMES, CheckinFact, Journal, format_day
from .flags import SEE_PROFESSIONAL, URGENT, Evidence, Flag
from .history import (
    SIDE_TEXT,
    checkin_evidence,
    fresh_side_checkins,
    injuries_on,
    is_fresh,
    per_side,
    related_slugs,
    side_checkins,
    within,
)
from .sources import SOURCES
from .thresholds import Thresholds

GET_CHECKED_TODAY = "Get checked at urgent care or A&E today"
BOOK_PROFESSIONAL = "Book an appointment with a physiotherapist or doctor"
# Library pages the evidence of a red flag concerns.
NERVE_PAGES = ("tarsal-tunnel-syndrome",)
BONE_STRESS_PAGES = ("stress-fracture",)


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
    return [flag for rule in rules for flag in per_side(rule)(journal, t)]


def _bone_points(points: tuple[str, ...]) -> str:
    return ", ".join(BONE_POINT_NAMES.get(p, p) for p in points)


def red_cannot_bear_weight(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    affected = [c for c in fresh_side_checkins(journal, side, t) if not c.can_walk_four_steps]
    if not affected:
        return None
    return Flag(
        code="red_cannot_bear_weight",
        severity=URGENT,
        title="You can't walk four steps",
        message=(
            f"You reported that you cannot put weight on your {SIDE_TEXT[side].removesuffix(' side')} foot "
            "for four steps. Under the Ottawa ankle rules this is a sign that the injury may involve a "
            "broken bone and needs checking the same day."
        ),
        action=f"{GET_CHECKED_TODAY}. Keep weight off the foot until then.",
        evidence=tuple(checkin_evidence(c, "cannot walk four steps") for c in affected),
        source=SOURCES["red_cannot_bear_weight"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def acute_injury(journal: Journal, t: Thresholds, side: str) -> bool:
    """A sudden-onset injury on this side, or a twist, fall or knock reported for it, in the last few days."""
    sudden = any(
        e.onset == "sudden" and within(journal, e.onset_date, t.acute_injury_days)
        for e in injuries_on(journal, side)
    )
    trauma = any(
        c.recent_trauma and within(journal, c.date, t.acute_injury_days) for c in side_checkins(journal, side)
    )
    return sudden or trauma


def red_bone_tenderness(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    # The Ottawa rules are for acute injuries; gradual bone tenderness is red_bone_stress's job.
    if not acute_injury(journal, t, side):
        return None
    affected = [c for c in fresh_side_checkins(journal, side, t) if c.ottawa_points]
    if not affected:
        return None
    return Flag(
        code="red_bone_tenderness",
        severity=URGENT,
        title="Pinpoint bone tenderness after an injury",
        message=(
            f"After a recent injury to your {SIDE_TEXT[side]}, you reported pinpoint tenderness over a bone "
            "that the Ottawa ankle rules single out. Tenderness at one of these points after an injury may "
            "mean a fracture, which needs an X-ray to rule out."
        ),
        action=f"{GET_CHECKED_TODAY}. Don't run until it has been checked.",
        evidence=tuple(checkin_evidence(c, "tender at " + _bone_points(c.ottawa_points)) for c in affected),
        source=SOURCES["red_bone_tenderness"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def _swelling_text(checkin: CheckinFact) -> str:
    if checkin.swelling == "none":
        return "bruising, no swelling" if checkin.bruising else "no swelling"
    text = f"{checkin.swelling} swelling"
    return f"{text} and bruising" if checkin.bruising else text


def _moment(checkin: CheckinFact) -> dt.datetime:
    return dt.datetime.combine(*checkin.moment)


def red_swelling_bruising(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    fresh = fresh_side_checkins(journal, side, t)
    marked = [c for c in fresh if c.swelling == "severe" or c.bruising]
    if marked:
        reported = sorted({_swelling_text(c) for c in marked})
        return _swelling_flag(
            journal,
            side,
            f"You reported {' and '.join(reported)} on your {SIDE_TEXT[side]}. Severe swelling or bruising "
            "may mean a more serious injury, such as a torn ligament or a broken bone.",
            tuple(checkin_evidence(c, _swelling_text(c)) for c in marked),
        )
    # Moderate or worse swelling that has lasted more than swelling_hours: a stretch of the side's check-ins
    # that all report it, the latest of them fresh. No injury record is needed.
    stretch: list[CheckinFact] = []
    for checkin in reversed(side_checkins(journal, side)):
        if checkin.swelling_level < 2:
            break
        stretch.insert(0, checkin)
    if not stretch or not is_fresh(journal, stretch[-1].date, t):
        return None
    hours = (_moment(stretch[-1]) - _moment(stretch[0])).total_seconds() / 3600
    if hours <= t.swelling_hours:
        return None
    worst = max(stretch, key=lambda c: c.swelling_level).swelling
    return _swelling_flag(
        journal,
        side,
        f"Your {SIDE_TEXT[side]} has been swollen ({worst} at worst) since {format_day(stretch[0].date)}, "
        f"for more than {t.swelling_hours} hours. Swelling that does not settle with rest, ice, compression "
        "and elevation may mean a more serious injury.",
        (
            checkin_evidence(stretch[0], f"{_swelling_text(stretch[0])}, first report"),
            checkin_evidence(stretch[-1], f"{_swelling_text(stretch[-1])}, latest report"),
        ),
    )


def _swelling_flag(journal: Journal, side: str, message: str, evidence: tuple[Evidence, ...]) -> Flag:
    return Flag(
        code="red_swelling_bruising",
        severity=SEE_PROFESSIONAL,
        title="Swelling or bruising needs a check",
        message=message,
        action=f"{BOOK_PROFESSIONAL}. Until then, don't run, and keep the foot raised.",
        evidence=evidence,
        source=SOURCES["red_swelling_bruising"],
        subject=side,
        related=related_slugs(injuries_on(journal, side)),
    )


def red_nerve(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    affected = [
        c
        for c in side_checkins(journal, side)
        if within(journal, c.date, t.nerve_window_days) and c.nerve_kinds
    ]
    if len(affected) < t.nerve_min_checkins:
        return None
    return Flag(
        code="red_nerve",
        severity=SEE_PROFESSIONAL,
        title="Numbness, tingling or burning keeps coming back",
        message=(
            f"You reported numbness, tingling or burning on your {SIDE_TEXT[side]} in {len(affected)} "
            f"check-ins in the last {t.nerve_window_days} days. Nerve symptoms that keep coming back may "
            "mean a nerve is being compressed, for example in the tarsal tunnel on the inner ankle."
        ),
        action=f"Don't run through nerve symptoms. {BOOK_PROFESSIONAL}.",
        evidence=tuple(checkin_evidence(c, " and ".join(c.nerve_kinds)) for c in affected),
        source=SOURCES["red_nerve"],
        subject=side,
        related=NERVE_PAGES,
    )


def _bone_stress_signs(checkin: CheckinFact, acute: bool) -> list[str]:
    # Pinpoint bone tenderness counts here only without an acute injury (then the Ottawa rules apply).
    tender = bool(checkin.bone_tenderness) and not acute
    signs: list[str] = []
    if checkin.pain_at_rest_or_night and (tender or checkin.pain_with_impact):
        signs.append("pain at rest or at night")
        if checkin.pain_with_impact:
            signs.append("pain with every impact")
    if tender:
        signs.append("pinpoint tenderness at " + _bone_points(checkin.bone_tenderness))
    return signs


def red_bone_stress(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    acute = acute_injury(journal, t, side)
    affected = [
        (c, signs) for c in fresh_side_checkins(journal, side, t) if (signs := _bone_stress_signs(c, acute))
    ]
    if not affected:
        return None
    return Flag(
        code="red_bone_stress",
        severity=SEE_PROFESSIONAL,
        title="Possible bone stress: stop running",
        message=(
            f"You reported {', '.join(affected[-1][1])} on your {SIDE_TEXT[side]}. Pain at rest or at night "
            "with bone pain or pain on every impact, or pinpoint bone tenderness that came on gradually, "
            "may mean a bone stress injury or stress fracture, which running on can make much worse."
        ),
        action=f"Stop running and other impact now. {BOOK_PROFESSIONAL} to have the bone checked.",
        evidence=tuple(checkin_evidence(c, ", ".join(signs)) for c, signs in affected),
        source=SOURCES["red_bone_stress"],
        subject=side,
        related=BONE_STRESS_PAGES,
    )


def red_calf(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    affected = [c for c in fresh_side_checkins(journal, side, t) if c.calf_swollen_warm]
    if not affected:
        return None
    return Flag(
        code="red_calf",
        severity=URGENT,
        title="Swollen, warm calf: get checked today",
        message=(
            f"You reported that your {SIDE_TEXT[side].removesuffix(' side')} calf is swollen and warm or "
            "red. This may be a sign of a blood clot in the leg (deep vein thrombosis), which needs "
            "checking the same day."
        ),
        action=(
            f"{GET_CHECKED_TODAY}. Call emergency services (999 in the UK) if you are short of breath or "
            "have chest pain."
        ),
        evidence=tuple(checkin_evidence(c, "calf swollen and warm or red") for c in affected),
        source=SOURCES["red_calf"],
        subject=side,
    )


def red_infection(journal: Journal, t: Thresholds, side: str) -> Flag | None:
    red = [c for c in fresh_side_checkins(journal, side, t) if c.area_red_warm]
    if not red:
        return None
    fever = [c for c in red if c.fever]
    if fever:
        return Flag(
            code="red_infection",
            severity=URGENT,
            title="Redness and warmth with a fever",
            message=(
                f"You reported a red, warm area on your {SIDE_TEXT[side]} together with a fever. This "
                "combination may mean an infection, which needs checking the same day."
            ),
            action=f"{GET_CHECKED_TODAY}.",
            evidence=tuple(checkin_evidence(c, "red and warm area with a fever") for c in fever),
            source=SOURCES["red_infection"],
            subject=side,
        )
    return Flag(
        code="red_infection",
        severity=SEE_PROFESSIONAL,
        title="A red, warm area needs a check",
        message=(
            f"You reported a red, warm area on your {SIDE_TEXT[side]}. Redness and warmth may be "
            "inflammation or the start of an infection; if you develop a fever, get checked the same day."
        ),
        action=f"{BOOK_PROFESSIONAL} in the next day or two. {GET_CHECKED_TODAY} if a fever starts.",
        evidence=tuple(checkin_evidence(c, "red and warm area, no fever") for c in red),
        source=SOURCES["red_infection"],
        subject=side,
    )
