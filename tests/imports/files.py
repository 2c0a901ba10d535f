"""Real run files for the tests, written with each format's own library: gpxpy, lxml and fit-tool."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime, timedelta

import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport
from lxml import etree
from lxml.builder import ElementMaker

# One degree of latitude, in metres, on gpxpy's sphere (so a track's length comes out as asked).
M_PER_DEGREE = 111_319.49
STEP_S = 10


def _points(start: datetime, km: float, minutes: float):
    steps = max(2, round(minutes * 60 / STEP_S))
    for i in range(steps + 1):
        yield (
            start + timedelta(seconds=i * STEP_S * minutes * 60 / (steps * STEP_S)),
            (
                51.5 + (km * 1000 / M_PER_DEGREE) * i / steps,
                -0.12,
            ),
        )


def make_gpx(start: datetime, km: float = 8.0, minutes: float = 45.0, sport: str = "running") -> bytes:
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name="Morning Run")
    track.type = sport
    segment = gpxpy.gpx.GPXTrackSegment()
    for at, (lat, lon) in _points(start, km, minutes):
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, lon, elevation=20, time=at))
    track.segments.append(segment)
    gpx.tracks.append(track)
    return gpx.to_xml().encode()


def make_tcx(start: datetime, km: float = 10.0, minutes: float = 50.0, sport: str = "Running") -> bytes:
    ns = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    e = ElementMaker(namespace=ns, nsmap={None: ns})
    iso = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    track = e.Track(
        *[
            e.Trackpoint(
                e.Time(at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
                e.Position(e.LatitudeDegrees(str(lat)), e.LongitudeDegrees(str(lon))),
                e.DistanceMeters(str(round(km * 1000 * i / 10, 1))),
            )
            for i, (at, (lat, lon)) in enumerate(_points(start, km, minutes))
            if i <= 10
        ]
    )
    lap = e.Lap(
        e.TotalTimeSeconds(str(minutes * 60)),
        e.DistanceMeters(str(km * 1000)),
        e.Intensity("Active"),
        e.TriggerMethod("Manual"),
        track,
        StartTime=iso,
    )
    doc = e.TrainingCenterDatabase(e.Activities(e.Activity(e.Id(iso), lap, Sport=sport)))
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")


def make_fit(start: datetime, km: float = 12.0, minutes: float = 60.0, sport: Sport = Sport.RUNNING) -> bytes:
    start_ms = round(start.timestamp() * 1000)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 0
    file_id.time_created = start_ms
    file_id.serial_number = 0x12345678
    builder.add(file_id)
    event = EventMessage()
    event.event, event.event_type, event.timestamp = Event.TIMER, EventType.START, start_ms
    builder.add(event)
    records = []
    for i, (at, (lat, lon)) in enumerate(_points(start, km, minutes)):
        record = RecordMessage()
        record.timestamp = round(at.timestamp() * 1000)
        record.position_lat, record.position_long = lat, lon
        record.distance = km * 1000 * i / max(1, round(minutes * 60 / STEP_S))
        records.append(record)
    builder.add_all(records)
    end_ms = start_ms + round(minutes * 60 * 1000)
    event = EventMessage()
    event.event, event.event_type, event.timestamp = Event.TIMER, EventType.STOP, end_ms
    builder.add(event)
    session = SessionMessage()
    session.timestamp = end_ms
    session.start_time = start_ms
    session.sport = sport
    session.total_distance = km * 1000
    session.total_timer_time = minutes * 60
    session.total_elapsed_time = minutes * 60
    builder.add(session)
    return builder.build().to_bytes()


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def strava_archive(runs: list[tuple[str, bytes, str, str]]) -> bytes:
    """A Strava-style export: activities/<file> (gzipped where the name says .gz) and activities.csv.

    Each run is (file name, bytes, activity type, gear).
    """
    rows = ['"Activity ID","Activity Date","Activity Name","Activity Type","Filename","Activity Gear"']
    members = {}
    for number, (name, data, kind, gear) in enumerate(runs, start=1):
        path = f"activities/{name}"
        members[path] = gzip.compress(data) if name.endswith(".gz") else data
        rows.append(f'"{number}","","Run {number}","{kind}","{path}","{gear}"')
    members["activities.csv"] = "\n".join(rows).encode()
    members["profile.csv"] = b"Athlete ID\n1\n"
    return make_zip(members)
