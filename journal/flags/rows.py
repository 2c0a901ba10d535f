"""A runner's recent entries as `.values()` rows, read without the ORM's per-request query building.

Every flag evaluation reads a few hundred check-ins and runs, and Today reads the recent ones. Compiling
those querysets and running Django's generic converters over every cell cost more than reading the rows
themselves, so the SQL is built once per model and column list, and each column gets one converter chosen
once. The result is exactly what `Model.objects.filter(owner=..., date__range=...).order_by(...)
.values(*names)` gives (`tests/flags/test_rows.py` holds it to that on SQLite and PostgreSQL), except that
ids (UUIDs) come as their usual text: the rules and the pages only print and compare them, and building
UUID objects to print them cost more than any other column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import psycopg
from django.db import connection
from django.db.models import Model


def _not_none(convert: Callable) -> Callable:
    def read(value):
        return None if value is None else convert(value)

    return read


def _json(value):
    # Most stored lists are empty: skip the parser for them.
    return [] if value == "[]" else json.loads(value)


def _id_text(value) -> str:
    """A UUID as text with hyphens, from a UUID (PostgreSQL) or 32 hex digits (SQLite)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return value


# On SQLite the driver already parses booleans (Django registers converters for the declared types of
# columns); JSON comes back as text. These do what Django's converters do with them, without the generic
# machinery around each call.
_SQLITE_READERS: dict[str, Callable | None] = {
    "BooleanField": None,
    "JSONField": _not_none(_json),
}
# Dates and times the driver would parse with Django's converters too, in Python, a function call or two
# per cell. These columns are selected as expressions instead (`+"date"`, no declared type, the same
# text) and parsed here by the C functions those converters end up calling.
_SQLITE_TEXT_READERS: dict[str, Callable] = {
    "DateField": dt.date.fromisoformat,
    "TimeField": dt.time.fromisoformat,
}


def _kind(field) -> str:
    return (field.target_field if field.is_relation else field).get_internal_type()


def _as_text_on_sqlite(field, vendor: str) -> bool:
    return vendor == "sqlite" and _kind(field) in _SQLITE_TEXT_READERS


@functools.lru_cache(maxsize=4096)
def _json_tuple_of_text(value: str) -> tuple:
    return tuple(json.loads(value) or ())


def _json_tuple(value) -> tuple:
    """A stored JSON list as a tuple (empty for none): the rules' facts hold tuples. The same few lists
    (["dull_ache"], ["inner_ankle"]) come back again and again, and a tuple can be shared, so each text
    is parsed once."""
    if isinstance(value, str):
        return _json_tuple_of_text(value)
    return tuple(value or ())  # none stored, or a driver that parsed it already


def _reader(field, json_as_tuples: bool = False) -> Callable | None:
    """One function that turns a stored cell into the field's Python value, or None when it is as stored."""
    kind = _kind(field)
    if kind == "UUIDField":
        return _not_none(_id_text) if field.null else _id_text
    plain_json = kind != "JSONField" or field.decoder is None
    if json_as_tuples and kind == "JSONField" and plain_json:
        return _json_tuple
    if _as_text_on_sqlite(field, connection.vendor):
        parse = _SQLITE_TEXT_READERS[kind]
        return _not_none(parse) if field.null else parse
    if connection.vendor == "sqlite" and kind in _SQLITE_READERS and plain_json:
        return _SQLITE_READERS[kind]
    return _converter(field)


@functools.cache
def _query(
    model: type[Model], names: tuple[str, ...], order: tuple[str, ...], vendor: str, json_as_tuples: bool
):
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    selected = (_selected(f, quote(f.column), vendor) for f in fields)
    columns = ", ".join(selected)
    order_by = ", ".join(quote(meta.get_field(name).column) for name in order)
    owner, day = quote(meta.get_field("owner").column), quote(meta.get_field("date").column)
    where = f"{owner} = %s AND {day} >= %s AND {day} <= %s"
    # Only the models' own quoted names go into the text; every value is a parameter.
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} ORDER BY {order_by}"  # noqa: S608
    readers = tuple(
        (i, reader)
        for i, f in enumerate(fields)
        if not (_is_id(f) and vendor in _ID_AS_TEXT) and (reader := _reader(f, json_as_tuples)) is not None
    )
    return sql, readers


def _is_id(field) -> bool:
    return _kind(field) == "UUIDField"


