"""The physiotherapist's triage list: order, filters, what each row says, and a fixed query count."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.clinic import selectors
from journal.clinic import services as clinic
from journal.flags.services import flag_dismiss
from journal.flags.summary import FIELDS as SUMMARY_FIELDS
from journal.flags.summary import summaries_recompute
from journal.models import SEVERITY_ORDER, AccessLog, CareLink, Checkin, Flag, PatientSummary, Profile, Run
from tests.clinic.conftest import TODAY, link, login, make_physio
from tests.factories import make_checkin, make_completion, make_exercise, make_run, make_user

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
MILE = 1609.344


@pytest.fixture
def doc(db):
    return make_physio("doc@example.com", "Dana Doc", unit="mi")


def linked_runner(doc, email, name, **kwargs):
    runner = make_user(email, name=name, time_zone=kwargs.pop("time_zone", "Europe/London"), **kwargs)
    link(runner, doc)
    return runner


def add_flag(owner, severity, *, hours_ago, code="test_flag", cleared=False, dismissed=False):
    raised = NOW - timedelta(hours=hours_ago)
    # Stored as if evaluated today, so reading the list does not re-evaluate (and clear) them;
    # written around the services, so the runner's summary is brought in step by hand.
    Profile.objects.filter(user=owner).update(flags_evaluated_on=owner.profile.today())
    flag = Flag.objects.create(
        owner=owner,
        key=f"{code}:{severity}:{hours_ago}",
        code=code,
        severity=severity,
        severity_rank=SEVERITY_ORDER.index(severity),
        title=f"{severity.title()} flag",
        message="m",
        action="a",
        source="s",
        raised_at=raised,
        last_seen_at=raised,
        cleared_at=NOW if cleared else None,
        dismissed_at=NOW if dismissed else None,
    )
    summaries_recompute([owner.pk])
    return flag


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def triage(doc, query=""):
    response = login(doc).get(reverse("clinic:triage") + query)
    assert response.status_code == 200
    return response


# Order and filters


def test_rows_are_ordered_by_most_severe_open_flag_then_most_recent(doc):
    stop_old = linked_runner(doc, "a@example.com", "Alma Stop-old")
    urgent = linked_runner(doc, "b@example.com", "Bea Urgent")
    stop_new = linked_runner(doc, "c@example.com", "Cal Stop-new")
    linked_runner(doc, "d@example.com", "Dot Nothing")
    cleared = linked_runner(doc, "e@example.com", "Eli Cleared")
    dismissed = linked_runner(doc, "f@example.com", "Fay Dismissed")
    caution = linked_runner(doc, "g@example.com", "Gus Caution")

    add_flag(stop_old, "stop", hours_ago=48)
    add_flag(stop_old, "info", hours_ago=1)
    add_flag(urgent, "urgent", hours_ago=72)
    add_flag(urgent, "caution", hours_ago=2, code="other")
    add_flag(stop_new, "stop", hours_ago=3)
    add_flag(cleared, "urgent", hours_ago=1, cleared=True)
    add_flag(dismissed, "caution", hours_ago=1, dismissed=True)
    add_flag(caution, "caution", hours_ago=5)

    response = triage(doc)
    assert names(response) == [
        "Bea Urgent",
        "Cal Stop-new",
        "Alma Stop-old",
        "Gus Caution",
        "Dot Nothing",
        "Eli Cleared",
        "Fay Dismissed",
    ]
    html = response.content.decode()
    assert html.index("Bea Urgent") < html.index("Cal Stop-new") < html.index("Alma Stop-old")
    first = response.context["rows"][0]
    assert (first.top_severity, first.open_flags) == ("urgent", 2)
    assert "(2 open flags, raised 17 Nov)" in html


def test_urgent_filter_keeps_patients_who_need_a_professional(doc):
    urgent = linked_runner(doc, "u@example.com", "Uma Urgent")
    professional = linked_runner(doc, "p@example.com", "Pia Professional")
    stop = linked_runner(doc, "s@example.com", "Stu Stop")
    linked_runner(doc, "n@example.com", "Ned None")
    add_flag(urgent, "urgent", hours_ago=5)
    add_flag(professional, "see_professional", hours_ago=1)
    add_flag(stop, "stop", hours_ago=1)

    response = triage(doc, "?urgent=1")
    assert names(response) == ["Uma Urgent", "Pia Professional"]
    assert 'href="?urgent=1" aria-current="true"' in response.content.decode()


def test_urgent_filter_with_nobody_matching_says_so(doc):
    linked_runner(doc, "n@example.com", "Ned None")
    response = triage(doc, "?urgent=1")
    assert names(response) == []
    assert "No patients match this filter." in response.content.decode()


def test_quiet_filter_keeps_patients_not_logged_for_seven_days(doc):
    week = linked_runner(doc, "w@example.com", "Wes Week-ago")
    six = linked_runner(doc, "x@example.com", "Xia Six-days")
    linked_runner(doc, "y@example.com", "Yan Never")
    today = linked_runner(doc, "z@example.com", "Zed Today")
    make_checkin(week, day=TODAY - timedelta(days=7))
    make_checkin(six, day=TODAY - timedelta(days=6))
    make_checkin(today, day=TODAY)
    # A run is not a check-in: still quiet.
    make_run(week, day=TODAY)

    assert sorted(names(triage(doc, "?quiet=1"))) == ["Wes Week-ago", "Yan Never"]
    assert len(names(triage(doc))) == 4


# Row content


@pytest.fixture
def rowan(doc):
    """A patient with 28 days of runs, a prescription, completions and two weeks of check-ins."""
    rowan = linked_runner(doc, "rowan@example.com", "Rowan Row")
    first = TODAY - timedelta(days=28)  # Fri 23 Oct
    day = first
    while day < date(2026, 11, 9):
        make_run(rowan, day=day, distance_m=5000)
        day += timedelta(days=3)
    # Last week (Mon 9 – Sun 15 Nov): 8 miles; this week (Mon 16 – Fri 20 Nov): 10 miles.
    make_run(rowan, day=date(2026, 11, 10), distance_m=round(4 * MILE))
    make_run(rowan, day=date(2026, 11, 13), distance_m=round(4 * MILE))
    make_run(rowan, day=date(2026, 11, 17), distance_m=round(5 * MILE))
    make_run(rowan, day=date(2026, 11, 19), distance_m=round(5 * MILE))

    exercise = make_exercise("heel-raises", "Heel raises")
    clinic.prescription_create(
        physio=doc,
        patient=rowan,
        exercise=exercise,
        sets=3,
        reps=15,
        times_per_week=3,
        starts_on=date(2026, 11, 2),
    )
    make_completion(rowan, day=date(2026, 11, 12), exercise=exercise)  # last week: not counted
    make_completion(rowan, day=date(2026, 11, 17), exercise=exercise)
    make_completion(rowan, day=date(2026, 11, 19), exercise=exercise)

    make_checkin(rowan, day=date(2026, 11, 6), pain_now=9)  # 14 days ago: outside the sparkline
    make_checkin(rowan, day=date(2026, 11, 7), pain_now=2)
    make_checkin(rowan, day=date(2026, 11, 10), pain_now=3)
    make_checkin(rowan, day=date(2026, 11, 19), pain_now=4)
    make_checkin(rowan, day=date(2026, 11, 19), pain_now=6, side="left")  # the worse side counts
    make_checkin(rowan, day=TODAY, pain_now=5)
    return rowan


def row_html(html: str, name: str) -> str:
    for item in re.findall(r'<li class="card triage-row.*?</li>', html, flags=re.S):
        if name in item:
            return html_lib.unescape(item)
    raise AssertionError(f"no row for {name}")


def test_row_shows_last_checkin_distance_in_the_physios_unit_and_week_on_week(doc, rowan):
    row = row_html(triage(doc).content.decode(), "Rowan Row")
    assert "Last check-in: 20 Nov" in row
    assert "This week: 10.0 mi (+25% on last week)" in row


def test_row_shows_a_fall_in_distance_with_a_minus_sign(doc):
    falling = linked_runner(doc, "f@example.com", "Fin Falling")
    make_run(falling, day=date(2026, 11, 10), distance_m=round(10 * MILE))
    make_run(falling, day=date(2026, 11, 18), distance_m=round(5 * MILE))
    row = row_html(triage(doc).content.decode(), "Fin Falling")
    assert "This week: 5.0 mi (-50% on last week)" in row
    assert "ACWR" not in row


def test_row_in_kilometres_for_a_physio_who_uses_them(rowan, doc):
    km_physio = make_physio("km@example.com", "Kim Kilometre", unit="km")
    link(rowan, km_physio)
    row = row_html(triage(km_physio).content.decode(), "Rowan Row")
    assert "This week: 16.1 km (+25% on last week)" in row


def test_acwr_appears_with_28_days_of_runs(doc, rowan):
    row = row_html(triage(doc).content.decode(), "Rowan Row")
    expected = selectors.acwr_for(patient=rowan, today=TODAY)
    assert expected is not None
    assert f"ACWR {expected}" in row


def test_acwr_is_absent_with_27_days_of_runs(doc):
    short = linked_runner(doc, "short@example.com", "Sho Short")
    day = TODAY - timedelta(days=27)
    while day <= TODAY:
        make_run(short, day=day, distance_m=5000)
        day += timedelta(days=3)
    row = row_html(triage(doc).content.decode(), "Sho Short")
    assert "ACWR" not in row
    assert "This week:" in row


def test_row_shows_this_weeks_exercise_adherence(doc, rowan):
    row = row_html(triage(doc).content.decode(), "Rowan Row")
    assert "Exercises: 67% (2 of 3)" in row


def test_row_without_prescriptions_says_so(doc):
    linked_runner(doc, "n@example.com", "Ned None")
    row = row_html(triage(doc).content.decode(), "Ned None")
    assert "Exercises: none prescribed" in row
    assert "Last check-in: never" in row
    assert 'aria-label="No check-ins in 14 days"' in row


def test_sparkline_describes_fourteen_days_of_pain(doc, rowan):
    row = row_html(triage(doc).content.decode(), "Rowan Row")
    label = re.search(r'<svg class="sparkline"[^>]*aria-label="([^"]*)"', row).group(1)
    assert label == "Pain over 14 days: 2, –, –, 3, –, –, –, –, –, –, –, –, 6, 5"
    assert len(label.removeprefix("Pain over 14 days: ").split(", ")) == 14
    assert "<title>" + label + "</title>" in row


# A fixed number of queries, whatever the list's size


def make_patients(doc, count: int, *, offset: int = 0):
    exercise = make_exercise()
    for n in range(offset, offset + count):
        runner = linked_runner(doc, f"p{n}@example.com", f"Patient {n:02d}")
        make_run(runner, day=TODAY - timedelta(days=1 + n % 5), distance_m=5000 + n, pain_during=n % 4)
        make_run(runner, day=TODAY - timedelta(days=30), distance_m=6000)
        make_checkin(runner, day=TODAY - timedelta(days=n % 9), pain_now=n % 8)
        clinic.prescription_create(
            physio=doc, patient=runner, exercise=exercise, sets=2, reps=10, times_per_week=4, starts_on=TODAY
        )
        make_completion(runner, day=TODAY, exercise=exercise)


def count_triage_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("clinic:triage"))
    assert response.status_code == 200
    return len(captured)


def test_triage_query_count_does_not_grow_with_the_list(doc, django_assert_max_num_queries):
    client = login(doc)
    make_patients(doc, 3)
    client.get(reverse("clinic:triage"))  # warm any per-process caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("clinic:triage"))
    assert len(response.context["rows"]) == 3
    small = count_triage_queries(client)

    make_patients(doc, 22, offset=3)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("clinic:triage"))
    assert len(response.context["rows"]) == 25
    large = count_triage_queries(client)
    assert small == large


def test_adherence_uses_each_patients_own_week_whatever_the_others_time_zones(frozen_time, doc):
    # Sunday 22 Nov in London, but already Monday 23 Nov on Kiritimati (UTC+14).
    frozen_time.move_to("2026-11-22 11:30:00+00:00")
    linked_runner(doc, "kiri@example.com", "Kai Kiritimati", time_zone="Pacific/Kiritimati")
    london = linked_runner(doc, "lon@example.com", "Lou London")
    exercise = make_exercise("heel-raises", "Heel raises")
    # Ended on Monday 16 Nov: still part of London's week of 16-22 Nov.
    clinic.prescription_create(
        physio=doc,
        patient=london,
        exercise=exercise,
        sets=3,
        reps=15,
        times_per_week=3,
        starts_on=date(2026, 11, 9),
        ends_on=date(2026, 11, 16),
    )
    make_completion(london, day=date(2026, 11, 16), exercise=exercise)
    row = row_html(triage(doc).content.decode(), "Lou London")
    assert "Exercises: 33% (1 of 3)" in row, re.search(r"Exercises: [^<]*", row).group(0)


# Pages, search, and the summary each row is read from


def bulk_patients(doc, count: int, *, offset: int) -> None:
    """Patients written in bulk, around the services (as the benchmark seeds them): each with a run and
    a check-in today, an open flag whose severity varies, and flags evaluated today."""
    User = get_user_model()
    emails = [f"bulk{n}@example.com" for n in range(offset, offset + count)]
    User.objects.bulk_create([User(username=e, email=e) for e in emails])
    users = list(User.objects.filter(email__in=emails))
    Profile.objects.bulk_create(
        [
            Profile(
                user=u, display_name=f"Bulk {u.email}", time_zone="Europe/London", flags_evaluated_on=TODAY
            )
            for u in users
        ]
    )
    CareLink.objects.bulk_create([CareLink(runner=u, physio=doc, via="invite") for u in users])
    Run.objects.bulk_create(
        [Run(owner=u, date=TODAY, distance_m=5000, duration_s=1800, pain_during=1) for u in users]
    )
    Checkin.objects.bulk_create(
        [Checkin(owner=u, date=TODAY, time=time(8), side="right", pain_now=2, pain_waking=1) for u in users]
    )
    Flag.objects.bulk_create(
        [
            Flag(
                owner=u,
                key=f"bulk:{u.pk}",
                code="bulk",
                severity=SEVERITY_ORDER[i % 3],
                severity_rank=i % 3,
                title="Bulk flag",
                message="m",
                action="a",
                source="s",
                raised_at=NOW,
                last_seen_at=NOW,
            )
            for i, u in enumerate(users)
        ]
    )
    summaries_recompute([u.pk for u in users])


def test_query_count_and_rows_are_the_same_at_10_and_at_200_patients(doc):
    client = login(doc)
    make_patients(doc, 10)
    client.get(reverse("clinic:triage"))
    small = count_triage_queries(client)
    bulk_patients(doc, 190, offset=10)
    client.get(reverse("clinic:triage"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("clinic:triage") + "?page=8")
    # The session, the physiotherapist, their authenticator, the page, the access log.
    assert small == len(captured) == 5
    assert len(response.context["rows"]) == 25
    assert "Page 8 of 8 (200 patients)" in response.content.decode()
    shown = [name for page in range(1, 9) for name in names(triage(doc, f"?page={page}"))]
    assert len(shown) == len(set(shown)) == 200  # every patient once, on one of the 8 pages


def test_pages_of_25_each_logged_in_one_insert(doc):
    make_patients(doc, 30)
    client = login(doc)
    first = client.get(reverse("clinic:triage"))
    assert len(first.context["rows"]) == 25
    assert "Page 1 of 2 (30 patients)" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()
    with CaptureQueriesContext(connection) as captured:
        second = client.get(reverse("clinic:triage") + "?page=2")
    assert len(second.context["rows"]) == 5
    assert set(names(first)).isdisjoint(names(second))
    inserts = [
        q["sql"] for q in captured if "journal_accesslog" in q["sql"] and q["sql"].startswith("INSERT")
    ]
    assert len(inserts) == 1
    logged = AccessLog.objects.filter(physio=doc, action="saw on triage list")
    assert logged.count() == 30
    assert set(logged.values_list("patient__profile__display_name", flat=True)) == {
        f"Patient {n:02d}" for n in range(30)
    }


def test_a_page_past_the_last_shows_the_last_page_and_a_word_shows_the_first(doc):
    make_patients(doc, 30)
    past = triage(doc, "?page=9")
    assert len(past.context["rows"]) == 5
    assert "Page 2 of 2 (30 patients)" in past.content.decode()
    assert names(past) == names(triage(doc, "?page=2"))
    word = triage(doc, "?page=last")
    assert "Page 1 of 2 (30 patients)" in word.content.decode()
    assert names(word) == names(triage(doc))


def test_a_revoked_patient_leaves_the_list_and_its_count(doc):
    make_patients(doc, 26)
    assert "Page 1 of 2 (26 patients)" in triage(doc).content.decode()
    gone = CareLink.objects.get(runner__email="p25@example.com", physio=doc)
    clinic.link_revoke(runner=gone.runner, link_id=gone.pk)
    response = triage(doc)
    assert len(response.context["rows"]) == 25
    assert "Patient 25" not in names(response)
    assert "Page 1 of" not in response.content.decode()  # one page: no pager


def test_search_takes_percent_and_underscore_as_themselves(doc):
    linked_runner(doc, "a1@example.com", "Al_x Under")
    linked_runner(doc, "a2@example.com", "Alex Plain")
    linked_runner(doc, "a3@example.com", "Pct 100% Sure")
    assert names(triage(doc, "?q=l_x")) == ["Al_x Under"]
    assert names(triage(doc, "?q=0%25")) == ["Pct 100% Sure"]
    assert names(triage(doc, "?q=%25")) == ["Pct 100% Sure"]


def test_search_finds_patients_by_name_or_email_and_never_anyone_unlinked(doc):
    linked_runner(doc, "rowan@example.com", "Rowan Row")
    linked_runner(doc, "mo@example.com", "Mo Other")
    make_user("rowena@example.com", name="Rowena Stranger")  # not linked to this physio
    other = make_physio("other@example.com", "Otto Other")
    linked_runner(other, "rory@example.com", "Rory Elsewhere")

    assert names(triage(doc, "?q=row")) == ["Rowan Row"]
    assert names(triage(doc, "?q=MO%40EXAMPLE")) == ["Mo Other"]
    response = triage(doc, "?q=ro")
    assert names(response) == ["Rowan Row"]
    html = response.content.decode()
    assert "Rowena" not in html and "Rory" not in html
    empty = triage(doc, "?q=rory")
    assert names(empty) == []
    assert "No patients match" in empty.content.decode()
    assert AccessLog.objects.filter(physio=doc, patient__email="rory@example.com").count() == 0


def test_search_keeps_the_filter(doc):
    urgent = linked_runner(doc, "u1@example.com", "Uma Urgent")
    linked_runner(doc, "u2@example.com", "Uli Calm")
    add_flag(urgent, "urgent", hours_ago=1)
    assert names(triage(doc, "?urgent=1&q=u")) == ["Uma Urgent"]


def test_summary_holds_what_the_row_showed(doc, rowan):
    summary = PatientSummary.objects.get(runner=rowan)
    assert summary.as_of == TODAY
    assert summary.last_checkin == TODAY
    assert summary.week_m == 2 * round(5 * MILE)
    assert summary.last_week_m == 2 * round(4 * MILE)
    assert summary.acwr == selectors.acwr_for(patient=rowan, today=TODAY)
    assert summary.pain_14d == [2, None, None, 3, None, None, None, None, None, None, None, None, 6, 5]
    assert (summary.adherence_done, summary.adherence_target) == (2, 3)
    # The data migration's way (from what is stored) computes the same.
    before = {f: getattr(summary, f) for f in SUMMARY_FIELDS}
    PatientSummary.objects.filter(runner=rowan).delete()
    summaries_recompute([rowan.pk])
    again = PatientSummary.objects.get(runner=rowan)
    assert {f: getattr(again, f) for f in SUMMARY_FIELDS} == before


def test_summary_follows_each_write(doc, rowan):
    make_checkin(rowan, day=TODAY - timedelta(days=1), pain_now=7)
    summary = PatientSummary.objects.get(runner=rowan)
    assert summary.pain_14d[-2:] == [7, 5]
    row = row_html(triage(doc).content.decode(), "Rowan Row")
    assert "7, 5" in row

    lone = linked_runner(doc, "lone@example.com", "Lou Lone")
    assert names(triage(doc, "?quiet=1")) == ["Lou Lone"]
    make_checkin(lone, day=TODAY, pain_now=1)
    assert PatientSummary.objects.get(runner=lone).last_checkin == TODAY
    assert names(triage(doc, "?quiet=1")) == []


def test_a_dismissed_flag_leaves_the_row(doc):
    runner = linked_runner(doc, "c@example.com", "Cas Caution")
    flag = add_flag(runner, "caution", hours_ago=2)
    assert response_row(doc).top_severity == "caution"
    flag_dismiss(flag=flag)
    row = response_row(doc)
    assert (row.top_severity, row.open_flags) == (None, 0)


def response_row(doc):
    (row,) = triage(doc).context["rows"]
    return row


def test_a_stale_patient_on_the_page_is_evaluated_first(doc, frozen_time):
    runner = linked_runner(doc, "s@example.com", "Sam Stale")
    make_checkin(runner, day=TODAY, pain_now=4)
    frozen_time.shift(timedelta(days=2))
    (row,) = triage(doc).context["rows"]
    # Evaluated as of the new day: the 14 days end two days later.
    assert row.pain_14d[-3:] == [4, None, None]
    assert PatientSummary.objects.get(runner=runner).as_of == TODAY + timedelta(days=2)


def test_the_list_does_not_read_tomorrows_projection_kept_beside_each_summary(doc):
    runner = linked_runner(doc, "pat@example.com", "Pat")
    make_checkin(runner, day=runner.profile.today(), pain_now=4)
    assert PatientSummary.objects.get(runner=runner).projected_flags is not None
    client = login(doc)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("clinic:triage"))
    assert "Pat" in names(response)
    assert not [q["sql"] for q in captured.captured_queries if "projected_flags" in q["sql"]]
