"""The catalog's schema, versioned so a later release can migrate an old catalog.

Datestamps are stored as integer UTC seconds: they sort, compare and index cheaply, and
OAI-PMH's finest granularity is one second anyway. One schema for every backend, with
the few words engines disagree on filled in per engine (`_WORDS`): PostgreSQL compares
keys byte by byte only when told (`COLLATE "C"`), as SQLite always does, and keyset
paging and set matching depend on that order.
"""

from __future__ import annotations

from eheritage.catalog.model import DUBLIN_CORE

#: Bump when the tables change, and add the step from the version before to `MIGRATIONS`.
SCHEMA_VERSION = 2

_WORDS = {
    "sqlite": {"key": "TEXT", "int": "INTEGER", "without_rowid": " WITHOUT ROWID"},
    "postgresql": {"key": 'TEXT COLLATE "C"', "int": "BIGINT", "without_rowid": ""},
}

_TABLES = """
CREATE TABLE meta (
    key   {key} PRIMARY KEY,
    value TEXT NOT NULL
);
-- `bit` is the format's flag in records.formats, and `records` counts the records having it
-- (deleted ones included), kept by the writer so a whole-list completeListSize costs nothing.
CREATE TABLE formats (
    prefix    {key} PRIMARY KEY,
    schema    TEXT NOT NULL,
    namespace TEXT NOT NULL,
    bit       INTEGER NOT NULL UNIQUE,
    records   {int} NOT NULL DEFAULT 0
);
CREATE TABLE sets (
    spec        {key} PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT
);
CREATE TABLE records (
    id           {int} PRIMARY KEY,
    identifier   {key} NOT NULL UNIQUE,
    scope        {key} NOT NULL,
    datestamp    {int} NOT NULL,
    deleted      INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    -- One bit per format the record has a payload in: lists and counts filter on the
    -- index alone instead of probing the (wide) payloads table for every row.
    formats      {int} NOT NULL
);
-- The harvest order: every list request is a range scan of this index (keyset paging),
-- and completeListSize a count over it.
CREATE INDEX records_by_datestamp ON records (datestamp, identifier, formats);
-- A scope's live or deleted identifiers, in order, from the index alone (verify, withdrawn
-- records, the dashboard, a harvest's deletions).
CREATE INDEX records_by_scope ON records (scope, deleted, identifier);
CREATE TABLE record_sets (
    record_id {int} NOT NULL REFERENCES records (id),
    spec      {key} NOT NULL,
    PRIMARY KEY (record_id, spec)
){without_rowid};
-- Counting a set's records starts from its members, not from every record.
CREATE INDEX record_sets_by_spec ON record_sets (spec, record_id);
-- Kept for deleted records too, so an undelete or ListMetadataFormats still knows them.
CREATE TABLE payloads (
    record_id {int} NOT NULL REFERENCES records (id),
    prefix    {key} NOT NULL,
    xml       TEXT NOT NULL,
    PRIMARY KEY (record_id, prefix)
){without_rowid};
"""


#: version -> the statements that take a catalog of that version to the next, in `_WORDS`' terms.
#: `Catalog.open` runs the steps an older catalog needs, in one transaction, before any other use.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "DROP INDEX records_by_scope",
        "CREATE INDEX records_by_scope ON records (scope, deleted, identifier)",
    ),
}


def migration(engine: str, version: int) -> list[str]:
    """The statements taking a catalog of `version` to `SCHEMA_VERSION`, then recording that it did."""
    steps = [statement.format(**_WORDS[engine]) for step in range(version, SCHEMA_VERSION) for statement in MIGRATIONS[step]]
    return [*steps, f"UPDATE meta SET value = '{SCHEMA_VERSION:d}' WHERE key = 'schema_version'"]


def script(engine: str, created: int) -> str:
    """The tables, the schema version and oai_dc (every OAI-PMH repository must offer it), as one script."""
    dc = DUBLIN_CORE
    return (
        _TABLES.format(**_WORDS[engine])
        + f"INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION:d}'), ('created', '{created:d}');"
        f"INSERT INTO formats (prefix, schema, namespace, bit) VALUES ('{dc.prefix}', '{dc.schema}', '{dc.namespace}', 0);"
    )
