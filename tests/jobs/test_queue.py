from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django_q.conf import Conf
from django_q.models import Schedule, Success

from journal.jobs import enqueue
from journal.jobs.health import HEARTBEAT_FUNC, worker_health
from journal.jobs.schedules import SCHEDULES, schedules_install
from journal.models import Profile
from tests.worker import queued_count, run_on_commit_callbacks


def rename_profile(user_id: int, name: str) -> str:
    Profile.objects.filter(user_id=user_id).update(display_name=name)
    return name


def test_a_queued_task_runs_on_the_worker_after_commit(runner, run_jobs):
    enqueue("tests.jobs.test_queue.rename_profile", runner.id, "Renamed", task_name="rename")
    runner.profile.refresh_from_db()
    assert runner.profile.display_name == "Rita Runner"  # not before a worker takes it

    [task] = run_jobs()

    runner.profile.refresh_from_db()
    assert runner.profile.display_name == "Renamed"
    assert task.success and task.result == "Renamed" and task.name == "rename"
    assert queued_count() == 0


def test_nothing_is_queued_when_the_transaction_rolls_back(runner, run_jobs):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(rename_profile, runner.id, "Never")
        raise RuntimeError("the service failed after queueing")
    assert queued_count() == 0
    enqueue(rename_profile, runner.id, "Kept")
    assert queued_count() == 1
    assert [t.result for t in run_jobs()] == ["Kept"]


def test_a_failing_task_fails_the_test_instead_of_hiding(runner, run_jobs):
    enqueue(rename_profile, runner.id)  # a missing argument
    with pytest.raises(TypeError):
        run_jobs()


def test_schedules_are_installed_once_by_name(db):
    schedules_install()
    schedules_install()
    for planned in SCHEDULES:
        assert Schedule.objects.filter(name=planned.name).count() == 1
        assert Schedule.objects.get(name=planned.name).func == planned.func


def test_worker_health_reads_the_last_heartbeat(db, run_jobs):
    assert worker_health().alive is False
    enqueue(HEARTBEAT_FUNC)
    run_on_commit_callbacks()
    assert worker_health().queued == 1
    run_jobs()
    health = worker_health()
    assert health.alive is True and health.queued == 0 and health.last_heartbeat is not None


@pytest.mark.django_db(transaction=True)
def test_a_real_qcluster_process_takes_a_task_from_the_queue(runner):
    enqueue(rename_profile, runner.id, "From the worker")  # committed at once: no test transaction

    env = {**os.environ, "TASK_QUEUE_NAME": Conf.CLUSTER_NAME, "TASK_WORKERS": "1", "DEBUG": "1"}
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = connection.settings_dict["NAME"]
    else:
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Success.objects.filter(result="From the worker").exists():
                break
            time.sleep(0.3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    runner.profile.refresh_from_db()
    assert runner.profile.display_name == "From the worker"
    assert queued_count() == 0


def test_worker_status_is_for_staff_only(client, runner):
    assert client.get("/staff/worker/").status_code == 404
    client.force_login(runner)
    assert client.get("/staff/worker/").status_code == 404


def test_worker_status_shows_a_dead_worker_then_a_live_one(client, runner, run_jobs):
    runner.is_staff = True
    runner.save()
    client.force_login(runner)
    html = client.get("/staff/worker/").content.decode()
    assert '<h2 id="health-title">Not running</h2>' in html and "Last heartbeat: never" in html
    enqueue(HEARTBEAT_FUNC)
    run_on_commit_callbacks()
    assert '<strong data-testid="queued">1</strong>' in client.get("/staff/worker/").content.decode()
    run_jobs()
    html = client.get("/staff/worker/").content.decode()
    assert '<h2 id="health-title">Running</h2>' in html and '<strong data-testid="queued">0</strong>' in html
    assert "Check-in reminders: every 5 min" in html
