from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from journal.imports import flow
from journal.models import ImportBatch, JobStatus

ACCEPT = ".gpx,.tcx,.fit,.zip,.gz,application/zip,application/gpx+xml"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Files to import",
        help_text="GPX, TCX or FIT files (several at once), or the zip of a Strava or Garmin export.",
        error_messages={"required": "Choose at least one file.", "empty": "This file is empty."},
    )


def _batch_or_404(request: HttpRequest, batch_id) -> ImportBatch:
    batch = flow.batch_of(owner=request.user, batch_id=batch_id)
    if batch is None:
        raise Http404
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        batch = flow.batch_create(owner=request.user, files=form.cleaned_data["files"])
        return redirect("imports:detail", batch_id=batch.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "accept": ACCEPT, "nav": "log"}
    return render(request, "imports/start.html", context, status=status)


@login_required
def import_detail(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    counts = {"new": 0, "duplicate": 0, "error": 0, "saved": 0}
    for item in batch.items:
        counts[item["outcome"]] = counts.get(item["outcome"], 0) + 1
    context = {
        "batch": batch,
        "counts": counts,
        "working": batch.status in (JobStatus.QUEUED, JobStatus.WORKING, JobStatus.SAVING),
        "nav": "log",
    }
    template = "imports/detail.html#batch" if request.htmx else "imports/detail.html"
    return render(request, template, context)


@login_required
@require_POST
def import_save(request: HttpRequest, batch_id) -> HttpResponse:
    batch = _batch_or_404(request, batch_id)
    flow.batch_save(batch=batch)
    return redirect("imports:detail", batch_id=batch.pk)
