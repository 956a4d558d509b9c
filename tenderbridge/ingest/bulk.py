"""Fast bulk reads and writes for ingest: reserved primary keys, COPY or `executemany`, driver cursors.

Django's bulk_create builds one giant multi-row statement per batch; for the tens of thousands of rows an
ingest writes, building that SQL costs more than running it (measured: 16 of 40 s for 5,000 notices). Here
primary keys are reserved up front so children can point at their parents without reading ids back, and rows go
in the cheapest way each database has: on PostgreSQL one COPY per table and batch (one stream instead of a
statement per row), on SQLite one prepared statement run with `executemany`. Callers hold a transaction (on SQLite an IMMEDIATE one, so
MAX(id) cannot move underneath; on PostgreSQL the sequence hands out the ids).

Statements run on the driver's own cursor, not Django's wrapper: with DEBUG on, the wrapper re-quotes every
parameter of every statement to keep its SQL in `connection.queries` (7% of a batch's time for the IN lists
of a 1,000-release batch). Errors still surface as django.db errors (`wrap_database_errors`), which the
per-batch retry in services.py relies on.
"""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

JSON = "json"  # column kind: the value is an already-serialised JSON string
IN_CHUNK = 900  # values per IN (...) list: below SQLite's oldest variable limit (999)


@contextmanager
def _cursor():
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


def _sql(sql: str) -> str:
    """Our SQL is written with %s placeholders (psycopg's); the sqlite3 module wants ?."""
    return sql.replace("%s", "?") if connection.vendor == "sqlite" else sql


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model, count: int) -> list[int]:
    if count == 0:
        return []
    table = model._meta.db_table
    with _cursor() as cursor:
        if _postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def select_in(sql: str, values: Iterable, params: Sequence = ()) -> list[tuple]:
    """The rows of `sql`, whose `IN %s` is filled with `values` (in chunks); `params` come before them."""
    values = list(values)
    rows = []
    with _cursor() as cursor:
        for start in range(0, len(values), IN_CHUNK):
            part = values[start : start + IN_CHUNK]
            cursor.execute(_sql(sql.replace("IN %s", f"IN ({', '.join(['%s'] * len(part))})")), [*params, *part])
            rows += cursor.fetchall()
    return rows


def _names(columns: Sequence[str | tuple[str, str]]) -> list[str]:
    return [c if isinstance(c, str) else c[0] for c in columns]


def _placeholder(column: str | tuple[str, str]) -> str:
    return "%s::jsonb" if not isinstance(column, str) and column[1] == JSON and _postgres() else "%s"


def insert(model, columns: Sequence[str | tuple[str, str]], rows: list[tuple], *, triggered: bool = False) -> None:
    """INSERT rows; a column is a name, or (name, JSON) for a pre-serialised JSON value.

    `triggered`: the table has row triggers (on SQLite, the FTS5 index of search documents). They cost twice as much
    run once per statement as per row — FTS5 flushes its pending terms at each statement's end — so such rows go in
    hundreds to a statement."""
    if not rows:
        return
    table, names = model._meta.db_table, _names(columns)
    with _cursor() as cursor:
        if _postgres():
            # COPY's text format takes a JSON string for a jsonb column as it is.
            with cursor.copy(f'COPY "{table}" ({", ".join(names)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = f"({', '.join(_placeholder(c) for c in columns)})"
        sql = f'INSERT INTO "{table}" ({", ".join(names)}) VALUES '
        if not triggered:
            cursor.executemany(_sql(sql + marks), rows)
            return
        per_statement = IN_CHUNK // len(columns)
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            cursor.execute(_sql(sql + ", ".join([marks] * len(part))), [value for row in part for value in row])


def upsert(model, key: str, columns: Sequence[str | tuple[str, str]], rows: list[tuple]) -> None:
    """INSERT rows, or update the columns after the first (`key`, which must be unique) where the key exists."""
    if not rows:
        return
    names = _names(columns)
    marks = ", ".join(_placeholder(c) for c in columns)
    updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != key)
    sql = (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(names)}) VALUES ({marks}) '
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
    with _cursor() as cursor:
        cursor.executemany(_sql(sql), rows)


def update(model, columns: Sequence[str | tuple[str, str]], rows: list[tuple]) -> None:
    """UPDATE rows by id; each row is the column values followed by the id."""
    if not rows:
        return
    sets = ", ".join(f"{name} = {_placeholder(c)}" for name, c in zip(_names(columns), columns, strict=True))
    with _cursor() as cursor:
        cursor.executemany(_sql(f'UPDATE "{model._meta.db_table}" SET {sets} WHERE id = %s'), rows)


def set_where_in(model, column: str, value, ids: list[int]) -> None:
    """Set `column` to `value` on the rows with these ids where it is not that value yet (no needless writes)."""
    with _cursor() as cursor:
        for start in range(0, len(ids), IN_CHUNK):
            part = ids[start : start + IN_CHUNK]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                _sql(f'UPDATE "{model._meta.db_table}" SET {column} = %s WHERE {column} <> %s AND id IN ({marks})'),
                [value, value, *part],
            )


def delete_where_in(model, column: str, values: list) -> None:
    with _cursor() as cursor:
        for start in range(0, len(values), IN_CHUNK):
            part = values[start : start + IN_CHUNK]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(_sql(f'DELETE FROM "{model._meta.db_table}" WHERE {column} IN ({marks})'), part)


def dt(value):
    """A datetime as the database backend stores it."""
    return adapters()[0](value) if value is not None else None


def dec(value):
    return adapters()[1](value) if value is not None else None


def adapters():
    """(datetime, decimal) adapters of the connection's backend, each taking a value or None; made once per
    connection (and time zone). A batch of notices has tens of thousands of dates and amounts: each of Django's own
    calls went through the connection proxy, the settings and the backend's time zone again, so the store takes
    these once per batch."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    zone = wrapper.timezone
    found = getattr(wrapper, "_tenderbridge_bulk_adapters", None)
    if found is None or found[0] is not zone:
        ops = wrapper.ops
        datetimes = ops.adapt_datetimefield_value  # takes None too
        if wrapper.vendor == "sqlite" and settings.USE_TZ:

            def datetimes(value):  # as the backend does: naive in the connection's zone, then str()
                if value is None:
                    return None
                return str(value.astimezone(zone).replace(tzinfo=None) if value.utcoffset() is not None else value)

        def decimals(value):
            return None if value is None else ops.adapt_decimalfield_value(value, 20, 2)

        found = (zone, datetimes, decimals)
        wrapper._tenderbridge_bulk_adapters = found
    return found[1:]
