"""The physiotherapist's triage list: one page of linked patients, most urgent first.

Each patient is read from their summary row (`PatientSummary`, kept with their flags), never from
their journal, so a page is the same statements at 10 patients or 1,000 and at a month's journal or
ten years' (the database still orders every linked patient to pick a page: about 2 µs each).

The page is one statement, built once per filter shape: the matching patients in order, their
total, how many of the physiotherapist's patients have writes not yet evaluated, and the open flags
of those shown, as plain values. Building the same page with querysets (four of them, and 75 model
instances) cost more than the rest of the request; `tests/clinic/test_triage.py` holds the rows to
what the journals say and the query count to a constant.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F
from django.utils import timezone

from journal.flags.rows import Read, column_reader, column_selected, run_reads
from journal.flags.services import flags_current_for, flags_stale
from journal.flags.summary import FIELDS as SUMMARY_FIELDS
from journal.flags.summary import FLAG_FIELDS, top_flag
from journal.models import SEVERITY_ORDER, CareLink, Flag, PatientSummary, Profile

PAGE_SIZE = 25
URGENT_RANK = SEVERITY_ORDER.index("see_professional")
QUIET_DAYS = 7


@dataclass
class TriageRow:
    patient_id: int
    name: str
    top_severity: str | None
    top_rank: int
    top_title: str
    top_raised_at: Any
    open_flags: int
    last_checkin: date | None
    pain_14d: list[int | None]
    week_m: int
    last_week_m: int
    change_pct: int | None
    acwr: float | None
    adherence_done: int
    adherence_target: int
    today: date | None = None  # the patient's own today, which the quiet filter counts from

    @property
    def adherence_pct(self) -> int | None:
        if not self.adherence_target:
            return None
        return min(100, round(100 * self.adherence_done / self.adherence_target))

    @property
    def sparkline_points(self) -> str:
        known = [(i, p) for i, p in enumerate(self.pain_14d) if p is not None]
        return " ".join(f"{i * 8 + 2},{22 - p * 2}" for i, p in known)

    @property
    def pain_summary(self) -> str:
        known = [p for p in self.pain_14d if p is not None]
        if not known:
            return "No check-ins in 14 days"
        return f"Pain over 14 days: {', '.join('–' if p is None else str(p) for p in self.pain_14d)}"


@dataclass
class TriagePage:
    rows: list[TriageRow]
    page: Page

    def __iter__(self):
        return iter(self.rows)


# What the page reads of each patient's profile and summary, in this order after the patient's id.
PROFILE_COLUMNS = ("display_name", "time_zone", "flags_evaluated_on", "journal_version", "flags_version")
# Of the summary, what comes from the journal (the flag columns only order the page; see _rows).
SUMMARY_COLUMNS = tuple(name for name in SUMMARY_FIELDS if name != "as_of" and name not in FLAG_FIELDS)
FLAG_COLUMNS = ("code", "severity", "severity_rank", "title", "raised_at")


@dataclass(frozen=True)
class _Shape:
    """Which filters a page has: they decide the statement's text (the values are its parameters)."""

    search: bool
    urgent: bool
    quiet_zones: int | None  # the number of time zones the quiet filter names; None without it


