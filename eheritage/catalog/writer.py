"""The writer side: one `sync` per published scope, in one transaction.

Datestamps move only when content does, so incremental harvests fetch exactly what
changed; records that vanish from a scope become deleted records, never silent gaps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from lxml import etree

from eheritage.catalog.database import Database
from eheritage.catalog.errors import CatalogError, ClaimError, DuplicateError
from eheritage.catalog.model import (
    ABOUT,
    RETIRED,
    SET_SPEC,
    CatalogEntry,
    RepositoryInfo,
    SyncCounts,
)
from eheritage.catalog.xmltext import clean_payload, has_illegal
from eheritage.progress import Progress

#: Entries per executemany round trip: large enough to amortise, small enough for memory.
#: An entry's payloads are ~27 KB as Python text (Cyrillic makes str 2 bytes a character),
#: so 1000 hold ~30 MB; 5000 held 140 MB and dominated a publish's peak.
BATCH = 1000
#: SQLite host-parameter budget per `IN (...)` lookup.
_LOOKUP_CHUNK = 900


@dataclass(frozen=True)
class _Prepared:
    """An entry after checking and cleaning, ready to store."""

    identifier: str
    sets: tuple[str, ...]
    payloads: tuple[tuple[str, str], ...]
    #: The content hash with the set memberships: moving a record between sets changes its
    #: header, so harvesters of a set must see a new datestamp too.
    fingerprint: str
    #: One bit per format in `payloads` (formats.bit).
    mask: int


def sync(
    conn: Database,
    entries: Iterable[CatalogEntry],
    *,
    scope: str,
    now: int,
    format_bits: dict[str, int],
    total: int = 0,
    progress: Progress | None = None,
    keep: Sequence[str] = (),
    serialised: bool = False,
    sweep: bool = True,
) -> SyncCounts:
    """Make the catalog's records of `scope` match `entries`, stamping changes with `now`.

    `total` is how many entries there are (0 if unknown), for the progress callback.
    Records named in `keep` stay as they are: neither updated nor deleted; without `sweep`,
    so do all that `entries` leave out.
    """
    conn.begin_write()
    try:
        counts = _sync_in_transaction(
            conn, entries, scope=scope, now=now, bits=format_bits, total=total, progress=progress, keep=keep,
            clean=_serialised if serialised else clean_payload, sweep=sweep,
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return counts


def _sync_in_transaction(
    conn: Database,
    entries: Iterable[CatalogEntry],
    *,
    scope: str,
    now: int,
    bits: dict[str, int],
    total: int,
    progress: Progress | None,
    keep: Sequence[str],
    clean: Callable[[str], str],
    sweep: bool,
) -> SyncCounts:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen (identifier TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM seen")
    _mark_seen(conn, list(dict.fromkeys(keep)))
    next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM records").fetchone()[0]
    new = changed = unchanged = done = 0
    specs: set[str] = set()
    for batch in _batches(entries, BATCH):
        prepared = [_prepare(entry, bits, clean) for entry in batch]
        _mark_seen(conn, [p.identifier for p in prepared])
        existing = _lookup(conn, [p.identifier for p in prepared])
        fresh, edited = [], []
        for item in prepared:
            specs.update(item.sets)
            old = existing.get(item.identifier)
            if old is not None and old[3] != scope:
                raise ClaimError(item.identifier, old[3], scope)
            if old is None:
                fresh.append((next_id, item))
                next_id += 1
            elif old[1] != item.fingerprint or old[2]:
                edited.append((old[0], item))
            else:
                unchanged += 1
        _insert(conn, fresh, scope, now)
        _replace(conn, edited, scope, now)
        new += len(fresh)
        changed += len(edited)
        done += len(prepared)
        if progress:
            progress(done, total, prepared[-1].identifier)
    deleted = 0
    if sweep:
        deleted = conn.execute(
            "UPDATE records SET deleted = 1, datestamp = ? WHERE scope = ? AND deleted = 0"
            # An anti-join: PostgreSQL runs NOT IN over a subquery larger than work_mem row by row.
            " AND NOT EXISTS (SELECT 1 FROM seen WHERE seen.identifier = records.identifier)",
            (now, scope),
        ).rowcount
    _ensure_sets(conn, specs)
    _count_formats(conn)
    return SyncCounts(new=new, changed=changed, unchanged=unchanged, deleted=deleted)


def claimed_elsewhere(conn: Database, identifiers: Sequence[str], scope: str) -> dict[str, str]:
    """{identifier: owning scope} for those of `identifiers` that another scope owns.

    Only those rows are fetched: a catalogue published again names every record it holds."""
    claimed: dict[str, str] = {}
    for chunk, marks in _in_chunks(identifiers):
        claimed.update(conn.execute(f"SELECT identifier, scope FROM records WHERE identifier IN ({marks}) AND scope <> ?",
                                    [*chunk, scope]))
    return claimed


def _batches(entries: Iterable[CatalogEntry], size: int) -> Iterator[list[CatalogEntry]]:
    iterator = iter(entries)
    while batch := list(islice(iterator, size)):
        yield batch


def _serialised(xml: str) -> str:
    """A payload lxml wrote from a parsed tree: well-formed and free of XML-illegal characters
    by construction (the parser refuses them, even as character references)."""
    return xml.strip()


def _prepare(entry: CatalogEntry, bits: dict[str, int], clean: Callable[[str], str]) -> _Prepared:
    """Check an entry and clean its XML, naming the record and field in any refusal."""
    ident = entry.identifier
    if not ident or ident != ident.strip() or has_illegal(ident):
        raise CatalogError(
            f"record identifier {ident!r} is empty, padded with spaces or holds control characters",
            hint="fix the identifier column of that catalogue row",
        )
    sets, in_fingerprint, invalid = _memberships(tuple(entry.sets))
    if invalid is not None:
        raise CatalogError(
            f"record {ident}: set {invalid!r} is not a valid OAI-PMH setSpec",
            hint="use letters, digits and -_.!~*'() in each part, parts joined by ':' (museum:paintings)",
        )
    payloads, mask = [], 0
    for prefix, xml in entry.formats.items():
        if prefix not in bits:
            raise CatalogError(
                f"record {ident}: metadata format {prefix!r} is not registered in the catalog",
                hint="register it first with Catalog.register_format()",
            )
        try:
            payloads.append((prefix, clean(xml)))
        except etree.XMLSyntaxError as err:
            raise CatalogError(
                f"record {ident}: the {prefix} metadata is not well-formed XML ({err})",
                hint="this is a bug in the renderer of that format; please report it",
            ) from None
        mask |= 1 << bits[prefix]
    for prefix, about in entry.about.items():
        try:
            payloads.append((ABOUT + prefix, clean(about)))
        except etree.XMLSyntaxError as err:
            raise CatalogError(f"record {ident}: its <about> in {prefix} is not well-formed XML ({err})",
                               hint="this is a bug in what builds it; please report it") from None
    return _Prepared(ident, sets, tuple(payloads), f"{entry.content_hash} {in_fingerprint}", mask)


@lru_cache(maxsize=4096)
def _memberships(sets: tuple[str, ...]) -> tuple[tuple[str, ...], str, str | None]:
    """(the sets without repeats, their part of the fingerprint, the first that is no valid
    setSpec): worked out once per combination, since most records share theirs."""
    invalid = next((spec for spec in sets if not SET_SPEC.fullmatch(spec)), None)
    unique = tuple(dict.fromkeys(sets))
    return unique, " ".join(sorted(unique)), invalid


def _mark_seen(conn: Database, identifiers: Sequence[str]) -> None:
    """Remember this run's identifiers (for the deletion sweep) and refuse duplicates.

    Looked for before inserting: on PostgreSQL a failed insert would end the transaction."""
    if len(set(identifiers)) != len(identifiers):
        raise DuplicateError(_first_repeat(identifiers))
    for chunk, marks in _in_chunks(identifiers):
        found = conn.execute(f"SELECT identifier FROM seen WHERE identifier IN ({marks})", chunk).fetchone()
        if found:
            raise DuplicateError(found[0])
    conn.executemany("INSERT INTO seen (identifier) VALUES (?)", [(i,) for i in identifiers])


def _first_repeat(identifiers: Sequence[str]) -> str:
    seen_here: set[str] = set()
    for ident in identifiers:
        if ident in seen_here:
            return ident
        seen_here.add(ident)
    raise ValueError("no identifier repeats")


def _in_chunks(identifiers: Sequence[str]) -> Iterator[tuple[Sequence[str], str]]:
    """`identifiers` a chunk at a time, each with its `?,?,...` for an IN list (SQLite caps parameters)."""
    for start in range(0, len(identifiers), _LOOKUP_CHUNK):
        chunk = identifiers[start : start + _LOOKUP_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


def _lookup(conn: Database, identifiers: Sequence[str]) -> dict[str, tuple[int, str, int, str]]:
    """identifier -> (id, content_hash, deleted, scope) for those already stored."""
    found: dict[str, tuple[int, str, int, str]] = {}
    for chunk, marks in _in_chunks(identifiers):
        rows = conn.execute(
            f"SELECT identifier, id, content_hash, deleted, scope FROM records WHERE identifier IN ({marks})", chunk
        )
        found.update((row[0], row[1:]) for row in rows)
    return found


def _insert(conn: Database, items: list[tuple[int, _Prepared]], scope: str, now: int) -> None:
    conn.executemany(
        "INSERT INTO records (id, identifier, scope, datestamp, deleted, content_hash, formats)"
        " VALUES (?, ?, ?, ?, 0, ?, ?)",
        [(rid, item.identifier, scope, now, item.fingerprint, item.mask) for rid, item in items],
    )
    _insert_children(conn, items)


def _replace(conn: Database, items: list[tuple[int, _Prepared]], scope: str, now: int) -> None:
    """Changed or returning records: new datestamp, undeleted, payloads and sets replaced."""
    if not items:
        return
    conn.executemany(
        "UPDATE records SET scope = ?, datestamp = ?, deleted = 0, content_hash = ?, formats = ? WHERE id = ?",
        [(scope, now, item.fingerprint, item.mask, rid) for rid, item in items],
    )
    ids = [(rid,) for rid, _ in items]
    conn.executemany("DELETE FROM payloads WHERE record_id = ?", ids)
    conn.executemany("DELETE FROM record_sets WHERE record_id = ?", ids)
    _insert_children(conn, items)


def _insert_children(conn: Database, items: list[tuple[int, _Prepared]]) -> None:
    stored = conn.stored
    conn.executemany(
        "INSERT INTO payloads (record_id, prefix, xml) VALUES (?, ?, ?)",
        [(rid, prefix, stored(xml)) for rid, item in items for prefix, xml in item.payloads],
    )
    conn.executemany(
        "INSERT INTO record_sets (record_id, spec) VALUES (?, ?)",
        [(rid, spec) for rid, item in items for spec in item.sets],
    )


def _ensure_sets(conn: Database, specs: set[str]) -> None:
    """Every set a record names, and each of its ancestors, appears in ListSets.

    Sets the publish did not define get their last part as a name; `define_set` renames them.
    """
    every = {":".join(spec.split(":")[: depth + 1]) for spec in specs for depth in range(spec.count(":") + 1)}
    conn.executemany(
        "INSERT INTO sets (spec, name) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(spec, spec.rsplit(":", 1)[-1]) for spec in sorted(every)],
    )


def delete(conn: Database, identifiers: Sequence[str], *, scope: str, now: int) -> int:
    """Mark those of `identifiers` that are live records of `scope` deleted, stamped `now`; how many were."""
    conn.begin_write()
    try:
        done = 0
        for chunk, marks in _in_chunks(identifiers):
            done += conn.execute(
                f"UPDATE records SET deleted = 1, datestamp = ? WHERE scope = ? AND deleted = 0"
                f" AND identifier IN ({marks})", (now, scope, *chunk)).rowcount
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return done


def retire_namespace(conn: Database, former: RepositoryInfo, *, now: int) -> None:
    """Keep every live record's identifier under `former`'s namespace as a deleted record
    (in the same sets), and stamp the live records `now`; inside the caller's transaction."""
    current = "deleted = 0 AND identifier NOT LIKE ?"
    live = conn.execute(f"SELECT id, identifier, formats FROM records WHERE {current}", (RETIRED + "%",)).fetchall()
    for record_id, identifier, formats in live:
        added = conn.execute(
            "INSERT INTO records (id, identifier, scope, datestamp, deleted, content_hash, formats)"
            " SELECT coalesce(max(id), 0) + 1, ?, ?, ?, 1, '', ? FROM records WHERE true ON CONFLICT DO NOTHING RETURNING id",
            (RETIRED + former.oai_identifier(identifier), f"retired:{former.namespace}", now, formats),
        ).fetchone()
        if added:
            conn.execute("INSERT INTO record_sets (record_id, spec) SELECT ?, spec FROM record_sets WHERE record_id = ?",
                         (added[0], record_id))
    conn.execute(f"UPDATE records SET datestamp = ? WHERE {current}", (now, RETIRED + "%"))
    _count_formats(conn)


def _count_formats(conn: Database) -> None:
    """Each format's record count, kept for completeListSize (BIGINT: a mask holds 63 formats)."""
    conn.execute("UPDATE formats SET records = (SELECT count(*) FROM records"
                 " WHERE (formats & (CAST(1 AS BIGINT) << formats.bit)) <> 0)")
