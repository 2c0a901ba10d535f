from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fit_tool.profile.profile_type import Sport

from journal.flags import services as flagging
from journal.imports import limits
from journal.imports.services import is_duplicate
from journal.models import Flag, ImportBatch, Run
from tests.factories import make_run, make_shoe
from tests.imports.files import make_fit, make_gpx, make_tcx, make_zip, strava_archive

START = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)


_last_batch: list[str] = []


def upload(client, *files: tuple[str, bytes]):
    payload = [SimpleUploadedFile(name, data) for name, data in files]
    response = client.post(reverse("imports:start"), {"files": payload}, follow=True)
    if response.redirect_chain:
        _last_batch[:] = [response.redirect_chain[-1][0].rstrip("/").rsplit("/", 1)[-1]]
    return response


def batch_of(user) -> ImportBatch:
    # The clock is pinned, so "newest" cannot tell two uploads apart: use where the last one led.
    return ImportBatch.objects.get(owner=user, pk=_last_batch[0])


def outcomes(batch: ImportBatch) -> dict[str, str]:
    return {item["name"]: item["outcome"] for item in batch.items}


def messages(batch: ImportBatch) -> dict[str, str]:
    return {item["name"]: item["message"] for item in batch.items}


def test_the_import_page_is_linked_from_log(runner_client):
    page = runner_client.get(reverse("journal:log"))
    assert reverse("imports:start") in page.content.decode()
    assert runner_client.get(reverse("imports:start")).status_code == 200


def test_preview_stores_nothing_then_one_tap_saves(runner_client, runner):
    shoe = make_shoe(runner, name="Daily trainer")
    response = upload(
        runner_client,
        ("a.gpx", make_gpx(START, km=8)),
        ("b.tcx", make_tcx(START + timedelta(days=1), km=10)),
        ("c.fit", make_fit(START + timedelta(days=2), km=12)),
    )
    page = response.content.decode()
    assert "3 new runs" in page
    assert "Save 3 runs" in page
    assert Run.objects.count() == 0

    batch = batch_of(runner)
    response = runner_client.post(reverse("imports:save", args=[batch.pk]), follow=True)
    assert "3 runs saved." in response.content.decode()
    runs = {r.source: r for r in Run.objects.filter(owner=runner)}
    assert set(runs) == {"gpx", "tcx", "fit"}
    assert runs["gpx"].date == date(2026, 11, 20)
    assert runs["gpx"].source_file == "a.gpx"
    assert runs["tcx"].distance_m == 10000
    assert runs["fit"].duration_s == 3600
    assert all(r.shoe == shoe for r in runs.values())
    assert all(r.started_at is not None for r in runs.values())

    # Saving the same preview again stores nothing more.
    runner_client.post(reverse("imports:save", args=[batch.pk]))
    assert Run.objects.count() == 3


def test_the_date_is_the_runners_own_day(mile_client, mile_runner):
    # 02:00 UTC on the 21st is still the evening of the 20th in New York.
    upload(mile_client, ("late.gpx", make_gpx(datetime(2026, 11, 21, 2, 0, tzinfo=UTC))))
    batch = batch_of(mile_runner)
    assert batch.items[0]["date"] == "2026-11-20"
    mile_client.post(reverse("imports:save", args=[batch.pk]))
    assert Run.objects.get(owner=mile_runner).date == date(2026, 11, 20)


def test_flags_are_evaluated_once_for_the_whole_import(runner_client, runner, monkeypatch):
    make_shoe(runner, name="Old faithful", start_distance_m=480_000)
    calls = []
    real = flagging._evaluate
    monkeypatch.setattr(flagging, "_evaluate", lambda **kw: calls.append(1) or real(**kw))
    files = [(f"r{i}.gpx", make_gpx(START - timedelta(days=i), km=10, minutes=55)) for i in range(5)]
    upload(runner_client, *files)
    runner_client.post(reverse("imports:save", args=[batch_of(runner).pk]))
    assert Run.objects.count() == 5
    # Saved from a request, the runs leave the flags to the next read: Today evaluates them, once.
    assert runner_client.get(reverse("journal:today")).status_code == 200
    assert len(calls) == 1
    # The 50 km on the shoe took it past the check-at distance, and the flag says so.
    assert Flag.objects.filter(owner=runner, code="shoe_check", cleared_at__isnull=True).exists()