@functools.cache
def _page_sql(shape: _Shape, vendor: str) -> tuple[str, tuple]:
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def col(alias: str, model, name: str) -> str:
        return f"{alias}.{quote(model._meta.get_field(name).column)}"

    User = get_user_model()
    link, profile = (lambda n: col("l", CareLink, n)), (lambda n: col("p", Profile, n))
    summary, flag = (lambda n: col("s", PatientSummary, n)), (lambda n: col("f", Flag, n))
    patient_id = link("runner")
    fields = [Profile._meta.get_field(n) for n in PROFILE_COLUMNS]
    fields += [PatientSummary._meta.get_field(n) for n in SUMMARY_COLUMNS]
    selected = ", ".join(
        column_selected(field, col("p" if field.model is Profile else "s", field.model, field.name), vendor)
        for field in fields
    )
    join_user = ""
    where = [f"{link('physio')} = %s", f"{link('revoked_at')} IS NULL"]
    if shape.search:
        # As the ORM writes `display_name__icontains` and `email__icontains` on this database.
        join_user = f" INNER JOIN {table(User)} u ON u.{quote(User._meta.pk.column)} = {patient_id}"
        like, cast = connection.operators["icontains"] % "%s", connection.ops.lookup_cast
        name, email = profile("display_name"), col("u", User, "email")
        by_name = f"{cast('icontains', 'CharField') % name} {like}"
        where.append(f"({by_name} OR {cast('icontains', 'EmailField') % email} {like})")
    if shape.urgent:
        where.append(f"{summary('top_rank')} >= %s")
    if shape.quiet_zones is not None:
        # Not logged for 7 days of their own calendar: one date per time zone among the patients.
        quiet = (
            f"({profile('time_zone')} = %s AND ({summary('last_checkin')} IS NULL"
            f" OR {summary('last_checkin')} <= %s))"
        )
        where.append("(" + (" OR ".join([quiet] * shape.quiet_zones) or "1 = 0") + ")")
    # Someone else's patient is never counted; only those with writes not yet evaluated are read, through
    # the partial index the worker's sweep uses.
    behind = (
        f"(SELECT COUNT(*) FROM {table(Profile)} bp WHERE"  # noqa: S608 - names quoted, values bound
        f" {col('bp', Profile, 'flags_version')}"
        f" < {col('bp', Profile, 'journal_version')} AND EXISTS (SELECT 1 FROM {table(CareLink)} bl"
        f" WHERE {col('bl', CareLink, 'runner')} = {col('bp', Profile, 'user')}"
        f" AND {col('bl', CareLink, 'physio')} = %s AND {col('bl', CareLink, 'revoked_at')} IS NULL))"
    )
    order = "COALESCE({rank}, -1) DESC, {raised} IS NULL, {raised} DESC, {name}, {pk}"  # most urgent first
    inner_order = order.format(
        rank=summary("top_rank"), raised=summary("top_raised_at"), name=profile("display_name"), pk=patient_id
    )
    outer_order = order.format(rank="m.top_rank", raised="m.top_raised_at", name="m.name", pk="m.patient")
    flags = ", ".join(flag(n) for n in FLAG_COLUMNS)
    sql = (
        f"WITH m AS (SELECT {patient_id} AS patient, {summary('top_rank')} AS top_rank,"  # noqa: S608
        f" {summary('top_raised_at')} AS top_raised_at, {profile('display_name')} AS name, {selected},"
        f" COUNT(*) OVER () AS total"
        f" FROM {table(CareLink)} l INNER JOIN {table(Profile)} p ON {profile('user')} = {patient_id}"
        f"{join_user} LEFT OUTER JOIN {table(PatientSummary)} s ON {summary('runner')} = {patient_id}"
        f" WHERE {' AND '.join(where)} ORDER BY {inner_order} LIMIT %s OFFSET %s)"
        f" SELECT m.*, {behind} AS behind, {flags} FROM m LEFT OUTER JOIN {table(Flag)} f"
        f" ON {flag('owner')} = m.patient AND {flag('cleared_at')} IS NULL AND {flag('dismissed_at')} IS NULL"
        f" ORDER BY {outer_order}"
    )
    readers = tuple(column_reader(field) for field in fields)
    flag_readers = tuple(column_reader(Flag._meta.get_field(n)) for n in FLAG_COLUMNS)
    return sql, (readers, flag_readers)


@dataclass
class _Found:
    rows: list[TriageRow]
    total: int
    behind: int
    stale: list[int]


def _read(
    physio: AbstractBaseUser, *, search: str, urgent: bool, zones: list[str] | None, limit: int, offset: int
) -> _Found:
    now = timezone.now()
    shape = _Shape(search=bool(search), urgent=urgent, quiet_zones=None if zones is None else len(zones))
    sql, (readers, flag_readers) = _page_sql(shape, connection.vendor)
    params: list = [physio.pk]
    if search:
        params += [f"%{connection.ops.prep_for_like_query(search)}%"] * 2  # the name, then the email
    if urgent:
        params.append(URGENT_RANK)
    for zone in zones or ():
        cutoff = now.astimezone(ZoneInfo(zone)).date() - timedelta(days=QUIET_DAYS)
        params += [zone, connection.ops.adapt_datefield_value(cutoff)]
    params += [limit, offset, physio.pk]
    return run_reads(Read(sql, params, lambda cells: _rows(cells, readers, flag_readers, now)))[0]


def _converted(cells, readers) -> list:
    return [
        cell if read is None or cell is None else read(cell)
        for read, cell in zip(readers, cells, strict=True)
    ]


# The columns of a page row: patient, top rank, top raised, name, the profile's and summary's, total,
# behind, then the flag's.
_OWN = 4
_FLAG = _OWN + len(PROFILE_COLUMNS) + len(SUMMARY_COLUMNS) + 2