def _selected(field, column: str, vendor: str) -> str:
    """What the SELECT reads of a field's column (see _ID_AS_TEXT and _SQLITE_TEXT_READERS)."""
    if _is_id(field):
        return _id_as_text(column, vendor)
    if _as_text_on_sqlite(field, vendor):
        return f"+{column}"
    return column


# A UUID column as its usual text (hyphens), worked out by the database where that is cheaper: PostgreSQL
# sends a uuid, which the driver would make a UUID object for _id_text to print. (SQLite keeps 32 hex
# digits; hyphenating them in SQL took longer than _id_text does.) NULL stays NULL.
_ID_AS_TEXT = {"postgresql": "{c}::text"}


def _id_as_text(column: str, vendor: str) -> str:
    return _ID_AS_TEXT[vendor].format(c=column) if vendor in _ID_AS_TEXT else column


def column_selected(field, column: str, vendor: str) -> str:
    """What a hand-written SELECT reads of `field` whose (quoted, qualified) column is `column`, for
    `column_reader(field)` to turn into the field's value: dates come as text on SQLite, parsed faster
    than the driver would."""
    return _selected(field, column, vendor)


def column_reader(field) -> Callable | None:
    """What turns a cell selected by `column_selected` into the field's Python value (None: as stored).
    It is not called on NULL."""
    return _reader(field)


def owner_values_between(
    model: type[Model],
    names: tuple[str, ...],
    *,
    owner_id,
    since: date,
    until: date,
    order: tuple[str, ...],
    make: Callable[[list], object] | None = None,
) -> list:
    """The owner's rows of `model` dated `since` to `until` (both included), as `.values(*names)` would
    give them but with ids as text, in `order` (field names, ascending).

    With `make`, each row is instead `make(cells)`: its values in the order of `names`, converted the
    same way but for JSON lists, which come as tuples (the rules' facts are built so, without a dict in
    between)."""
    return run_reads(
        values_read(model, names, owner_id=owner_id, since=since, until=until, order=order, make=make)
    )[0]


def values_read(
    model: type[Model],
    names: tuple[str, ...],
    *,
    owner_id,
    since: date,
    until: date,
    order: tuple[str, ...],
    make: Callable[[list], object] | None = None,
) -> Read:
    """owner_values_between as a Read, to send with others (run_reads)."""
    sql, readers = _query(model, names, order, connection.vendor, make is not None)
    adapt = connection.ops.adapt_datefield_value

    def build(stored: list[tuple]) -> list:
        rows = []
        for row in stored:
            cells = list(row)
            for i, read in readers:
                cells[i] = read(cells[i])
            rows.append(dict(zip(names, cells, strict=True)) if make is None else make(cells))
        return rows

    return Read(sql, [owner_id, adapt(since), adapt(until)], build)


@dataclass(frozen=True)
class Read:
    """One statement: its SQL and parameters, and what makes its result from the rows it returns (for a
    statement that returns none, an UPDATE say, from the number of rows it changed)."""

    sql: str
    params: list
    build: Callable[[list[tuple]], object]


def run_reads(*reads: Read) -> list:
    """Each statement's result, in order. On PostgreSQL, several go to the server together, in one
    round trip (psycopg's pipeline mode): flag evaluation reads six small things before anything
    else, then locks the open flags and claims the day, and at the end writes the flags and the
    summary; each round trip cost more there than what it carried. The server runs them in order, in
    the connection's transaction, as one after another would. Elsewhere they run one after another.
    Either way each is logged as Django logs a query (connection.queries, which the query-count tests
    read)."""
    if connection.vendor != "postgresql":
        return [read.build(_fetch(read.sql, read.params)) for read in reads]
    # PostgreSQL: sent with parameters apart and kept prepared (_server_cursor).
    return [read.build(rows) for read, rows in zip(reads, _fetch_together(reads), strict=True)]


def _server_cursor(raw):
    """A cursor that sends its parameters apart from the SQL, so that PostgreSQL can keep the statement
    prepared (planned once per connection): Django's own cursors put the values into the SQL text.
    settings.py turns preparing off where a pooler between would lose the statements."""
    return psycopg.Cursor(raw)