def test_strava_archive_with_all_three_formats_a_duplicate_a_ride_and_gear(runner_client, runner):
    make_shoe(runner, name="Daily trainer")
    racer = make_shoe(runner, name="Racer", brand_model="Fast 3")
    archive = strava_archive(
        [
            ("1.gpx.gz", make_gpx(START, km=8), "Run", "Fast 3"),
            ("2.tcx", make_tcx(START + timedelta(days=1), km=10), "Run", ""),
            ("3.fit.gz", make_fit(START + timedelta(days=2), km=12), "Run", "Racer"),
            # The same run as 1, saved again by the watch as FIT: one of them is skipped.
            ("4.fit", make_fit(START + timedelta(seconds=40), km=8.1), "Run", ""),
            ("5.gpx", make_gpx(START + timedelta(days=3), km=30, minutes=60), "Ride", ""),
        ]
    )
    upload(runner_client, ("export_123.zip", archive))
    batch = batch_of(runner)
    assert outcomes(batch) == {
        "activities/1.gpx": "new",
        "activities/2.tcx": "new",
        "activities/3.fit": "new",
        "activities/4.fit": "duplicate",
    }
    runner_client.post(reverse("imports:save", args=[batch.pk]))
    runs = Run.objects.filter(owner=runner).order_by("date")
    assert runs.count() == 3
    assert {r.source for r in runs} == {"strava"}
    assert runs[0].shoe == racer  # matched by brand and model
    assert runs[2].shoe == racer  # matched by name
    assert runs[1].shoe.name == "Daily trainer"  # no gear named: the default shoe

    # The same archive again: everything is a duplicate and nothing new is stored.
    response = upload(runner_client, ("export_123.zip", archive))
    assert set(outcomes(batch_of(runner)).values()) == {"duplicate"}
    assert "Save" not in response.content.decode().split("<table")[0].split("0 new runs")[1]
    runner_client.post(reverse("imports:save", args=[batch_of(runner).pk]))
    assert Run.objects.filter(owner=runner).count() == 3


def test_garmin_archive_with_fit_files_in_a_nested_zip(runner_client, runner):
    inner = make_zip(
        {
            "1001_ACTIVITY.fit": make_fit(START, km=6, minutes=33),
            "1002_ACTIVITY.fit": make_fit(START + timedelta(days=1), km=7, minutes=40),
        }
    )
    archive = make_zip(
        {
            "DI_CONNECT/DI-Connect-Fitness/summary.json": b"{}",
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
        }
    )
    upload(runner_client, ("garmin.zip", archive))
    runner_client.post(reverse("imports:save", args=[batch_of(runner).pk]))
    assert sorted(Run.objects.filter(owner=runner).values_list("distance_m", flat=True)) == [6000, 7000]
    assert set(Run.objects.values_list("source", flat=True)) == {"garmin"}


def test_a_hand_logged_run_on_the_same_day_and_distance_is_a_duplicate(runner_client, runner):
    make_run(runner, day=date(2026, 11, 20), distance_m=8100)  # 1.2% longer: the same run
    make_run(runner, day=date(2026, 11, 21), distance_m=10300)  # 3% longer: another run
    upload(
        runner_client,
        ("same.gpx", make_gpx(START, km=8)),
        ("other.gpx", make_gpx(START + timedelta(days=1), km=10)),
    )
    assert outcomes(batch_of(runner)) == {"same.gpx": "duplicate", "other.gpx": "new"}


