"""Where a catalog lives: the database backends, behind one small protocol.

The writer and reader speak one SQL, written as SQLite takes it (`?` and `:name`
parameters, `group_concat`); each backend runs it as its engine needs. A backend is
chosen by what names the catalog: a path (an OUT folder or its `catalog.sqlite`) is
SQLite, the embedded default; a `postgresql://` URL is PostgreSQL (`eheritage.catalog.postgres`,
loaded only then). New backends register a URL scheme in `BACKENDS`.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

#: The catalog's file name inside a publish's OUT folder.
CATALOG_NAME = "catalog.sqlite"


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> tuple[Any, ...] | None: ...

    def fetchall(self) -> list[tuple[Any, ...]]: ...

    def __iter__(self) -> Iterator[tuple[Any, ...]]: ...


class Database(Protocol):
    """A connection to one catalog, in autocommit mode: the writer opens its own transactions."""

    #: What to call it in messages: a file path, or a URL without its password.
    name: str
    #: Which SQL dialect the schema is laid in (`eheritage.catalog.schema`): sqlite, postgresql.
    engine: str
    #: What the engine raises when a write is refused (a read-only file or connection).
    refused: tuple[type[Exception], ...]

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor: ...

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows fetched as they are read, not all at once: for whole scopes."""
        ...

    def begin_write(self) -> None:
        """Open a transaction that writers of one catalog take one at a time."""
        ...

    def schema_version(self) -> int | None:
        """The schema version stored, or None for a new, empty catalog."""
        ...

    def create(self, created: int) -> None:
        """Lay the tables in a new catalog, in one transaction."""
        ...

    def stored(self, xml: str) -> Any:
        """A payload as this engine keeps it (compressed, where the engine would not)."""
        ...

    def payload(self, stored: Any) -> str:
        """A payload's text, from what `stored` made of it (or an older catalog wrote)."""
        ...

    def close(self) -> None: ...


class SqliteDatabase:
    """The embedded default: one file, `OUT/catalog.sqlite`, in WAL mode so the provider
    keeps reading while a publish writes."""

    refused = (sqlite3.OperationalError,)
    engine = "sqlite"

    def __init__(self, path: Path, *, readonly: bool) -> None:
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}?mode=rwc"
        self.name = str(path)
        self._conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        # The hot paths call these per page and per batch: no wrapper in between.
        self.execute: Callable[..., Cursor] = self._conn.execute
        self.executemany: Callable[..., Cursor] = self._conn.executemany

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        return iter(self._conn.execute(sql, params))  # SQLite steps through rows as they are read

    def begin_write(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def schema_version(self) -> int | None:
        if not self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone():
            return None
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def create(self, created: int) -> None:
        from eheritage.catalog.schema import script  # the DDL, in this engine's words

        self._conn.executescript(f"BEGIN IMMEDIATE;{script(self.engine, created)}COMMIT;")

    @staticmethod
    def stored(xml: str) -> bytes:
        """zlib at its fastest level: SQLite keeps text as it is, and a record's three payloads
        (14 KB) became 3.8 KB. Uncompressed, 100,000 records took 1.87 GB, and as much again
        in the WAL while the publish that wrote them was open."""
        return zlib.compress(xml.encode("utf-8"), 1)

    @staticmethod
    def payload(stored: bytes | str) -> str:
        # text: written before payloads were compressed; a column's type does not bind SQLite
        return stored if stored.__class__ is str else zlib.decompress(stored).decode("utf-8")  # type: ignore[union-attr]

    def close(self) -> None:
        self._conn.close()


def open_sqlite(target: str | Path, *, readonly: bool) -> Database:
    from eheritage.catalog.errors import CatalogError

    path = Path(target)
    path = path / CATALOG_NAME if path.is_dir() else path
    if readonly and not path.is_file():
        raise CatalogError(f"no catalog at {path}", hint="run `eheritage publish` to create OUT/catalog.sqlite")
    try:
        return SqliteDatabase(path, readonly=readonly)
    except sqlite3.DatabaseError as err:
        raise CatalogError(f"cannot open the catalog {path}: {err}", hint="is it an eheritage catalog?") from None


def open_postgres(target: str | Path, *, readonly: bool) -> Database:
    try:
        from eheritage.catalog.postgres import PostgresDatabase  # only then: psycopg is needed for it alone
    except ImportError:
        from eheritage.catalog.errors import CatalogError

        raise CatalogError("a postgresql:// catalog needs psycopg, which is not installed",
                           hint="pip install 'eheritage[postgresql]'") from None

    return PostgresDatabase.connect(str(target), readonly=readonly)


#: URL scheme -> how to open a catalog there; anything else is a SQLite path.
BACKENDS: dict[str, Callable[..., Database]] = {"postgresql": open_postgres, "postgres": open_postgres}


def open_database(target: str | Path, *, readonly: bool) -> Database:
    """The catalog named by `target`: a `postgresql://` URL, or a path (SQLite)."""
    if "://" not in str(target):
        return open_sqlite(target, readonly=readonly)
    scheme = str(target).split("://", 1)[0]
    if scheme not in BACKENDS:
        from eheritage.catalog.errors import CatalogError

        raise CatalogError(f"no catalog backend for {scheme}:// URLs",
                           hint=f"give a folder (SQLite) or a URL starting {' or '.join(f'{s}://' for s in BACKENDS)}")
    return BACKENDS[scheme](target, readonly=readonly)

