"""Import jobs: read the stored uploads into a preview, then save it. Each is safe to run twice."""

from __future__ import annotations

from itertools import chain

from django.core.files.storage import default_storage
from django.db import transaction

from journal.imports.archive import Found, oversize_message, walk_upload
from journal.imports.services import import_read, import_save
from journal.models import ImportBatch, JobStatus


def _found_in(batch: ImportBatch):
    for upload in batch.uploads:
        if upload["path"] is None:  # not stored: over the size caps
            yield Found(upload["name"], error=oversize_message(upload["name"]))
            continue
        with default_storage.open(upload["path"], "rb") as stream:
            yield from walk_upload(upload["name"], stream, upload["size"])


def import_batch_read(batch_id: str) -> None:
    batch = ImportBatch.objects.filter(pk=batch_id, status=JobStatus.QUEUED).first()
    if batch is None:
        return  # already read, or gone
    ImportBatch.objects.filter(pk=batch.pk).update(status=JobStatus.WORKING)

    def progress(count: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(files_done=count)

    try:
        items = import_read(owner=batch.owner, found=chain(_found_in(batch)), progress=progress)
    except Exception as error:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=JobStatus.FAILED, error="The upload could not be read. Try again, or with fewer files."
        )
        raise error
    finally:
        for upload in batch.uploads:
            if upload["path"]:
                default_storage.delete(upload["path"])
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=JobStatus.READY, items=items, uploads=[], files_done=len(items), files_total=len(items)
    )


def import_batch_save(batch_id: str) -> None:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, status=JobStatus.SAVING).first()
        if batch is None:
            return  # saved already: a second run stores nothing
        items = list(batch.items)
        saved = import_save(owner=batch.owner, items=items)
        batch.items, batch.saved_count, batch.status = items, saved, JobStatus.DONE
        batch.save(update_fields=["items", "saved_count", "status"])