@pytest.mark.parametrize(
    ("seconds_apart", "distance_m", "duplicate"),
    [(119, 10000, True), (121, 10000, False), (0, 10200, True), (0, 10201, False), (0, 9800, True)],
)
def test_duplicate_needs_a_start_within_2_minutes_and_distance_within_2_percent(
    seconds_apart, distance_m, duplicate
):
    assert (
        is_duplicate(
            started_at=START + timedelta(seconds=seconds_apart),
            local_date=START.date(),
            distance_m=distance_m,
            other_started_at=START,
            other_date=START.date(),
            other_distance_m=10000,
        )
        is duplicate
    )


@pytest.mark.parametrize(
    ("other_date", "distance_m", "duplicate"),
    [
        (date(2026, 11, 20), 10200, True),
        (date(2026, 11, 20), 10201, False),
        (date(2026, 11, 19), 10000, False),
    ],
)
def test_against_a_run_without_a_start_time_the_day_decides(other_date, distance_m, duplicate):
    assert (
        is_duplicate(
            started_at=START,
            local_date=START.date(),
            distance_m=distance_m,
            other_started_at=None,
            other_date=other_date,
            other_distance_m=10000,
        )
        is duplicate
    )


def _bomb() -> bytes:
    # 50 MB of zeros packs into about 50 kB: far past any plausible ratio.
    return make_zip({"activities/bomb.gpx": b"\0" * (50 * 1024 * 1024)})


def _traversal() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(zipfile.ZipInfo("../../etc/evil.gpx"), make_gpx(START))
        zf.writestr(zipfile.ZipInfo("/abs/evil.gpx"), make_gpx(START))
    return buffer.getvalue()


FUTURE = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "This is not a GPS file"),
        ("cut.fit", make_fit(START)[:150], "corrupt or cut short"),
        ("cut.gpx", make_gpx(START)[:400], "corrupt or cut short"),
        ("empty.gpx", b'<?xml version="1.0"?><gpx version="1.1" creator="x"></gpx>', "holds no track"),
        ("ultra.fit", make_fit(START, km=301, minutes=2000), "over 300 km"),
        ("car.gpx", make_gpx(START, km=30, minutes=59), "faster than 2 minutes per km"),
        ("ride.fit", make_fit(START, sport=Sport.CYCLING), "not a run"),
        ("tomorrow.gpx", make_gpx(FUTURE), "in the future"),
        ("bomb.zip", _bomb(), "zip bomb"),
        ("escape.zip", _traversal(), "outside the archive"),
        ("broken.zip", b"PK\x03\x04" + b"\x00" * 40, "corrupt or cut short"),
    ],
    ids=lambda value: value if isinstance(value, str) and "." in value else "",
)
def test_each_bad_file_is_refused_with_its_message_and_the_rest_imports(
    runner_client, runner, name, data, message
):
    good = make_gpx(START - timedelta(days=3), km=5, minutes=28)
    upload(runner_client, (name, data), ("good.gpx", good))
    batch = batch_of(runner)
    bad = [item for item in batch.items if item["name"] != "good.gpx"]
    assert bad and all(item["outcome"] == "error" for item in bad)
    assert all(message in item["message"] for item in bad), bad
    page = runner_client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert message in page
    before = Run.objects.count()
    runner_client.post(reverse("imports:save", args=[batch.pk]))
    assert Run.objects.count() == before + 1
    assert Run.objects.get().source_file == "good.gpx"


def test_faster_than_2_min_per_km_at_the_edge(runner_client, runner):
    # 10 km in 20 minutes is exactly 2:00/km and allowed; 19:50 is refused.
    upload(runner_client, ("edge.gpx", make_gpx(START, km=10, minutes=20)))
    upload(runner_client, ("over.gpx", make_gpx(START + timedelta(days=1), km=10, minutes=19.5)))
    assert ImportBatch.objects.get(items__0__name="edge.gpx").items[0]["outcome"] == "new"
    assert ImportBatch.objects.get(items__0__name="over.gpx").items[0]["outcome"] == "error"