def _fetch_together(reads: tuple[Read, ...]) -> list[list[tuple]]:
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    raw = connection.connection
    started = time.monotonic()
    with connection.wrap_database_errors:
        # One statement alone needs no pipeline (entering one costs a sync of its own).
        with raw.pipeline() if len(reads) > 1 else contextlib.nullcontext():
            cursors = [_server_cursor(raw) for _ in reads]
            for cursor, read in zip(cursors, reads, strict=True):
                cursor.execute(read.sql, read.params, prepare=True)
        results = []
        for cursor in cursors:
            results.append(_result(cursor))
            cursor.close()
    if connection.queries_logged:
        each = (time.monotonic() - started) / len(reads)
        for read in reads:
            sql = connection.ops.compose_sql(read.sql, read.params)
            connection.queries_log.append({"sql": sql, "time": f"{each:.3f}"})
    return results


# Model instances. Evaluating flags also reads the runner's open injuries, return plan, shoes in use with
# their distance, open flags and this week's prescriptions: a handful of rows each, whose querysets cost
# 20 to 90 times as much to compile as to run. These build the same SQL once and the same instances
# (`Model.from_db`, with the ORM's own converters for every column); `tests/flags/test_rows.py` holds each
# to its queryset.


def _converter(field) -> Callable | None:
    """The ORM's converters for a field's column, as one function (None when the value is as stored)."""
    column = field.get_col(field.model._meta.db_table)
    converters = [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]
    if not converters:
        return None

    def read(value):
        for convert in converters:
            value = convert(value, column, connection)
        return value

    return read


@dataclass(frozen=True)
class _Columns:
    """One model's columns in a SELECT: their text, the attnames for from_db, and their converters."""

    sql: str
    attnames: tuple[str, ...]
    readers: tuple[Callable | None, ...]

    def instance(self, model: type[Model], cells: list | tuple):
        pairs = zip(self.readers, cells, strict=True)
        values = [cell if read is None or cell is None else read(cell) for read, cell in pairs]
        return model.from_db(connection.alias, self.attnames, values)


@functools.cache
def _columns(model: type[Model], leave_out: frozenset[str], vendor: str) -> _Columns:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    fields = [f for f in model._meta.concrete_fields if f.name not in leave_out]
    return _Columns(
        sql=", ".join(f"{table}.{quote(f.column)}" for f in fields),
        attnames=tuple(f.attname for f in fields),
        readers=tuple(_converter(f) for f in fields),
    )


def _fetch(sql: str, params: list) -> list[tuple] | int:
    if connection.vendor == "postgresql":
        return _fetch_together((Read(sql, params, _count),))[0]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _result(cursor)


def _result(cursor) -> list[tuple] | int:
    """A statement's rows, or for one that returns none, how many rows it changed."""
    return cursor.fetchall() if cursor.description is not None else cursor.rowcount


