from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from journal.exports import flow


@login_required
@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    export = flow.export_request(owner=request.user)
    if export.status == "done":
        messages.success(request, "Your export is ready. The download link works for 24 hours.")
    else:
        messages.info(request, "Your export is being built; it will appear below in a minute or two.")
    return redirect("/settings/#export")


@login_required
def export_download(request: HttpRequest, export_id) -> HttpResponse:
    export = flow.export_for_download(owner=request.user, export_id=export_id)
    if export is None:
        raise Http404
    return FileResponse(
        default_storage.open(export.file, "rb"),
        as_attachment=True,
        filename=flow.export_filename(export),
        content_type="application/zip",
    )
