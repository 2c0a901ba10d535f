"""Run queued background tasks inside a test, through django-q2's own worker code."""

from __future__ import annotations

from multiprocessing import Value

from django.db import DEFAULT_DB_ALIAS, connections
from django_q.brokers import get_broker
from django_q.brokers.orm import ORM
from django_q.models import OrmQ, Task
from django_q.monitor import monitor
from django_q.queues import Queue
from django_q.signing import SignedPackage
from django_q.worker import worker


def run_on_commit_callbacks() -> None:
    # A test's transaction never commits, so do what its commit would have done (as Django's
    # TestCase.captureOnCommitCallbacks does): enqueue() pushes its tasks here.
    connection = connections[DEFAULT_DB_ALIAS]
    while connection.run_on_commit:
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _sids, callback, _robust in callbacks:
            callback()


def _pop(broker) -> bytes | str | None:
    if isinstance(broker, ORM):
        row = OrmQ.objects.filter(key=broker.list_key).order_by("id").first()
        if row is None:
            return None
        row.delete()
        return row.payload
    return broker.connection.lpop(broker.list_key)


def run_queued_tasks() -> list[Task]:
    """Commit what the test wrote, then run every queued task (and any they queue) in order.

    Each task goes through django-q2's worker and monitor, as on `qcluster`, in sync mode so
    an exception in a task fails the test instead of being stored as a failure.
    """
    run_on_commit_callbacks()
    broker = get_broker()
    ran: list[Task] = []
    while (pack := _pop(broker)) is not None:
        task = SignedPackage.loads(pack)
        task["sync"] = True
        task_queue, result_queue = Queue(), Queue()
        task_queue.put(task)
        task_queue.put("STOP")
        worker(task_queue, result_queue, Value("f", -1))
        result_queue.put("STOP")
        monitor(result_queue)
        ran.append(Task.objects.get(id=task["id"]))
        run_on_commit_callbacks()
    return ran


def queued_count() -> int:
    run_on_commit_callbacks()
    broker = get_broker()
    if isinstance(broker, ORM):
        return OrmQ.objects.filter(key=broker.list_key).count()
    return broker.connection.llen(broker.list_key)