def _names(model: type[Model]) -> tuple[str, Callable[[str], str]]:
    """The model's quoted table and a function quoting one of its fields' columns with the table."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    return table, lambda name: f"{table}.{quote(model._meta.get_field(name).column)}"


@functools.cache
def _plan_sql(model: type[Model], vendor: str) -> str:
    table, col = _names(model)
    columns = _columns(model, frozenset(), vendor).sql
    # As .first() on the model's ordering (newest start first); a runner has one active plan at most.
    return (
        f"SELECT {columns} FROM {table} WHERE {col('owner')} = %s AND {col('status')} = %s "  # noqa: S608
        f"ORDER BY {col('started_on')} DESC LIMIT 1"
    )


def return_plan_active_of(model: type[Model], *, owner_id):
    """`ReturnPlan.objects.filter(owner=..., status="active").first()`."""
    return run_reads(plan_read(model, owner_id=owner_id))[0]


def plan_read(model: type[Model], *, owner_id) -> Read:
    columns = _columns(model, frozenset(), connection.vendor)

    def build(found: list[tuple]):
        return columns.instance(model, found[0]) if found else None

    return Read(_plan_sql(model, connection.vendor), [owner_id, "active"], build)


@functools.cache
def _shoes_sql(shoe_model: type[Model], run_model: type[Model], vendor: str) -> str:
    shoes, shoe = _names(shoe_model)
    runs, run = _names(run_model)
    columns = _columns(shoe_model, frozenset(), vendor).sql
    # Grouped by the primary key, which fixes every other column (PostgreSQL allows that too).
    return (
        f"SELECT {columns}, COALESCE(SUM({run('distance_m')}), 0) FROM {shoes} "  # noqa: S608
        f"LEFT OUTER JOIN {runs} ON {run('shoe')} = {shoe('id')} "
        f"WHERE {shoe('owner')} = %s AND {shoe('retired_on')} IS NULL GROUP BY {shoe('id')} "
        f"ORDER BY {shoe('is_default')} DESC, {shoe('name')} ASC"
    )


def shoes_in_use_with_runs_m(shoe_model: type[Model], run_model: type[Model], *, owner_id) -> list:
    """The owner's shoes not retired, each with `runs_m` (the sum of its runs' distances), in the model's
    order: as `shoes_with_totals(...).filter(retired_on__isnull=True)`."""
    return run_reads(shoes_read(shoe_model, run_model, owner_id=owner_id))[0]


def shoes_read(shoe_model: type[Model], run_model: type[Model], *, owner_id) -> Read:
    columns = _columns(shoe_model, frozenset(), connection.vendor)

    def build(found: list[tuple]) -> list:
        shoes = []
        for *cells, runs_m in found:
            shoe = columns.instance(shoe_model, cells)
            shoe.runs_m = int(runs_m)
            shoes.append(shoe)
        return shoes

    return Read(_shoes_sql(shoe_model, run_model, connection.vendor), [owner_id], build)


@functools.cache
def _episodes_sql(model: type[Model], leave_out: frozenset[str], vendor: str) -> str:
    episodes, episode = _names(model)
    condition_model = model._meta.get_field("condition").related_model
    conditions, condition = _names(condition_model)
    columns = _columns(model, frozenset(), vendor).sql
    condition_columns = _columns(condition_model, leave_out, vendor).sql
    status, resolved_on = episode("status"), episode("resolved_on")
    return (
        f"SELECT {columns}, {condition_columns} FROM {episodes} "  # noqa: S608
        f"LEFT OUTER JOIN {conditions} ON {episode('condition')} = {condition('id')} "
        f"WHERE {episode('owner')} = %s AND ({status} IN (%s, %s) "
        f"OR ({status} = %s AND {resolved_on} >= %s) "
        f"OR ({status} = %s AND {resolved_on} IS NULL AND {episode('onset_date')} >= %s)) "
        f"ORDER BY {episode('onset_date')} DESC, {episode('created_at')} DESC"
    )


def episodes_read(model: type[Model], *, owner_id, resolved_since: date, leave_out: frozenset[str]) -> Read:
    """Active and recovering injuries, and those resolved since `resolved_since` (or, with no date of
    resolution, begun since then), newest onset first, each with its condition less the `leave_out`
    fields (deferred): as `journal.flags.facts.journal_rows` would ask the ORM."""
    vendor = connection.vendor
    columns = _columns(model, frozenset(), vendor)
    condition_field = model._meta.get_field("condition")
    condition_model = condition_field.related_model
    condition_columns = _columns(condition_model, leave_out, vendor)
    width = len(columns.attnames)
    since = connection.ops.adapt_datefield_value(resolved_since)
    params = [owner_id, "active", "recovering", "resolved", since, "resolved", since]

    def build(found: list[tuple]) -> list:
        episodes = []
        for row in found:
            episode = columns.instance(model, row[:width])
            condition = None
            if episode.condition_id is not None:
                condition = condition_columns.instance(condition_model, row[width:])
            condition_field.set_cached_value(episode, condition)
            episodes.append(episode)
        return episodes

    return Read(_episodes_sql(model, leave_out, vendor), params, build)


@functools.cache
def _open_flags_sql(model: type[Model], vendor: str, for_update: bool) -> str:
    table, col = _names(model)
    columns = _columns(model, frozenset(), vendor).sql
    lock = " FOR UPDATE" if for_update else ""
    return (
        f"SELECT {columns} FROM {table} WHERE {col('owner')} = %s AND {col('cleared_at')} IS NULL "  # noqa: S608
        f"ORDER BY {col('severity_rank')} DESC, {col('raised_at')} DESC{lock}"
    )


def open_flags_read(model: type[Model], *, owner_id) -> Read:
    """`Flag.objects.select_for_update().filter(owner=..., cleared_at__isnull=True)`: the open flags,
    their rows locked until the transaction ends where the database locks rows (not SQLite, whose
    writers take the whole database)."""
    vendor = connection.vendor
    sql = _open_flags_sql(model, vendor, connection.features.has_select_for_update)
    columns = _columns(model, frozenset(), vendor)

    def build(found: list[tuple]) -> list:
        return [columns.instance(model, row) for row in found]

    return Read(sql, [owner_id], build)


@functools.cache
def _prescriptions_sql(prescription_model: type[Model], completion_model: type[Model], vendor: str) -> str:
    prescriptions, p = _names(prescription_model)
    completions, c = _names(completion_model)
    done = (
        f"SELECT COUNT(*) FROM {completions} WHERE {c('owner')} = %s "  # noqa: S608
        f"AND {c('exercise')} = {p('exercise')} AND {c('date')} >= %s"
    )
    return (
        f"SELECT {p('times_per_week')}, COALESCE(({done}), 0), {p('starts_on')}, {p('ends_on')} "  # noqa: S608
        f"FROM {prescriptions} WHERE {p('owner')} = %s AND {p('starts_on')} <= %s "
        f"AND ({p('ends_on')} IS NULL OR {p('ends_on')} >= %s) ORDER BY {p('starts_on')} DESC"
    )


def prescriptions_read(
    prescription_model: type[Model], completion_model: type[Model], *, owner_id, week_start: date, until: date
) -> Read:
    """(times_per_week, completions of that exercise since `week_start`, starts_on, ends_on) of each
    prescription started by `until` and not ended before `week_start`, latest start first."""
    sql = _prescriptions_sql(prescription_model, completion_model, connection.vendor)
    adapt = connection.ops.adapt_datefield_value
    params = [owner_id, adapt(week_start), owner_id, adapt(until), adapt(week_start)]
    meta = prescription_model._meta
    starts, ends = (_converter(meta.get_field(name)) for name in ("starts_on", "ends_on"))

    def build(found: list[tuple]) -> list[tuple]:
        return [
            (
                times,
                int(done),
                starts_on if starts is None else starts(starts_on),
                ends_on if ends is None or ends_on is None else ends(ends_on),
            )
            for times, done, starts_on, ends_on in found
        ]

    return Read(sql, params, build)


# Writes on the runner's profile: a write from a request marks the flags out of date (bump_write); an
# evaluation claims its day and version on a read of out-of-date flags (journal.flags.services
# .flags_current) or records them after a write's evaluation (evaluated_write).


@functools.cache
def _evaluated_sql(model: type[Model], claim: bool, vendor: str) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    day, version = (quote(meta.get_field(name).column) for name in ("flags_evaluated_on", "flags_version"))
    sql = f"UPDATE {quote(meta.db_table)} SET {day} = %s, {version} = %s WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    if claim:
        sql += f" AND ({day} IS NULL OR {day} < %s OR {version} < %s)"
    return sql


def evaluated_write(model: type[Model], *, pk, day: date, version: int, claim: bool = False) -> Read:
    """Record on one profile an evaluation as of `day` that saw the journal at `version`: set its
    flags_evaluated_on and flags_version. With `claim`, only if it holds an earlier day or version (or no
    day): `model.objects.filter(pk=pk).filter(Q(flags_evaluated_on=None) | Q(flags_evaluated_on__lt=day) |
    Q(flags_version__lt=version)).update(flags_evaluated_on=day, flags_version=version)`. Whether it did."""
    adapted = connection.ops.adapt_datefield_value(day)
    params = [adapted, version, pk] + ([adapted, version] if claim else [])
    return Read(_evaluated_sql(model, claim, connection.vendor), params, _changed_any)


@functools.cache
def _bump_sql(model: type[Model], by: str, name: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    column, key = quote(meta.get_field(name).column), quote(meta.get_field(by).column)
    return f"UPDATE {quote(meta.db_table)} SET {column} = {column} + 1 WHERE {key} = %s"  # noqa: S608


def bump_write(model: type[Model], *, by: str, key, name: str) -> Read:
    """Add one to the integer field `name` of the row whose unique field `by` is `key`:
    `model.objects.filter(**{by: key}).update(**{name: F(name) + 1})`. Whether a row was there."""
    return Read(_bump_sql(model, by, name, connection.vendor), [key], _changed_any)


def _changed_any(count: int) -> bool:
    return count > 0


@functools.cache
def _upsert_sql(
    model: type[Model], conflict: str, names: tuple[str, ...], update: tuple[str, ...], vendor: str
):
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [meta.get_field(name) for name in (conflict, *names)]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    set_columns = (quote(meta.get_field(name).column) for name in update)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in set_columns)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({quote(fields[0].column)}) DO UPDATE SET {updates}"
    )
    return sql, tuple(fields)


@functools.cache
def _insert_sql(model: type[Model], vendor: str) -> tuple[str, tuple]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(meta.concrete_fields)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({quote(meta.pk.column)}) DO NOTHING"
    )
    return sql, fields


def insert_write(instance: Model) -> Read:
    """`instance.save(force_insert=True)` for a model whose primary key is set before saving (a UUID),
    unless a row with that key exists already, when it does nothing: whether it inserted. A twin request
    that stored the same id first leaves the transaction usable, without a savepoint around the insert;
    any other constraint still fails it. The SQL is built once per model."""
    sql, fields = _insert_sql(type(instance), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]

    def inserted(count: int) -> bool:
        if count:  # stored, as save() would leave it: a later save() updates the row
            instance._state.adding = False
            instance._state.db = connection.alias
        return count > 0

    return Read(sql, params, inserted)


def upsert_write(model: type[Model], *, conflict: str, key, values: dict, update: tuple[str, ...]) -> Read:
    """Insert one row with `conflict` (a unique field) = `key` and `values`, or, if a row has that key
    already, set its `update` fields from them: `model.objects.bulk_create([model(conflict=key,
    **values)], update_conflicts=True, unique_fields=[conflict], update_fields=update)`, in SQL built
    once (that call compiled more than it wrote). Fields left out of `values` get their defaults."""
    names = tuple(f.name for f in model._meta.concrete_fields if f.name != conflict and not f.primary_key)
    sql, fields = _upsert_sql(model, conflict, names, tuple(update), connection.vendor)
    key_name = model._meta.get_field(conflict).attname
    instance = model(**{key_name: key}, **values)  # the defaults, as the ORM would fill them
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return Read(sql, params, _nothing)


def _nothing(count: int) -> None:
    return None


# History's reads (journal.entries.selectors.history_page): the days with entries, by keyset, and the
# entries of a page of days, with only the columns the page shows.


@functools.cache
def _entry_dates_sql(models: tuple[type[Model], ...], window: str, vendor: str) -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        table = quote(model._meta.db_table)
        owner, day = (quote(model._meta.get_field(name).column) for name in ("owner", "date"))
        bound = {"": "", "before": f" AND {day} < %s", "after": f" AND {day} > %s"}[window]
        parts.append(f"SELECT {day} FROM {table} WHERE {owner} = %s{bound}")  # noqa: S608
    order = "ASC" if window == "after" else "DESC"
    return f"{' UNION '.join(parts)} ORDER BY 1 {order} LIMIT %s"


def entry_dates(
    models: tuple[type[Model], ...],
    *,
    owner_id,
    before: date | None = None,
    after: date | None = None,
    limit: int,
) -> list[date]:
    """The distinct days on which the owner has a row of any of `models`, at most `limit` of them: the
    latest (before `before`, if given), or the earliest after `after` (then oldest first). One UNION
    over the models' (owner, date) indexes."""
    window = "after" if after is not None else "before" if before is not None else ""
    bound = [] if not window else [connection.ops.adapt_datefield_value(after or before)]
    params = [value for _ in models for value in (owner_id, *bound)] + [limit]
    days = [row[0] for row in _fetch(_entry_dates_sql(models, window, connection.vendor), params)]
    # SQLite gives a compound SELECT's dates as text.
    return [date.fromisoformat(d) if isinstance(d, str) else d for d in days]


