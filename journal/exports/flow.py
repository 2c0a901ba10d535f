"""Ask for an export, build it (inline for a small journal, on the task queue for a large one), serve it."""

from __future__ import annotations

import io
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from journal.exports.build import export_zip
from journal.jobs import enqueue
from journal.models import Checkin, DataExport, JobStatus, Run

LINK_HOURS = 24
# Above this many runs and check-ins the zip is built on the task queue, with progress on the page.
INLINE_ROWS = 2000


def export_request(*, owner: AbstractBaseUser) -> DataExport:
    export = DataExport.objects.create(owner=owner, expires_at=timezone.now() + timedelta(hours=LINK_HOURS))
    rows = Run.objects.filter(owner=owner).count() + Checkin.objects.filter(owner=owner).count()
    if rows > INLINE_ROWS:
        enqueue("journal.exports.flow.export_build", str(export.pk), task_name=f"export {export.pk}")
    else:
        export_build(str(export.pk))
    export.refresh_from_db()
    return export


def export_build(export_id: str) -> None:
    """The job: safe to run twice (a built export is left as it is)."""
    export = DataExport.objects.filter(pk=export_id, status=JobStatus.QUEUED).first()
    if export is None:
        return
    DataExport.objects.filter(pk=export.pk).update(status=JobStatus.WORKING)
    buffer = io.BytesIO()
    try:
        export_zip(owner=export.owner, stream=buffer)
        path = default_storage.save(f"exports/{export.pk}.zip", ContentFile(buffer.getvalue()))
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(
            status=JobStatus.FAILED, error="The export could not be built. Please try again."
        )
        raise
    DataExport.objects.filter(pk=export.pk).update(
        status=JobStatus.DONE, file=path, size_bytes=len(buffer.getvalue())
    )


def export_for_download(*, owner: AbstractBaseUser, export_id) -> DataExport | None:
    """The owner's built, unexpired export; None (a 404) for anything else. An expired file is deleted."""
    export = DataExport.objects.filter(pk=export_id, owner=owner).first()
    if export is None or export.status != JobStatus.DONE:
        return None
    if export.is_expired:
        if export.file:
            default_storage.delete(export.file)
            DataExport.objects.filter(pk=export.pk).update(file="")
        return None
    return export


def exports_of(*, owner: AbstractBaseUser) -> list[DataExport]:
    return list(DataExport.objects.filter(owner=owner, expires_at__gt=timezone.now())[:5])


def export_filename(export: DataExport) -> str:
    return f"footnote-journal-{timezone.localtime(export.created_at):%Y-%m-%d}.zip"
