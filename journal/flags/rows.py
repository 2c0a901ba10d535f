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

import functools
import json
import uuid
from collections.abc import Callable
from datetime import date

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


# On SQLite the driver already parses booleans, dates and times (Django registers converters for their
# declared types); JSON comes back as text. These do what Django's converters do with them,
# without the generic machinery around each call.
_SQLITE_READERS: dict[str, Callable | None] = {
    "BooleanField": None,
    "DateField": None,
    "TimeField": None,
    "JSONField": _not_none(_json),
}


def _reader(field) -> Callable | None:
    """One function that turns a stored cell into the field's Python value, or None when it is as stored."""
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    if kind == "UUIDField":
        return _not_none(_id_text)
    plain_json = kind != "JSONField" or field.decoder is None
    if connection.vendor == "sqlite" and kind in _SQLITE_READERS and plain_json:
        return _SQLITE_READERS[kind]
    column = field.get_col(field.model._meta.db_table)
    converters = [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]
    if not converters:
        return None

    def read(value):
        for convert in converters:
            value = convert(value, column, connection)
        return value

    return read


@functools.cache
def _query(model: type[Model], names: tuple[str, ...], order: tuple[str, ...], vendor: str):
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    columns = ", ".join(quote(f.column) for f in fields)
    order_by = ", ".join(quote(meta.get_field(name).column) for name in order)
    owner, day = quote(meta.get_field("owner").column), quote(meta.get_field("date").column)
    where = f"{owner} = %s AND {day} >= %s AND {day} <= %s"
    # Only the models' own quoted names go into the text; every value is a parameter.
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} ORDER BY {order_by}"  # noqa: S608
    readers = tuple((i, reader) for i, f in enumerate(fields) if (reader := _reader(f)) is not None)
    return sql, readers


def owner_values_between(
    model: type[Model], names: tuple[str, ...], *, owner_id, since: date, until: date, order: tuple[str, ...]
) -> list[dict]:
    """The owner's rows of `model` dated `since` to `until` (both included), as `.values(*names)` would
    give them but with ids as text, in `order` (field names, ascending)."""
    sql, readers = _query(model, names, order, connection.vendor)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner_id, adapt(since), adapt(until)])
        stored = cursor.fetchall()
    rows = []
    for row in stored:
        cells = list(row)
        for i, read in readers:
            cells[i] = read(cells[i])
        rows.append(dict(zip(names, cells, strict=True)))
    return rows
