from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from journal.entries import services
from journal.flags.replay import flags_replay
from journal.models import Checkin, Flag, Profile, Run
from journal.today.selectors import FLAGS_PER_PAGE
from tests.factories import make_checkin

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False):
        yield


def stored_flag(owner, n: int = 0, **fields) -> Flag:
    raised = datetime(2026, 11, 19, 9, tzinfo=UTC) - timedelta(days=n)
    values = {
        "key": f"pain_jump:{n}",
        "code": "pain_jump",
        "severity": "caution",
        "severity_rank": 1,
        "title": f"Your pain jumped ({n})",
        "message": "Your pain rose from 2/10 to 6/10 within two days.",
        "action": "Go easy until it settles.",
        "evidence": [
            {"kind": "checkin", "id": "c1", "date": "2026-11-18", "detail": "pain 6/10 (right side, 07:30)"},
            {"kind": "episode", "id": "e1", "date": "2026-10-02", "detail": "since 2 Oct", "side": "left"},
        ],
        "source": "Silbernagel 2007, pain-monitoring model",
        "raised_at": raised,
        "last_seen_at": raised,
        "cleared_at": raised + timedelta(days=1),
    }
    # Stored as if evaluated today, so that reading the history does not evaluate (and clear) them.
    Profile.objects.filter(user=owner).update(flags_evaluated_on=TODAY)
    return Flag.objects.create(owner=owner, **(values | fields))


def test_it_lists_every_flag_newest_first_with_a_link_to_each(runner_client, runner):
    old = stored_flag(runner, 40)
    new = stored_flag(runner, 1, cleared_at=None, acknowledged_at=datetime(2026, 11, 19, tzinfo=UTC))
    stored_flag(runner, 2, key="hidden", title="Load ratio for the clinician", clinician_only=True)
    html = runner_client.get(reverse("journal:flags")).content.decode()
    assert html.index(new.title) < html.index(old.title)
    assert f'href="{reverse("journal:flag_detail", args=[old.pk])}"' in html
    assert "Raised 10 Oct 2026 · cleared 11 Oct 2026" in html
    assert "Raised 18 Nov 2026 · still open · seen" in html
    assert "Load ratio for the clinician" not in html


def test_it_pages_the_history_with_the_same_queries_on_any_page(
    runner_client, runner, django_assert_num_queries, django_assert_max_num_queries
):
    stored_flag(runner, 0)
    # Session, user, profile (base.html), then the page's two: the count and its rows.
    with django_assert_max_num_queries(5) as one_page:
        runner_client.get(reverse("journal:flags"))
    for n in range(1, 3 * FLAGS_PER_PAGE):
        stored_flag(runner, n)
    for page in (1, 2, 3):
        with django_assert_num_queries(len(one_page.captured_queries)):
            html = runner_client.get(reverse("journal:flags") + f"?page={page}").content.decode()
        assert f"Page {page} of 3" in html
    assert html.count("<li class=") == FLAGS_PER_PAGE and "Your pain jumped (59)" in html


def test_the_detail_says_why_what_to_do_the_source_and_the_dates(runner_client, runner):
    flag = stored_flag(runner, 1, dismissed_at=datetime(2026, 11, 19, 10, tzinfo=UTC))
    html = runner_client.get(reverse("journal:flag_detail", args=[flag.pk])).content.decode()
    for seen in (
        '<h1 id="flag-title">Your pain jumped (1)</h1>',
        "Your pain rose from 2/10 to 6/10 within two days.",
        "18 Nov 2026: pain 6/10 (right side, 07:30)",
        "2 Oct 2026: since 2 Oct (left side)",
        "Go easy until it settles.",
        "Silbernagel 2007, pain-monitoring model",
        "<dt>Raised</dt><dd>18 Nov 2026</dd>",
        "<dt>Cleared</dt><dd>19 Nov 2026</dd>",
        "<dt>Dismissed</dt><dd>19 Nov 2026</dd>",
    ):
        assert seen in html
    assert "Got it" not in html  # a cleared flag has nothing left to act on


def test_an_open_flag_can_be_acknowledged_from_its_page(runner_client, runner):
    flag = stored_flag(runner, 0, cleared_at=None)
    page = reverse("journal:flag_detail", args=[flag.pk])
    assert "Got it" in runner_client.get(page).content.decode()
    response = runner_client.post(
        reverse("journal:flag_action", args=[flag.pk, "acknowledge"]), {"back": "detail"}
    )
    assert response.status_code == 302 and response.url == page
    assert "<dt>Seen</dt><dd>20 Nov 2026</dd>" in runner_client.get(page).content.decode()


def test_it_checks_ownership(runner_client, other_runner):
    theirs = stored_flag(other_runner, 1)
    assert runner_client.get(reverse("journal:flag_detail", args=[theirs.pk])).status_code == 404
    response = runner_client.post(reverse("journal:flag_action", args=[theirs.pk, "dismiss"]))
    assert response.status_code == 404
    assert Flag.objects.get(pk=theirs.pk).dismissed_at is None


def test_a_clinician_only_finding_is_not_the_runners_to_open(runner_client, runner):
    flag = stored_flag(runner, 1, clinician_only=True)
    assert runner_client.get(reverse("journal:flag_detail", args=[flag.pk])).status_code == 404


def test_it_needs_a_sign_in(client, runner):
    flag = stored_flag(runner, 1)
    response = client.get(reverse("journal:flag_detail", args=[flag.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_journal_that_arrives_at_once_gets_the_history_of_its_days(runner):
    # Six weeks ago a run hurt (8/10) and the next check-ins settled; nothing was evaluated back then.
    hurt = TODAY - timedelta(days=42)
    Run.objects.create(owner=runner, date=hurt, distance_m=8000, duration_s=2640, pain_during=8)
    Checkin.objects.bulk_create(
        [
            Checkin(owner=runner, date=hurt + timedelta(days=d), time=time(8), side="right", pain_now=0)
            for d in (1, 2, 3)
        ]
    )
    services.journal_refresh(owner=runner)
    flag = Flag.objects.get(owner=runner, code="pain_during_run_high")
    assert flag.raised_at.date() == hurt
    assert flag.cleared_at is not None and hurt < flag.cleared_at.date() < TODAY
    # Nothing before the earliest stored flag is left to replay: a second refresh adds nothing.
    count = Flag.objects.filter(owner=runner).count()
    assert flags_replay(owner=runner) == 0
    assert Flag.objects.filter(owner=runner).count() == count


def test_a_replay_stops_where_the_stored_history_begins(runner):
    # Evaluated today, with a flag: the stored history starts now.
    make_checkin(runner, day=TODAY, pain_now=6, can_walk_four_steps=False)
    Run.objects.create(
        owner=runner, date=TODAY - timedelta(days=1), distance_m=8000, duration_s=2640, pain_during=8
    )
    stored = Flag.objects.filter(owner=runner).count()
    assert flags_replay(owner=runner) >= 1
    replayed = Flag.objects.filter(owner=runner, code="pain_during_run_high").get()
    # Open at the end of the replay, it ends where the stored history begins: never two open at once.
    assert replayed.cleared_at is not None and replayed.cleared_at.date() == TODAY
    assert Flag.objects.filter(owner=runner).count() == stored + 1
