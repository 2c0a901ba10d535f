from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_q.models import Failure, Schedule
from django_q.status import Stat

from journal.jobs.health import worker_health

FAILURES_SHOWN = 20


def worker_status(request: HttpRequest) -> HttpResponse:
    """Staff only: is the worker alive, how much is waiting, what failed."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404
    context = {
        "health": worker_health(),
        "clusters": Stat.get_all(),
        "schedules": Schedule.objects.order_by("name"),
        "failures": Failure.objects.order_by("-stopped")[:FAILURES_SHOWN],
    }
    return render(request, "jobs/status.html", context)
