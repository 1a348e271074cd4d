"""The catalog's SQLite schema, versioned so a later release can migrate an old OUT folder.

Datestamps are stored as integer UTC seconds: they sort, compare and index cheaply, and
OAI-PMH's finest granularity is one second anyway.
"""

from __future__ import annotations

import sqlite3

from eheritage.catalog.model import DUBLIN_CORE

#: Bump when the tables change, and add a migration step to `ensure_schema`.
SCHEMA_VERSION = 1

_TABLES = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- `bit` is the format's flag in records.formats, and `records` counts the records having it
-- (deleted ones included), kept by the writer so a whole-list completeListSize costs nothing.
CREATE TABLE formats (
    prefix    TEXT PRIMARY KEY,
    schema    TEXT NOT NULL,
    namespace TEXT NOT NULL,
    bit       INTEGER NOT NULL UNIQUE,
    records   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sets (
    spec        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT
);
CREATE TABLE records (
    id           INTEGER PRIMARY KEY,
    identifier   TEXT NOT NULL UNIQUE,
    scope        TEXT NOT NULL,
    datestamp    INTEGER NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    -- One bit per format the record has a payload in: lists and counts filter on the
    -- index alone instead of probing the (wide) payloads table for every row.
    formats      INTEGER NOT NULL
);
-- The harvest order: every list request is a range scan of this index (keyset paging),
-- and completeListSize a count over it.
CREATE INDEX records_by_datestamp ON records (datestamp, identifier, formats);
CREATE INDEX records_by_scope ON records (scope);
CREATE TABLE record_sets (
    record_id INTEGER NOT NULL REFERENCES records (id),
    spec      TEXT NOT NULL,
    PRIMARY KEY (record_id, spec)
) WITHOUT ROWID;
-- Counting a set's records starts from its members, not from every record.
CREATE INDEX record_sets_by_spec ON record_sets (spec, record_id);
-- Kept for deleted records too, so an undelete or ListMetadataFormats still knows them.
CREATE TABLE payloads (
    record_id INTEGER NOT NULL REFERENCES records (id),
    prefix    TEXT NOT NULL,
    xml       TEXT NOT NULL,
    PRIMARY KEY (record_id, prefix)
) WITHOUT ROWID;
"""


def connect(path: str, *, readonly: bool) -> sqlite3.Connection:
    """A connection in autocommit mode; the writer opens its own transactions explicitly."""
    uri = f"file:{path}?mode=ro" if readonly else f"file:{path}?mode=rwc"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        # WAL lets the provider keep reading while a publish writes.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def stored_version(conn: sqlite3.Connection) -> int | None:
    """The schema version written in the file, or None for a new, empty file."""
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_meta:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def create(conn: sqlite3.Connection, created: int) -> None:
    """Lay the tables in a new file, with oai_dc registered: every OAI-PMH repository must offer it.

    One script in one transaction, so a file has either the whole schema and its version or nothing.
    """
    dc = DUBLIN_CORE
    conn.executescript(
        f"BEGIN IMMEDIATE;{_TABLES}"
        f"INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION:d}'), ('created', '{created:d}');"
        f"INSERT INTO formats (prefix, schema, namespace, bit) VALUES ('{dc.prefix}', '{dc.schema}', '{dc.namespace}', 0);"
        "COMMIT;"
    )
