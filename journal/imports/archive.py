"""Walk uploads and export archives into (name, bytes) pairs, refusing what could harm the server.

Nothing is ever written to disk: members are read into memory with a byte cap, so a member's
declared size (which a hostile zip can lie about) never decides how much is read.
"""

from __future__ import annotations

import csv
import gzip
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from journal.imports import limits


@dataclass
class Found:
    name: str
    data: bytes | None = None
    error: str = ""
    # From an export's activity list: the gear it names and the activity type.
    gear: str = ""
    source: str = ""


@dataclass
class _Budget:
    left: int = limits.MAX_EXPANDED_BYTES


class ArchiveRefused(Exception):
    """The whole archive is refused (too large, not a zip, a zip bomb)."""


def _mb(size: int) -> str:
    return f"{size // limits.MB} MB" if size >= limits.MB else f"{size} bytes"


def _too_big() -> str:
    return f"This file is over {_mb(limits.MAX_FILE_BYTES)}, more than any run needs."


def oversize_message(name: str) -> str:
    if name.lower().endswith(".zip"):
        return f"This archive is over {_mb(limits.MAX_ARCHIVE_BYTES)}; export a shorter period and try again."
    return _too_big()


def _read_capped(stream, cap: int) -> bytes | None:
    data = stream.read(cap + 1)
    return None if len(data) > cap else data


def _escapes(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = name.replace("\\", "/").split("/")
    return ".." in parts


def _gunzip(name: str, data: bytes) -> Found:
    inner = name[:-3]
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            expanded = _read_capped(stream, limits.MAX_FILE_BYTES)
    except (OSError, EOFError, zipfile.BadZipFile):
        return Found(inner, error="This compressed file is corrupt or cut short.")
    if expanded is None:
        return Found(inner, error=f"This file is over {_mb(limits.MAX_FILE_BYTES)} once uncompressed.")
    if len(expanded) > max(len(data), 1) * limits.MAX_EXPANSION_RATIO:
        return Found(inner, error="This compressed file expands too far to be a run (a zip bomb?).")
    return Found(inner, data=expanded)


def _strava_activity_list(zf: zipfile.ZipFile, prefix: str) -> dict[str, dict]:
    """Strava's activities.csv: per activity file, its gear and type."""
    name = f"{prefix}activities.csv"
    try:
        info = zf.getinfo(name)
    except KeyError:
        return {}
    if info.file_size > limits.MAX_FILE_BYTES:
        return {}
    with zf.open(info) as raw:
        data = _read_capped(raw, limits.MAX_FILE_BYTES)
    if data is None:
        return {}
    rows = {}
    for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace"))):
        filename = (row.get("Filename") or "").strip()
        if filename:
            rows[f"{prefix}{filename}"] = {
                "gear": (row.get("Activity Gear") or "").strip(),
                "type": (row.get("Activity Type") or "").strip(),
            }
    return rows


def walk_zip(
    name: str, stream: BinaryIO, size: int, *, depth: int = 0, budget: _Budget | None = None
) -> Iterator[Found]:
    budget = budget or _Budget()
    try:
        zf = zipfile.ZipFile(stream)
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ArchiveRefused("This zip archive is corrupt or cut short.") from error
    declared = sum(i.file_size for i in infos)
    if declared > limits.MAX_EXPANDED_BYTES or declared > max(size, 1) * limits.MAX_EXPANSION_RATIO:
        raise ArchiveRefused("This archive expands far beyond its size (a zip bomb?), so it was not opened.")
    prefix = ""
    csv_names = [i.filename for i in infos if posixpath.basename(i.filename) == "activities.csv"]
    if csv_names:
        prefix = csv_names[0][: -len("activities.csv")]
    activity_list = _strava_activity_list(zf, prefix) if csv_names else {}
    source = "strava" if csv_names else ("garmin" if any("DI_CONNECT" in i.filename for i in infos) else "")
    for info in infos:
        member = info.filename
        if info.is_dir():
            continue
        if _escapes(member):
            yield Found(member, error="This path points outside the archive, so it was not read.")
            continue
        lower = member.lower()
        is_zip = lower.endswith(".zip")
        wanted = is_zip or lower.endswith((".gpx", ".tcx", ".fit", ".gpx.gz", ".tcx.gz", ".fit.gz"))
        if not wanted:
            continue  # photos, JSON and the rest of an export: not runs
        listed = activity_list.get(member, {})
        if listed.get("type") and "run" not in listed["type"].lower():
            continue  # a ride or a swim in a Strava export is not a run
        if info.file_size > limits.MAX_FILE_BYTES:
            yield Found(member, error=_too_big())
            continue
        if info.compress_size and info.file_size / info.compress_size > limits.MAX_EXPANSION_RATIO:
            yield Found(member, error="This file expands too far to be a run (a zip bomb?).")
            continue
        try:
            with zf.open(info) as raw:
                content = _read_capped(raw, min(limits.MAX_FILE_BYTES, budget.left))
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            yield Found(member, error="This file is corrupt or cut short inside the archive.")
            continue
        if content is None:
            yield Found(member, error=_too_big())
            continue
        budget.left -= len(content)
        if is_zip:
            if depth >= limits.MAX_NESTING:
                yield Found(member, error="Archives nested this deep are not read.")
                continue
            try:
                nested = walk_zip(member, io.BytesIO(content), len(content), depth=depth + 1, budget=budget)
                for inner in nested:
                    inner.name = f"{member}/{inner.name}"
                    inner.source = inner.source or source
                    yield inner
            except ArchiveRefused as refused:
                yield Found(member, error=str(refused))
            continue
        found = _gunzip(member, content) if lower.endswith(".gz") else Found(member, data=content)
        found.gear = listed.get("gear", "")
        found.source = source
        yield found


def walk_upload(name: str, stream: BinaryIO, size: int) -> Iterator[Found]:
    """One uploaded file: a zip is walked, a gzip is unpacked, anything else is a single file."""
    lower = name.lower()
    head = stream.read(4)
    stream.seek(0)
    if lower.endswith(".zip") or head == b"PK\x03\x04":
        if size > limits.MAX_ARCHIVE_BYTES:
            yield Found(name, error=oversize_message(name))
            return
        try:
            yield from walk_zip(name, stream, size)
        except ArchiveRefused as refused:
            yield Found(name, error=str(refused))
        return
    if size > limits.MAX_FILE_BYTES:
        yield Found(name, error=_too_big())
        return
    data = stream.read()
    if lower.endswith(".gz"):
        yield _gunzip(name, data)
        return
    yield Found(name, data=data)
