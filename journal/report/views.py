from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from journal.clinic import selectors
from journal.clinic import services as clinic
from journal.clinic.views import physio_required
from journal.report.selectors import MAX_WEEKS, MIN_WEEKS, report_for, weeks_from

PAPERS = {"a4": "A4", "letter": "US Letter"}


def _render(request: HttpRequest, owner, *, for_physio: bool) -> HttpResponse:
    weeks, error = weeks_from(request.GET.get("weeks"))
    paper = request.GET.get("paper", "a4")
    if paper not in PAPERS:
        paper, error = "a4", error or "Choose A4 or US Letter paper."
    context = {
        "report": report_for(owner=owner, weeks=weeks),
        "weeks_error": error,
        "week_choices": range(MIN_WEEKS, MAX_WEEKS + 1),
        "paper": paper,
        "papers": PAPERS,
        "for_physio": for_physio,
        "back_url": request.path.rsplit("report/", 1)[0] if for_physio else "/more/",
    }
    return render(request, "report/report.html", context, status=400 if error else 200)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    return _render(request, request.user, for_physio=False)


@physio_required
def patient_report(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = selectors.patient_for(physio=request.user, patient_id=patient_id)
    allowed = patient is not None and selectors.report_allowed(physio=request.user, patient=patient)
    if not allowed:
        raise Http404
    clinic.access_record(physio=request.user, patient=patient, action="exported the appointment report")
    return _render(request, patient, for_physio=True)


@login_required
@require_POST
def link_report_allowed(request: HttpRequest, link_id) -> HttpResponse:
    link = clinic.link_report_allowed_set(
        runner=request.user, link_id=link_id, allow=request.POST.get("allow") == "1"
    )
    if link is None:
        raise Http404
    name = link.physio.profile.display_name
    if link.report_allowed:
        messages.success(request, f"{name} can now download your appointment report.")
    else:
        messages.success(request, f"{name} can no longer download your appointment report.")
    return redirect("sharing")