def _all_but(model: type[Model], kept: set[str]) -> frozenset[str]:
    return frozenset(f.name for f in model._meta.concrete_fields if f.name not in kept)


@functools.cache
def _page_sql(model: type[Model], only: tuple[str, ...], related: str | None, vendor: str):
    quote = connection.ops.quote_name
    meta = model._meta
    table, col = _names(model)
    own = _columns(model, _all_but(model, {meta.pk.name, *only, *([related] if related else [])}), vendor)
    join, related_columns = "", None
    if related:
        field = meta.get_field(related)
        other = field.related_model
        other_table = quote(other._meta.db_table)
        other_loaded = {other._meta.pk.name, "name"}
        related_columns = _columns(
            other,
            frozenset(f.name for f in other._meta.concrete_fields if f.name not in other_loaded),
            vendor,
        )
        kind = "LEFT OUTER JOIN" if field.null else "INNER JOIN"
        other_pk = f"{other_table}.{quote(other._meta.pk.column)}"
        join = f" {kind} {other_table} ON {col(related)} = {other_pk}"
    # The model's own ordering, as the ORM would write it.
    order = ", ".join(
        f"{col(name.lstrip('-'))} {'DESC' if name.startswith('-') else 'ASC'}" for name in meta.ordering
    )
    select = own.sql + (f", {related_columns.sql}" if related_columns else "")
    sql = (
        f"SELECT {select} FROM {table}{join} WHERE {col('owner')} = %s "  # noqa: S608
        f"AND {col('date')} >= %s AND {col('date')} <= %s ORDER BY {order}"
    )
    return sql, own, related_columns