def test_a_file_over_the_size_cap_is_refused(runner_client, runner, monkeypatch):
    data = make_gpx(START)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", len(data) - 1)
    upload(runner_client, ("big.gpx", data))
    assert "over" in messages(batch_of(runner))["big.gpx"]
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", len(data))
    upload(runner_client, ("big.gpx", data))
    assert outcomes(batch_of(runner))["big.gpx"] == "new"


def test_a_member_over_the_size_cap_inside_an_archive_is_refused(runner_client, runner, monkeypatch):
    data = make_gpx(START)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", len(data) - 1)
    upload(runner_client, ("a.zip", make_zip({"run.gpx": data})))
    assert "over" in messages(batch_of(runner))["run.gpx"]


def test_an_archive_over_the_cap_is_refused_whole(runner_client, runner, monkeypatch, settings):
    archive = make_zip({"run.gpx": make_gpx(START)})
    monkeypatch.setattr(limits, "MAX_ARCHIVE_BYTES", len(archive) - 1)
    upload(runner_client, ("export.zip", archive))
    assert "archive is over" in messages(batch_of(runner))["export.zip"]
    assert Run.objects.count() == 0
    # It was never copied into storage either.
    assert not (settings.MEDIA_ROOT / "imports" / str(batch_of(runner).pk)).exists()


def test_no_file_chosen_gets_a_message_beside_the_field(runner_client, runner):
    response = runner_client.post(reverse("imports:start"), {})
    assert response.status_code == 400
    assert "Choose at least one file." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_someone_elses_import_answers_404(runner_client, other_runner):
    from journal.imports import flow

    batch = flow.batch_create(owner=other_runner, files=[SimpleUploadedFile("a.gpx", make_gpx(START))])
    assert runner_client.get(reverse("imports:detail", args=[batch.pk])).status_code == 404
    assert runner_client.post(reverse("imports:save", args=[batch.pk])).status_code == 404
    assert Run.objects.count() == 0


def test_progress_polls_while_reading(runner_client, runner):
    batch = ImportBatch.objects.create(owner=runner, status="working", files_done=25)
    page = runner_client.get(reverse("imports:detail", args=[batch.pk]), HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert "25 read so far" in html
    assert 'hx-trigger="every 1s"' in html
    assert "<html" not in html  # the partial only
    batch.status, batch.items = "ready", []
    batch.save()
    html = runner_client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "every 1s" not in html


def test_uploads_are_removed_once_read(runner_client, runner, settings):
    upload(runner_client, ("a.gpx", make_gpx(START)))
    stored = list((settings.MEDIA_ROOT / "imports").rglob("*.*"))
    assert stored == []


def test_a_large_upload_is_read_and_saved_on_the_task_queue(runner_client, runner, monkeypatch):
    from journal.imports import flow
    from tests.worker import run_queued_tasks

    monkeypatch.setattr(flow, "INLINE_BYTES", 0)
    monkeypatch.setattr(flow, "INLINE_RUNS", 0)
    archive = strava_archive([(f"{i}.gpx", make_gpx(START - timedelta(days=i)), "Run", "") for i in range(3)])
    response = upload(runner_client, ("export.zip", archive))
    assert "Reading your files" in response.content.decode()
    assert 'hx-trigger="every 1s"' in response.content.decode()
    assert len(run_queued_tasks()) == 1
    batch = batch_of(runner)
    assert batch.status == "ready"
    response = runner_client.post(reverse("imports:save", args=[batch.pk]), follow=True)
    assert "Saving your runs" in response.content.decode()
    assert Run.objects.count() == 0
    run_queued_tasks()
    assert Run.objects.count() == 3
    assert "3 runs saved." in runner_client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
