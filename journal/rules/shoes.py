from __future__ import annotations

from .facts import Journal, ShoeFact, format_distance
from .flags import CAUTION, INFO, Evidence, Flag
from .sources import SOURCES
from .thresholds import Thresholds


def shoe_flags(journal: Journal, t: Thresholds) -> list[Flag]:
    return [flag for shoe in journal.shoes if (flag := shoe_wear(shoe, journal.unit)) is not None]


def shoe_wear(shoe: ShoeFact, unit: str) -> Flag | None:
    # One flag per shoe at most, the more serious one; retired shoes are no longer worn, so never flag.
    if shoe.retired:
        return None
    total = format_distance(shoe.total_m, unit)
    if shoe.total_m >= shoe.replace_at_m:
        limit = format_distance(shoe.replace_at_m, unit)
        return Flag(
            code="shoe_replace",
            severity=CAUTION,
            title=f"Time to replace {shoe.name}",
            message=(
                f"{shoe.name} has covered {total}, past the {limit} you set for replacing it. Worn-out shoes "
                "lose cushioning and support, which may add strain to your feet and ankles."
            ),
            action=f"Replace {shoe.name}, or retire it from running and use it for walking.",
            evidence=(
                Evidence(kind="shoe", id=shoe.id, date=None, detail=f"{total} in total, replace at {limit}"),
            ),
            source=SOURCES["shoe_replace"],
            subject=shoe.id,
        )
    if shoe.total_m >= shoe.check_at_m:
        limit = format_distance(shoe.check_at_m, unit)
        return Flag(
            code="shoe_check",
            severity=INFO,
            title=f"Check {shoe.name} for wear",
            message=(
                f"{shoe.name} has covered {total}, past the {limit} you set for a check. Shoes usually last "
                "roughly 300-500 miles, depending on the shoe, the surface and the runner."
            ),
            action="Look for flattened cushioning, midsole creases and worn tread, and plan a replacement.",
            evidence=(
                Evidence(kind="shoe", id=shoe.id, date=None, detail=f"{total} in total, check at {limit}"),
            ),
            source=SOURCES["shoe_check"],
            subject=shoe.id,
        )
    return None
