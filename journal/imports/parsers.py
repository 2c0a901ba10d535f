"""GPX, TCX and FIT files to one run each, through well-kept libraries (gpxpy, lxml, fitdecode)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

import fitdecode
import gpxpy
import gpxpy.gpx
from lxml import etree

# Activities that are clearly not runs. Anything else (including a file that does not say, or says
# "generic") is read as a run; the pace check still refuses a ride that was mislabelled.
NOT_RUNS = ("cycl", "bik", "ride", "swim", "row", "ski", "paddl", "kayak", "canoe", "walk", "hik", "golf")


class ImportError_(Exception):
    """A file that cannot become a run; the message is shown to the runner beside the file's name."""


@dataclass(frozen=True)
class ParsedRun:
    started_at: datetime  # aware
    distance_m: int
    duration_s: int  # moving time

    @property
    def local_date(self) -> date:
        return self.started_at.date()

    def in_zone(self, tz: tzinfo) -> ParsedRun:
        return ParsedRun(self.started_at.astimezone(tz), self.distance_m, self.duration_s)


def _is_running(sport: str | None) -> bool:
    word = str(sport or "").strip().lower()
    return not any(part in word for part in NOT_RUNS)


def _checked(started_at: datetime | None, distance_m: float, duration_s: float) -> ParsedRun:
    if started_at is None:
        raise ImportError_("The file has no start time, so the run's date is unknown.")
    if started_at.tzinfo is None:
        started_at = started_at.replace(tzinfo=UTC)
    if distance_m <= 0 or duration_s <= 0:
        raise ImportError_("The file holds no track: no distance or no time was recorded.")
    return ParsedRun(
        started_at=started_at.astimezone(UTC), distance_m=round(distance_m), duration_s=round(duration_s)
    )


def parse_gpx(data: bytes) -> ParsedRun:
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="strict"))
    except (gpxpy.gpx.GPXException, UnicodeDecodeError, ValueError) as error:
        raise ImportError_("This is not a readable GPX file (it may be corrupt or cut short).") from error
    tracks = [t for t in gpx.tracks if any(s.points for s in t.segments)]
    if not tracks:
        raise ImportError_("The GPX file holds no track.")
    if not _is_running(tracks[0].type):
        raise ImportError_(f"This activity is not a run (the file says “{tracks[0].type}”).")
    start, _ = gpx.get_time_bounds()
    moving = gpx.get_moving_data()
    duration_s = moving.moving_time if moving and moving.moving_time else gpx.get_duration() or 0
    return _checked(start, gpx.length_2d(), duration_s)


TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"


def parse_tcx(data: bytes) -> ParsedRun:
    # No entities, no network, no huge trees: a hostile XML file cannot reach files or expand itself.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data.lstrip(), parser=parser)
    except etree.XMLSyntaxError as error:
        raise ImportError_("This is not a readable TCX file (it may be corrupt or cut short).") from error
    ns = {"t": TCX_NS}
    activity = root.find("t:Activities/t:Activity", ns)
    if activity is None:
        raise ImportError_("The TCX file holds no activity.")
    if not _is_running(activity.get("Sport")):
        raise ImportError_(f"This activity is not a run (the file says “{activity.get('Sport')}”).")
    laps = activity.findall("t:Lap", ns)
    if not laps:
        raise ImportError_("The TCX file holds no track.")
    try:
        start = datetime.fromisoformat(laps[0].get("StartTime") or activity.findtext("t:Id", "", ns))
        distance_m = sum(float(lap.findtext("t:DistanceMeters", "0", ns)) for lap in laps)
        duration_s = sum(float(lap.findtext("t:TotalTimeSeconds", "0", ns)) for lap in laps)
    except ValueError as error:
        raise ImportError_("The TCX file has a start time, distance or time that cannot be read.") from error
    return _checked(start, distance_m, duration_s)


def parse_fit(data: bytes) -> ParsedRun:
    session: dict = {}
    first_record: datetime | None = None
    last_distance = 0.0
    sport = None
    try:
        with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "session":
                    session = {f.name: f.value for f in frame.fields}
                elif frame.name == "sport" and frame.has_field("sport"):
                    sport = frame.get_value("sport")
                elif frame.name == "record":
                    if first_record is None and frame.has_field("timestamp"):
                        first_record = frame.get_value("timestamp")
                    if frame.has_field("distance") and frame.get_value("distance") is not None:
                        last_distance = float(frame.get_value("distance"))
    except (fitdecode.FitError, EOFError, ValueError, KeyError) as error:
        raise ImportError_("This is not a readable FIT file (it may be corrupt or cut short).") from error
    if not session and first_record is None:
        raise ImportError_("The FIT file holds no activity.")
    sport = session.get("sport", sport)
    if not _is_running(sport):
        raise ImportError_(f"This activity is not a run (the file says “{sport}”).")
    start = session.get("start_time") or first_record
    distance_m = session.get("total_distance") or last_distance
    duration_s = session.get("total_timer_time") or session.get("total_elapsed_time") or 0
    return _checked(start, float(distance_m or 0), float(duration_s or 0))


PARSERS = {"gpx": parse_gpx, "tcx": parse_tcx, "fit": parse_fit}


def kind_of(name: str, data: bytes) -> str | None:
    """The file's format from its name, or from its first bytes when the name does not say."""
    lower = name.lower()
    for kind in PARSERS:
        if lower.endswith(f".{kind}"):
            return kind
    head = data[:512].lstrip()
    if len(data) > 12 and data[8:12] == b".FIT":
        return "fit"
    if head.startswith(b"<"):
        if b"<gpx" in data[:2048]:
            return "gpx"
        if b"TrainingCenterDatabase" in data[:2048]:
            return "tcx"
    return None


def parse(name: str, data: bytes) -> tuple[str, ParsedRun]:
    kind = kind_of(name, data)
    if kind is None:
        raise ImportError_("This is not a GPS file: Footnote reads GPX, TCX and FIT files and zip archives.")
    return kind, PARSERS[kind](data)
