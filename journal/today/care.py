"""Phase-aware care tips: pure, from the active injury and the latest check-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ACUTE_DAYS = 3  # the first 48–72 hours after onset


@dataclass(frozen=True)
class CareTip:
    title: str
    text: str


ACUTE_TIPS = (
    CareTip(
        "Rest, but keep moving gently",
        "Stop running and avoid what hurts, but keep the rest of you moving: gentle movement "
        "that stays pain-free helps more than total rest.",
    ),
    CareTip(
        "Ice for 15–20 minutes every 2–3 hours",
        "Wrap an ice pack in a thin cloth and hold it on the sore spot. Never put ice straight on "
        "the skin, and don't leave it longer than 20 minutes.",
    ),
    CareTip(
        "Compress",
        "A snug elastic bandage helps keep swelling down. "
        "Loosen it if your toes tingle, go numb or change colour.",
    ),
    CareTip(
        "Elevate",
        "When you sit or lie down, rest the foot on cushions, above the level of your heart if you can.",
    ),
)

HEAT_TIP = CareTip(
    "Heat for a dull, lasting ache",
    "Past the first few days, and only when there is no swelling, warmth (a heat pack or a warm "
    "soak for 15–20 minutes) can ease a dull ache and loosen tight tissue before gentle stretching. "
    "Never heat a fresh or swollen injury.",
)

SWELLING_TIP = CareTip(
    "Still swollen?",
    "Keep using ice, compression and elevation while there is swelling, and skip heat for now.",
)


def care_tips(
    *,
    today: date,
    onset_date: date | None,
    swelling: str | None,
    pain_kinds: list[str] | tuple[str, ...] = (),
) -> tuple[str, list[CareTip]]:
    """The phase ("acute", "later" or "") and its tips; no injury and no pain means no tips."""
    if onset_date is not None and 0 <= (today - onset_date).days < ACUTE_DAYS:
        return "acute", list(ACUTE_TIPS)
    if onset_date is None and swelling is None:
        return "", []
    if swelling and swelling != "none":
        return "later", [SWELLING_TIP]
    if "dull_ache" in pain_kinds:
        return "later", [HEAT_TIP]
    return ("later", []) if onset_date is not None else ("", [])
