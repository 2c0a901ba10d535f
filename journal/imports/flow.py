"""The steps the web page and the API share: store an upload, read it, save it."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from journal.imports import jobs, limits
from journal.jobs import enqueue
from journal.models import ImportBatch, JobStatus

# Uploads up to this size are read during the request; larger ones (whole archives) on the task
# queue, with progress on the page. Saving more than INLINE_RUNS runs goes to the queue too.
INLINE_BYTES = 5 * 1024 * 1024
INLINE_RUNS = 300


def _start(job, batch_id: str, *, inline: bool) -> None:
    if inline:
        job(batch_id)
    else:
        enqueue(f"{job.__module__}.{job.__name__}", batch_id, task_name=f"import {batch_id}")


def batch_create(*, owner: AbstractBaseUser, files: list[UploadedFile]) -> ImportBatch:
    batch = ImportBatch(id=uuid.uuid4(), owner=owner, files_total=len(files))
    uploads = []
    for number, upload in enumerate(files):
        safe = get_valid_filename(upload.name or "upload")[-100:] or "upload"
        # Over every cap: refused when read (with its message), and never copied into storage.
        is_zip = (upload.name or "").lower().endswith(".zip")
        cap = limits.MAX_ARCHIVE_BYTES if is_zip else max(limits.MAX_ARCHIVE_BYTES, limits.MAX_FILE_BYTES)
        too_big = upload.size > cap
        path = None if too_big else default_storage.save(f"imports/{batch.id}/{number}-{safe}", upload)
        uploads.append({"name": (upload.name or safe)[-255:], "path": path, "size": upload.size})
    batch.uploads = uploads
    batch.save()
    inline = sum(u["size"] for u in uploads) <= INLINE_BYTES
    _start(jobs.import_batch_read, str(batch.id), inline=inline)
    return batch


def batch_save(*, batch: ImportBatch) -> bool:
    """Start saving a ready preview; False when it is not ready (still reading, or saved already)."""
    started = ImportBatch.objects.filter(pk=batch.pk, status=JobStatus.READY).update(status=JobStatus.SAVING)
    if started:
        new = sum(1 for item in batch.items if item["outcome"] == "new")
        _start(jobs.import_batch_save, str(batch.pk), inline=new <= INLINE_RUNS)
    return bool(started)


def batch_of(*, owner: AbstractBaseUser, batch_id) -> ImportBatch | None:
    return ImportBatch.objects.filter(pk=batch_id, owner=owner).first()


def batch_after_commit(batch: ImportBatch) -> ImportBatch:
    """The batch as stored now (an inline job has already run; a queued one may not have)."""
    batch.refresh_from_db()
    return batch
