from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from journal.clinic import services as clinic
from journal.models import Flag
from journal.notify import services
from journal.notify.models import SentNotification
from tests.clinic.conftest import link, make_physio
from tests.factories import make_checkin, make_run, make_shoe
from tests.notify.conftest import verified

TODAY = date(2026, 11, 20)
ALERT = "A patient of yours has a new flag that needs attention. Sign in to see it."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-20 12:00:00+00:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def physio(db):
    physio = verified(make_physio("physio@example.com", "Pat Physio"))
    services.patient_alerts_update(user=physio, on=True)
    return physio


def raise_see_professional(runner, day=TODAY, side="right"):
    # Pain in walking or on stairs needs a professional (pain_daily_activities).
    make_checkin(runner, day=day, side=side, pain_now=4, pain_daily_activities=True)
    assert Flag.objects.filter(owner=runner, cleared_at__isnull=True, severity_rank__gte=3).exists()


def test_a_linked_physio_who_opted_in_gets_one_email_without_health_values(runner, physio, run_jobs):
    link(runner, physio)
    raise_see_professional(runner)
    run_jobs()
    [message] = mail.outbox
    assert message.to == ["physio@example.com"]
    assert ALERT in message.body
    assert "Rita" not in message.body + message.subject  # no patient name either
    assert "walking" not in message.body.lower() and "4" not in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_at_most_one_alert_per_patient_a_day(runner, physio, run_jobs, frozen):
    link(runner, physio)
    raise_see_professional(runner, side="right")
    run_jobs()
    raise_see_professional(runner, side="left")  # a second, separate flag the same day
    run_jobs()
    assert len(mail.outbox) == 1
    frozen.move_to("2026-11-21 12:00:00+00:00")
    make_checkin(runner, day=date(2026, 11, 21), side="right", pain_now=6, calf_swollen_warm=True)
    run_jobs()
    assert len(mail.outbox) == 2


def test_each_patient_counts_on_their_own(runner, other_runner, physio, run_jobs):
    link(runner, physio)
    link(other_runner, physio)
    raise_see_professional(runner)
    raise_see_professional(other_runner)
    run_jobs()
    assert len(mail.outbox) == 2
    assert SentNotification.objects.filter(recipient=physio, kind="patient_alert").count() == 2


def test_no_alert_without_opting_in(runner, physio, run_jobs):
    services.patient_alerts_update(user=physio, on=False)
    link(runner, physio)
    raise_see_professional(runner)
    run_jobs()
    assert mail.outbox == []


def test_no_alert_after_the_link_is_removed(runner, physio, run_jobs):
    care = link(runner, physio)
    clinic.link_revoke(runner=runner, link_id=care.pk)
    raise_see_professional(runner)
    run_jobs()
    assert mail.outbox == []


def test_a_link_removed_while_the_alert_waits_stops_it(runner, physio, run_jobs):
    care = link(runner, physio)
    raise_see_professional(runner)
    clinic.link_revoke(runner=runner, link_id=care.pk)
    run_jobs()
    assert mail.outbox == []


def test_no_alert_for_a_flag_below_see_a_professional(runner, physio, run_jobs):
    link(runner, physio)
    make_checkin(runner, day=date(2026, 11, 18), pain_now=1)
    make_checkin(runner, day=date(2026, 11, 19), pain_now=5)  # a spike: caution only
    assert Flag.objects.filter(owner=runner, code="pain_spike").exists()
    run_jobs()
    assert mail.outbox == []


def test_a_shoe_past_replace_at_gets_one_notice(runner, run_jobs):
    verified(runner)
    shoe = make_shoe(runner, name="Red racers", start_distance_m=0, check_at_m=20_000, replace_at_m=30_000)
    make_run(runner, day=date(2026, 11, 17), distance_m=20_000, shoe=shoe)
    run_jobs()
    assert mail.outbox == []  # check-at is not replace-at
    make_run(runner, day=date(2026, 11, 18), distance_m=10_000, shoe=shoe)
    run_jobs()
    [message] = mail.outbox
    assert message.subject == "Time for new shoes"
    assert "Red racers" in message.body
    make_run(runner, day=date(2026, 11, 19), distance_m=10_000, shoe=shoe)
    run_jobs()
    assert len(mail.outbox) == 1
    # Even if the flag clears and comes back, the notice is not repeated.
    services.shoe_notice_send(runner.id, str(shoe.pk))
    assert len(mail.outbox) == 1


def test_deleting_the_patient_removes_the_alert_record_about_them(runner, physio, run_jobs):
    link(runner, physio)
    raise_see_professional(runner)
    run_jobs()
    patient_id = str(runner.pk)
    assert SentNotification.objects.filter(recipient=physio, subject=patient_id).exists()
    runner.delete()
    assert not SentNotification.objects.filter(subject=patient_id).exists()
    assert len(mail.outbox) == 1
