from __future__ import annotations

import gzip
from datetime import UTC, datetime

import gpxpy.gpx
import pytest
from fit_tool.profile.profile_type import Sport

from journal.imports.parsers import ImportError_, parse
from tests.imports.files import make_fit, make_gpx, make_tcx

START = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "data", "kind", "distance_m", "duration_s"),
    [
        ("morning.gpx", make_gpx(START, km=8, minutes=45), "gpx", 8000, 2700),
        ("morning.tcx", make_tcx(START, km=10, minutes=50), "tcx", 10000, 3000),
        ("morning.fit", make_fit(START, km=12, minutes=60), "fit", 12000, 3600),
        # The format is also known from the first bytes when the name does not say.
        ("upload", make_fit(START, km=12, minutes=60), "fit", 12000, 3600),
        ("upload", make_gpx(START, km=8, minutes=45), "gpx", 8000, 2700),
    ],
    ids=["gpx", "tcx", "fit", "fit-unnamed", "gpx-unnamed"],
)
def test_each_format_gives_start_distance_and_time(name, data, kind, distance_m, duration_s):
    found_kind, run = parse(name, data)
    assert found_kind == kind
    assert run.started_at == START
    assert abs(run.distance_m - distance_m) <= 2
    assert run.duration_s == duration_s


def test_gpx_duration_is_moving_time_without_a_long_stop():
    gpx = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack()
    segment = gpxpy.gpx.GPXTrackSegment()
    # 3 km in 15 minutes, then standing still for 20 minutes at a crossing, then 3 km more.
    lat, t = 51.5, 0
    for _ in range(90):
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, -0.1, time=_at(t)))
        lat += 3000 / 111_319.49 / 90
        t += 10
    for _ in range(120):
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, -0.1, time=_at(t)))
        t += 10
    for _ in range(90):
        lat += 3000 / 111_319.49 / 90
        segment.points.append(gpxpy.gpx.GPXTrackPoint(lat, -0.1, time=_at(t)))
        t += 10
    track.segments.append(segment)
    gpx.tracks.append(track)
    _, run = parse("stop.gpx", gpx.to_xml().encode())
    elapsed = t - 10
    assert run.duration_s < elapsed - 15 * 60


def _at(seconds: int) -> datetime:
    from datetime import timedelta

    return START + timedelta(seconds=seconds)


def _empty_gpx() -> bytes:
    gpx = gpxpy.gpx.GPX()
    gpx.tracks.append(gpxpy.gpx.GPXTrack())
    return gpx.to_xml().encode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0 not a run", "This is not a GPS file"),
        ("notes.txt", b"ran 5k today", "This is not a GPS file"),
        ("cut.gpx", make_gpx(START)[:300], "not a readable GPX file"),
        ("cut.tcx", make_tcx(START)[:300], "not a readable TCX file"),
        ("cut.fit", make_fit(START)[:200], "not a readable FIT file"),
        ("flipped.fit", make_fit(START)[:-1] + b"\x00", "not a readable FIT file"),
        ("empty.gpx", _empty_gpx(), "holds no track"),
        ("ride.gpx", make_gpx(START, sport="cycling"), "not a run"),
        ("ride.tcx", make_tcx(START, sport="Biking"), "not a run"),
        ("ride.fit", make_fit(START, sport=Sport.CYCLING), "not a run"),
        ("gz.gpx", gzip.compress(make_gpx(START)), "not a readable GPX file"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else "",
)
def test_bad_files_are_refused_with_a_message(name, data, message):
    with pytest.raises(ImportError_, match=message):
        parse(name, data)


def test_tcx_with_an_external_entity_does_not_read_local_files():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        b'<Activities><Activity Sport="Running"><Id>&e;</Id></Activity></Activities></TrainingCenterDatabase>'
    )
    with pytest.raises(ImportError_) as refused:
        parse("evil.tcx", evil)
    assert "root:" not in str(refused.value)


@pytest.mark.parametrize("sport", [Sport.GENERIC, Sport.RUNNING])
def test_a_fit_file_that_does_not_say_cycling_is_read_as_a_run(sport):
    _, run = parse("watch.fit", make_fit(START, sport=sport))
    assert run.distance_m == 12000


@pytest.mark.parametrize(("sport", "is_run"), [("Running", True), ("Other", True), ("Biking", False)])
def test_tcx_sport(sport, is_run):
    if is_run:
        assert parse("a.tcx", make_tcx(START, sport=sport))[1].distance_m == 10000
    else:
        with pytest.raises(ImportError_, match="not a run"):
            parse("a.tcx", make_tcx(START, sport=sport))
