from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_q.status import Stat

from journal.jobs.health import failures_recent, schedules_all, worker_health

FAILURES_SHOWN = 20


def worker_status(request: HttpRequest) -> HttpResponse:
    """Staff only: is the worker alive, how much is waiting, what failed."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    context = {
        "health": worker_health(),
        "clusters": Stat.get_all(),
        "schedules": schedules_all(),
        "failures": failures_recent(limit=FAILURES_SHOWN),
    }
    return render(request, "jobs/status.html", context)
