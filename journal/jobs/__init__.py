"""Background work on the task queue (django-q2).

Call `enqueue` from a service; the function runs on a worker (`manage.py qcluster`, started
by `bin/run`) once the caller's transaction has committed, so the worker sees what the
caller wrote, and nothing is queued when the transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django_q.tasks import async_task


def enqueue(
    func: str | Callable[..., Any],
    *args: Any,
    task_name: str | None = None,
    group: str | None = None,
    timeout_s: int | None = None,
    **kwargs: Any,
) -> None:
    """Run ``func(*args, **kwargs)`` on a worker after the current transaction commits.

    ``func`` is a dotted path ("journal.jobs.health.heartbeat") or a module-level function.
    Pass ids and plain values, not model instances: the task loads fresh rows. A task may
    run more than once (a retry after a worker died), so it must be idempotent.
    ``task_name`` and ``group`` label the task in the admin; ``timeout_s`` overrides
    TASK_TIMEOUT_S for this task.
    """
    options: dict[str, Any] = {}
    if task_name:
        options["task_name"] = task_name
    if group:
        options["group"] = group
    if timeout_s:
        options["timeout"] = timeout_s
    transaction.on_commit(lambda: async_task(func, *args, q_options=options, **kwargs))


def id_pages(rows: QuerySet, key: str, size: int) -> Iterator[list]:
    """The `key` values of `rows`, ascending, `size` at a time: keyset pages (values above the last one
    seen) rather than one open cursor, so nothing is held between pages and rows that stop matching
    meanwhile simply drop out of the next one."""
    last = 0
    while True:
        ids = list(rows.filter(**{f"{key}__gt": last}).order_by(key).values_list(key, flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]
