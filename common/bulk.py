"""COPY-based bulk insert, for imports of hundreds of thousands of rows.

``bulk_create`` spends most of its time preparing parameters in Python; PostgreSQL's
COPY takes the rows as they are (measured in docs/performance.md). Triggers fire as
for INSERT, so the statement-level audit history is written as usual.
"""

import functools
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone


def copy_insert(model, objs: Iterable, fields: list[str]) -> int:
    """Insert ``objs`` (unsaved model instances) with COPY; ``created_at``/``updated_at`` are set to now.

    Only ``fields`` are written (the others take their database defaults); no ids are
    returned: callers that need them select the rows back by a natural key.
    """
    concrete = [model._meta.get_field(name) for name in fields]
    stamped = [f for f in ("created_at", "updated_at") if f not in fields and _has(model, f)]
    columns = [f.column for f in concrete] + stamped
    now = timezone.now()
    attnames = [f.attname for f in concrete]
    sql = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(model._meta.db_table), ", ".join(connection.ops.quote_name(c) for c in columns))
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        tail = (now,) * len(stamped)
        for obj in objs:
            copy.write_row((*(getattr(obj, a) for a in attnames), *tail))
            written += 1
    return written


def _has(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def allocate_ids(model, count: int) -> list[int]:
    """Take ``count`` ids from the sequence of ``model``'s primary key (for rows that refer to each other)."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [r[0] for r in cursor.fetchall()]


@functools.cache
def _attnames(model) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields)


def build(model, values: dict):
    """An unsaved ``model`` instance from attribute names (``area_id``…), built positionally.

    This is how Django builds rows read from the database: about a third of the cost of
    keyword arguments, which counts at 100,000 rows. Missing attributes are None.
    """
    return model(*[values.get(name) for name in _attnames(model)])