def owner_page_rows(
    model: type[Model],
    *,
    owner_id,
    since: date,
    until: date,
    only: tuple[str, ...],
    related: str | None = None,
) -> list:
    """The owner's rows of `model` dated `since` to `until`, in the model's ordering, with only the
    `only` fields loaded (and, with `related`, that foreign key's row with only its name): as
    `model.objects.filter(owner=..., date__range=...).select_related(related).only(*only,
    f"{related}__name")`."""
    sql, own, related_columns = _page_sql(model, tuple(only), related, connection.vendor)
    adapt = connection.ops.adapt_datefield_value
    width = len(own.attnames)
    field = model._meta.get_field(related) if related else None
    rows = []
    for row in _fetch(sql, [owner_id, adapt(since), adapt(until)]):
        instance = own.instance(model, row[:width])
        if field is not None:
            other = None
            if row[width] is not None:
                other = related_columns.instance(field.related_model, row[width:])
            field.set_cached_value(instance, other)
        rows.append(instance)
    return rows


# Writing changed flags: one UPDATE for all of them, as QuerySet.bulk_update writes it (a CASE on the
# primary key per column, cast to the column's type where the database needs that), but built once
# per model, columns and number of rows: bulk_update built a Case and a When per cell and compiled
# them all on every write.


@functools.cache
def _update_many_sql(model: type[Model], names: tuple[str, ...], count: int, vendor: str):
    quote = connection.ops.quote_name
    meta = model._meta
    pk = quote(meta.pk.column)
    fields = tuple(meta.get_field(name) for name in names)
    whens = " ".join(["WHEN %s THEN %s"] * count)
    cast = connection.features.requires_casted_case_in_updates
    sets = []
    for field in fields:
        case = f"CASE {pk} {whens} ELSE NULL END"
        if cast:
            case = f"({case})::{field.cast_db_type(connection)}"
        sets.append(f"{quote(field.column)} = {case}")
    marks = ", ".join(["%s"] * count)
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {pk} IN ({marks})"  # noqa: S608
    return sql, fields


