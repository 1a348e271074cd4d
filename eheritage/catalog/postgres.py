"""The catalog on PostgreSQL (`--catalog postgresql://USER@HOST:PORT/DATABASE`), through psycopg 3.

It runs the writer's and reader's SQL as SQLite runs it: each statement is rewritten
once (`?` and `:name` parameters become psycopg's `%s` and `%(name)s`, `group_concat`
becomes `string_agg`). Writers take a transaction-scoped advisory lock, PostgreSQL's
counterpart of SQLite's BEGIN IMMEDIATE: publishes of different scopes run side by side,
and their syncs land one after the other, each whole. Readers never wait for them, so
`serve` can run several workers on one database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import count
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from eheritage.catalog.errors import CatalogError
from eheritage.catalog.schema import script

#: The advisory lock every writer of a catalog database takes ("eher").
_WRITER_LOCK = 0x65686572
#: Rows a streamed query fetches at a time.
_STREAM_BATCH = 500
_TOKEN = re.compile(r"'(?:[^']|'')*'|\?|(?<![:\w]):([A-Za-z_]\w*)|%|\bgroup_concat\(")
_cursor_names = count()


@lru_cache(maxsize=512)
def translated(sql: str) -> str:
    """A statement written for SQLite, in psycopg's words; string literals are left alone."""

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.replace("%", "%%")
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token == "group_concat(":
            return "string_agg("
        return f"%({match.group(1)})s"

    return _TOKEN.sub(word, sql)


def without_password(url: str) -> str:
    """The URL as messages may show it."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urlunsplit(parts._replace(netloc=f"{netloc}:{parts.port}" if parts.port else netloc))


class PostgresDatabase:
    refused = (psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege)
    engine = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any], name: str) -> None:
        self._conn = conn
        self.name = name

    @classmethod
    def connect(cls, url: str, *, readonly: bool) -> PostgresDatabase:
        name = without_password(url)
        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
            raise CatalogError(f"cannot connect to the catalog database {name}: {reason}",
                               hint="check the URL (postgresql://USER@HOST:PORT/DATABASE), that the server runs, "
                                    "and that the database exists (createdb DATABASE)") from None
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
        return cls(conn, name)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> psycopg.Cursor[Any]:
        return self._conn.execute(translated(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self._conn.cursor()
        cursor.executemany(translated(sql), list(rows))
        return cursor

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        # A server-side cursor, held past the (autocommit) transaction: fetched a batch at a time.
        with self._conn.cursor(name=f"eheritage_stream_{next(_cursor_names)}", withhold=True) as cursor:
            cursor.itersize = _STREAM_BATCH
            cursor.execute(translated(sql), params)
            yield from cursor

    @staticmethod
    def stored(xml: str) -> str:
        return xml  # PostgreSQL compresses long text itself (TOAST)

    @staticmethod
    def payload(stored: str) -> str:
        return stored

    def begin_write(self) -> None:
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))

    def schema_version(self) -> int | None:
        # pg_tables, not to_regclass(): a name lookup may answer from this session's cache,
        # which does not yet know of tables another session has just made.
        made = "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'meta')"
        if not self._conn.execute(made).fetchone()[0]:
            return None
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def create(self, created: int) -> None:
        self.begin_write()
        try:
            if self.schema_version() is None:  # another process may have made it while this one waited
                self._conn.execute(script(self.engine, created).encode())
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()
