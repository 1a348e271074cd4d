"""`Catalog`: the one object through which publish writes and the provider reads the catalog
(`OUT/catalog.sqlite`, or a PostgreSQL database: `eheritage.catalog.database`)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from eheritage.catalog import reader, schema, writer
from eheritage.catalog.database import Database, open_database
from eheritage.catalog.errors import CatalogError
from eheritage.catalog.model import (
    EMAIL,
    METADATA_PREFIX,
    SET_SPEC,
    CatalogEntry,
    ListQuery,
    MetadataFormat,
    Record,
    RepositoryInfo,
    SetInfo,
    SyncCounts,
)
from eheritage.catalog.xmltext import strip_illegal
from eheritage.progress import Progress

_REPOSITORY_KEYS = ("name", "base_url", "admin_email", "namespace")
#: records.formats is a signed 64-bit integer.
_MAX_FORMAT_BIT = 62


def utc_seconds(moment: datetime | None = None) -> int:
    """A moment (default: now) as whole UTC seconds, the datestamp granularity."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        raise ValueError("datestamps need an aware datetime (UTC); got a naive one")
    return int(moment.timestamp())


class Catalog:
    """An open catalog. Not shared across threads: open one per thread (both backends allow many readers)."""

    def __init__(self, db: Database) -> None:
        self._conn = db
        self.name = db.name

    @classmethod
    def open(cls, target: Path | str, *, readonly: bool = False) -> Catalog:
        """Open the catalog `target` names (an OUT folder or its catalog file, or a
        `postgresql://` URL), creating it unless `readonly`."""
        db = open_database(target, readonly=readonly)
        version = db.schema_version()
        if version is None and not readonly:
            db.create(utc_seconds())
        elif version is not None and version < schema.SCHEMA_VERSION and not readonly:
            cls(db)._migrate()
        elif version != schema.SCHEMA_VERSION:
            db.close()
            raise _unreadable(db.name, version)
        return cls(db)

    def _migrate(self) -> None:
        """Bring an older catalog to this schema, all steps or none; another process may
        have done it while this one waited for the writer's lock."""
        with self._transaction():
            version = self._conn.schema_version()
            if version is not None and version < schema.SCHEMA_VERSION:
                for statement in schema.migration(self._conn.engine, version):
                    self._conn.execute(statement)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- repository identity -------------------------------------------------------------

    def set_repository(self, info: RepositoryInfo) -> None:
        """Record the repository's identity (publish calls this on every run).

        A new namespace re-keys every record, so its records' identifiers under the old one
        become deleted records and the live ones are stamped anew: a harvester sees the change
        as deletions and additions, and ends up with no duplicates.
        """
        if info.admin_email and not EMAIL.fullmatch(info.admin_email):
            raise CatalogError(
                f"admin e-mail {info.admin_email!r} is not an address OAI-PMH accepts",
                hint="use a full address such as collections@museum.example.org",
            )
        values = {"name": strip_illegal(info.name), "base_url": info.base_url, "namespace": info.namespace}
        if info.admin_email:
            values["admin_email"] = info.admin_email
        before = self.repository()
        with self._transaction():
            if before is not None and before.namespace != info.namespace:
                writer.retire_namespace(self._conn, before, now=utc_seconds())
            self._set_meta({f"repository.{key}": value for key, value in values.items()})

    def repository(self) -> RepositoryInfo | None:
        """The identity publish recorded, or None if none was."""
        meta = self._meta([f"repository.{key}" for key in _REPOSITORY_KEYS])
        if "repository.base_url" not in meta or "repository.namespace" not in meta:
            return None  # never recorded, or (before writes were atomic) cut short
        return RepositoryInfo(**{key: meta.get(f"repository.{key}") or "" for key in _REPOSITORY_KEYS})

    def earliest_datestamp(self) -> int:
        """The oldest datestamp; a catalog's creation time while it holds no records."""
        earliest = reader.earliest_datestamp(self._conn)
        return earliest if earliest is not None else int(self._meta(["created"])["created"])

    def token_secret(self) -> bytes:
        """The key that signs resumption tokens, generated once so tokens survive restarts."""
        stored = self._meta(["token_secret"]).get("token_secret")
        if stored is None:
            try:
                self._conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('token_secret', ?) ON CONFLICT DO NOTHING", (secrets.token_hex(32),)
                )
            except self._conn.refused as err:
                raise CatalogError(
                    f"cannot store a token secret in {self.name}: {err}",
                    hint="make the catalog writable once, or set `secret` in the [serve] table of the config",
                ) from None
            stored = self._meta(["token_secret"])["token_secret"]
        return bytes.fromhex(stored)

    # -- formats and sets ----------------------------------------------------------------

    def register_format(self, fmt: MetadataFormat) -> None:
        """Offer a metadata format (oai_dc is built in); re-registering updates it."""
        if not METADATA_PREFIX.fullmatch(fmt.prefix):
            raise CatalogError(
                f"metadata prefix {fmt.prefix!r} is not valid in OAI-PMH",
                hint="use letters, digits and -_.!~*'()",
            )
        bit = self._conn.execute("SELECT coalesce(max(bit), -1) + 1 FROM formats").fetchone()[0]
        if bit > _MAX_FORMAT_BIT and fmt.prefix not in self.format_bits():
            raise CatalogError(f"cannot register {fmt.prefix!r}: a catalog holds at most {_MAX_FORMAT_BIT + 1} formats")
        self._conn.execute(
            "INSERT INTO formats (prefix, schema, namespace, bit) VALUES (?, ?, ?, ?) ON CONFLICT (prefix)"
            " DO UPDATE SET schema = excluded.schema, namespace = excluded.namespace",
            (fmt.prefix, fmt.schema, fmt.namespace, bit),
        )

    def formats(self) -> list[MetadataFormat]:
        rows = self._conn.execute("SELECT prefix, schema, namespace FROM formats ORDER BY prefix")
        return [MetadataFormat(*row) for row in rows]

    def format_bits(self) -> dict[str, int]:
        """prefix -> the format's flag in each record's format mask."""
        return dict(self._conn.execute("SELECT prefix, bit FROM formats").fetchall())

    def formats_of(self, identifier: str) -> list[MetadataFormat] | None:
        """The formats one record is available in, or None if there is no such record."""
        prefixes = reader.formats_of(self._conn, identifier)
        if prefixes is None:
            return None
        return [fmt for fmt in self.formats() if fmt.prefix in prefixes]

    def define_set(self, info: SetInfo) -> None:
        """Name (or rename) a set; sets records mention are created anyway, named by their last part."""
        if not SET_SPEC.fullmatch(info.spec):
            raise CatalogError(
                f"set {info.spec!r} is not a valid OAI-PMH setSpec",
                hint="use letters, digits and -_.!~*'() in each part, parts joined by ':' (museum:paintings)",
            )
        description = strip_illegal(info.description) if info.description else None
        self._conn.execute(
            "INSERT INTO sets (spec, name, description) VALUES (?, ?, ?) ON CONFLICT (spec)"
            " DO UPDATE SET name = excluded.name, description = excluded.description",
            (info.spec, strip_illegal(info.name), description),
        )

    def sets(self) -> list[SetInfo]:
        return [SetInfo(*row) for row in self._conn.execute("SELECT spec, name, description FROM sets ORDER BY spec")]

    # -- writing records -----------------------------------------------------------------

    def sync(
        self,
        entries: Iterable[CatalogEntry],
        *,
        scope: str,
        now: datetime | None = None,
        progress: Progress | None = None,
        keep: Sequence[str] = (),
        serialised: bool = False,
        sweep: bool = True,
    ) -> SyncCounts:
        """Make the records of `scope` exactly `entries`, in one transaction.

        New and changed records get datestamp `now`; unchanged ones keep theirs; records of
        `scope` missing from `entries` are marked deleted (datestamp `now`), never dropped,
        unless named in `keep` (rows held back this run), which stay exactly as they were;
        without `sweep` every record `entries` leave out stays so (an incremental harvest
        lists only what changed).
        An identifier that another scope owns raises `ClaimError`, before anything changes.
        `serialised` says every payload was written by lxml from a parsed tree (as a harvester's
        are), so well-formed and free of XML-illegal characters: it is not parsed again.
        """
        total = len(entries) if isinstance(entries, Sized) else 0
        return writer.sync(
            self._conn,
            entries,
            scope=scope,
            now=utc_seconds(now),
            format_bits=self.format_bits(),
            total=total,
            progress=progress,
            keep=keep,
            serialised=serialised,
            sweep=sweep,
        )

    def claimed_elsewhere(self, identifiers: Sequence[str], scope: str) -> dict[str, str]:
        """{identifier: owning scope} for those of `identifiers` another scope owns."""
        return writer.claimed_elsewhere(self._conn, identifiers, scope)

    # -- reading records -----------------------------------------------------------------

    def list_page(
        self, query: ListQuery, *, after: tuple[int, str] | None = None, limit: int, with_xml: bool = True
    ) -> list[Record]:
        """Up to `limit` records of `query` strictly after the (datestamp, identifier) `after`.

        `after` is the last header of the previous page; None starts at the beginning.
        """
        return reader.list_page(self._conn, query, after=after, limit=limit, with_xml=with_xml)

    def count(self, query: ListQuery) -> int:
        return reader.count(self._conn, query)

    def get_record(self, identifier: str, prefix: str) -> Record | None:
        return reader.get_record(self._conn, identifier, prefix)

    def identifiers(self, scope: str) -> list[str]:
        """The identifiers of `scope`'s live records."""
        return reader.live(self._conn, scope)

    def payloads(self, scope: str, prefix: str) -> Iterator[str]:
        """The payloads in format `prefix` of `scope`'s live records, streamed (flat memory),
        for whoever sums up a whole scope without its headers."""
        return reader.payloads(self._conn, scope, prefix)

    def delete(self, identifiers: Sequence[str], scope: str, *, now: int | None = None) -> int:
        """Mark those of `identifiers` that are live records of `scope` deleted; how many were.

        For a harvester told of deletions; `sync` deletes what a full list leaves out."""
        return writer.delete(self._conn, identifiers, scope=scope, now=utc_seconds() if now is None else now)

    def withdrawn(self, scope: str) -> list[tuple[str, int]]:
        """(identifier, when it was deleted, UTC seconds) for the deleted records of `scope`."""
        return reader.withdrawn(self._conn, scope)

    # -- meta table ----------------------------------------------------------------------

    def _meta(self, keys: list[str]) -> dict[str, str]:
        marks = ",".join("?" * len(keys))
        return dict(self._conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys).fetchall())

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All of the block's writes or none: a full disk mid-way must not leave half an identity."""
        self._conn.begin_write()
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _set_meta(self, values: dict[str, str]) -> None:
        self._conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )


def _unreadable(name: str, version: int | None) -> CatalogError:
    if version is None:
        return CatalogError(f"the catalog {name} is empty: nothing was published or harvested into it",
                            hint="run eheritage publish or eheritage harvest into it first")
    if version > schema.SCHEMA_VERSION:
        return CatalogError(f"the catalog {name} has schema version {version}, newer than this eheritage "
                            f"reads ({schema.SCHEMA_VERSION})", hint="upgrade eheritage: pip install -U eheritage")
    return CatalogError(f"the catalog {name} has schema version {version}, older than this eheritage reads "
                        f"({schema.SCHEMA_VERSION}), and was opened read-only",
                        hint="run a command that writes it once (eheritage publish or harvest) to upgrade it")