def update_many_write(model: type[Model], objs: list, names: tuple[str, ...]) -> Read:
    """Write the `names` fields of each of `objs` (saved rows of `model`, at least one) in one UPDATE:
    `model.objects.bulk_update(objs, names)` for a handful of rows. Gives the rows updated."""
    names = tuple(sorted(names))
    sql, fields = _update_many_sql(model, names, len(objs), connection.vendor)
    pk_field = model._meta.pk
    pks = [pk_field.get_db_prep_value(obj.pk, connection) for obj in objs]
    params = []
    for field in fields:
        for pk, obj in zip(pks, objs, strict=True):
            params += [pk, field.get_db_prep_save(getattr(obj, field.attname), connection)]
    params += pks
    return Read(sql, params, _count)


def _count(count: int) -> int:
    return count


@functools.cache
def _update_same_sql(model: type[Model], name: str, count: int, vendor: str) -> tuple[str, object]:
    quote = connection.ops.quote_name
    meta = model._meta
    field = meta.get_field(name)
    marks = ", ".join(["%s"] * count)
    table, column, pk = quote(meta.db_table), quote(field.column), quote(meta.pk.column)
    return f"UPDATE {table} SET {column} = %s WHERE {pk} IN ({marks})", field  # noqa: S608


def update_same_write(model: type[Model], pks: list, name: str, value) -> Read:
    """`model.objects.filter(pk__in=pks).update(**{name: value})` (one field, no expressions, at least one
    pk), with the SQL built once per model, field and number of rows: every evaluation marks the flags it
    found again as seen. Gives the rows updated."""
    sql, field = _update_same_sql(model, name, len(pks), connection.vendor)
    pk_field = model._meta.pk
    params = [field.get_db_prep_save(value, connection)]
    params += [pk_field.get_db_prep_value(pk, connection) for pk in pks]
    return Read(sql, params, _count)