def _rows(cells: list[tuple], readers, flag_readers, now: datetime) -> _Found:
    if not cells:
        return _Found(rows=[], total=0, behind=0, stale=[])
    todays: dict[str, date] = {}
    rows, flags_of, stale = [], {}, []
    for cell in cells:
        patient_id = cell[0]
        if cell[_FLAG] is not None:
            flags_of.setdefault(patient_id, []).append(tuple(_converted(cell[_FLAG:], flag_readers)))
        if rows and rows[-1].patient_id == patient_id:
            continue
        values = _converted(cell[_OWN : _FLAG - 2], readers)
        name, zone, evaluated_on, journal_version, flags_version, *summary = values
        today = todays.get(zone) or todays.setdefault(zone, now.astimezone(ZoneInfo(zone)).date())
        if flags_stale(
            evaluated_on=evaluated_on,
            today=today,
            flags_version=flags_version,
            journal_version=journal_version,
        ):
            stale.append(patient_id)
        last_checkin, pain_14d, week_m, last_week_m, acwr, done, target = summary
        week_m, last_week_m = week_m or 0, last_week_m or 0
        rows.append(
            TriageRow(
                patient_id=patient_id,
                name=name,
                top_severity=None,
                top_rank=-1,
                top_title="",
                top_raised_at=None,
                open_flags=0,
                last_checkin=last_checkin,
                # Never evaluated (no summary): nothing logged yet.
                pain_14d=list(pain_14d) if pain_14d is not None else [None] * 14,
                week_m=week_m,
                last_week_m=last_week_m,
                change_pct=round(100 * (week_m - last_week_m) / last_week_m) if last_week_m else None,
                acwr=acwr,
                adherence_done=done or 0,
                adherence_target=target or 0,
                today=today,
            )
        )
    # The flags each row names are read as stored now, so a row never shows a flag that has cleared or
    # misses one raised, whatever wrote it (the summary's own copy only orders the page).
    for row in rows:
        top = top_flag(flags_of.get(row.patient_id, ()))
        row.top_severity = top["top_severity"] or None
        row.top_rank = top["top_rank"]
        row.top_title = top["top_title"]
        row.top_raised_at = top["top_raised_at"]
        row.open_flags = top["open_flags"]
    return _Found(rows=rows, total=cells[0][_FLAG - 2], behind=cells[0][_FLAG - 1], stale=stale)


def _behind_ids(physio: AbstractBaseUser) -> list[int]:
    return list(
        Profile.objects.filter(
            flags_version__lt=F("journal_version"),
            user__care_links__physio=physio,
            user__care_links__revoked_at__isnull=True,
        ).values_list("user_id", flat=True)
    )


def _evaluate(patient_ids: list[int]) -> None:
    """Bring these patients' flags (and so their summaries) up to date."""
    User = get_user_model()
    flags_current_for(User.objects.filter(pk__in=patient_ids).select_related("profile"))


def _zones(physio: AbstractBaseUser) -> list[str]:
    return sorted(
        Profile.objects.filter(user__care_links__physio=physio, user__care_links__revoked_at__isnull=True)
        .order_by()
        .values_list("time_zone", flat=True)
        .distinct()
    )


def _sort_key(row: TriageRow):
    return (-row.top_rank, -(row.top_raised_at.timestamp() if row.top_raised_at else 0), row.name)


def triage(
    *,
    physio: AbstractBaseUser,
    urgent_only: bool = False,
    quiet_only: bool = False,
    search: str = "",
    page: int | str | None = 1,
    per_page: int = PAGE_SIZE,
) -> TriagePage:
    """One page of linked patients, most urgent first: one statement whatever the list's size or the
    journals' length, when every patient's flags are current."""
    search = search.strip()
    zones = _zones(physio) if quiet_only else None
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1

    def read(number: int) -> _Found:
        return _read(
            physio,
            search=search,
            urgent=urgent_only,
            zones=zones,
            limit=per_page,
            offset=(number - 1) * per_page,
        )

    found = read(number)
    # Patients with writes not yet evaluated (journal.flags.services.flags_deferred) are evaluated first,
    # so that a flag just raised sorts and filters them; so are those on this page last evaluated on an
    # earlier day of their calendar. Then the page is read again, once. A page that came back empty
    # does not say how many are behind: they are looked up.
    behind = _behind_ids(physio) if found.behind or not found.rows else []
    if behind or found.stale:
        _evaluate(sorted(set(behind) | set(found.stale)))
        found = read(number)
    if not found.rows and number > 1:  # past the last page: the last one, as Paginator.get_page does
        last = read(1)
        number = max(1, -(-last.total // per_page))
        found = read(number) if number > 1 else last
    shown = Page(found.rows, number, Paginator(range(found.total), per_page))
    rows = found.rows
    # As they are now: only those the filter still matches.
    if urgent_only:
        rows = [r for r in rows if r.top_rank >= URGENT_RANK]
    if quiet_only:
        rows = [r for r in rows if r.last_checkin is None or (r.today - r.last_checkin).days >= QUIET_DAYS]
    rows.sort(key=_sort_key)
    return TriagePage(rows=rows, page=shown)
