"""The reader side: keyset queries in harvest order (datestamp, identifier).

A page resumes strictly after the last (datestamp, identifier) it returned, which is a
range scan of one index: page 10,000 costs what page 1 costs, unlike OFFSET paging.
Whether a record has a format is a bit in that index, so neither lists nor counts
touch the payloads table except to fetch the XML of the rows actually returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from eheritage.catalog.database import Database
from eheritage.catalog.model import ABOUT, Header, ListQuery, Record

_NO_UPPER_BOUND = 2**62
_SETS_OF = "(SELECT group_concat(spec, ' ') FROM record_sets s WHERE s.record_id = r.id)"
_ABOUT_OF = f"(SELECT xml FROM payloads a WHERE a.record_id = r.id AND a.prefix = '{ABOUT}' || :prefix)"
# A set selects itself and its descendants: 'museum' takes 'museum:paintings' but not 'museums'.
_SPEC_MATCHES = "(s.spec = :set OR (s.spec > :set_lo AND s.spec < :set_hi))"


def start(query: ListQuery) -> tuple[int, str]:
    """The position just before the first record of `query`.

    `from` is folded into the keyset position rather than a separate bound, so SQLite
    seeks once with the row value; identifiers are never empty, so '' sorts first.
    """
    return (query.from_ if query.from_ is not None else -1, "")


def _params(conn: Database, query: ListQuery) -> dict[str, object] | None:
    """Query parameters, or None if the format is unknown (so nothing matches)."""
    row = conn.execute("SELECT bit FROM formats WHERE prefix = ?", (query.prefix,)).fetchone()
    if row is None:
        return None
    params: dict[str, object] = {
        "mask": 1 << row[0],
        "prefix": query.prefix,
        "from": start(query)[0],
        "until": query.until if query.until is not None else _NO_UPPER_BOUND,
    }
    if query.set_spec is not None:
        params.update(set=query.set_spec, set_lo=query.set_spec + ":", set_hi=query.set_spec + ";")
    return params


def list_page(
    conn: Database, query: ListQuery, *, after: tuple[int, str] | None, limit: int, with_xml: bool
) -> list[Record]:
    """Up to `limit` records of `query` strictly after position `after` (None: from the start)."""
    params = _params(conn, query)
    if params is None:
        return []
    after = after or start(query)
    params.update(after_d=after[0], after_i=after[1], limit=limit)
    xml = "(SELECT xml FROM payloads p WHERE p.record_id = r.id AND p.prefix = :prefix)" if with_xml else "NULL"
    about = _ABOUT_OF if with_xml else "NULL"
    in_set = ""
    if query.set_spec is not None:
        in_set = f" AND EXISTS (SELECT 1 FROM record_sets s WHERE s.record_id = r.id AND {_SPEC_MATCHES})"
    sql = (
        f"SELECT r.identifier, r.datestamp, r.deleted, {_SETS_OF}, {xml}, {about} FROM records r"
        " WHERE (r.datestamp, r.identifier) > (:after_d, :after_i) AND r.datestamp <= :until"
        f" AND (r.formats & :mask) <> 0{in_set}"
        " ORDER BY r.datestamp, r.identifier LIMIT :limit"
    )
    return [_record(row, conn.payload) for row in conn.execute(sql, params)]


def count(conn: Database, query: ListQuery) -> int:
    """How many records `query` selects in all (the completeListSize)."""
    if query.from_ is None and query.until is None and query.set_spec is None:
        row = conn.execute("SELECT records FROM formats WHERE prefix = ?", (query.prefix,)).fetchone()
        return row[0] if row else 0
    params = _params(conn, query)
    if params is None:
        return 0
    bounds = "r.datestamp >= :from AND r.datestamp <= :until AND (r.formats & :mask) <> 0"
    if query.set_spec is None:
        sql = f"SELECT count(*) FROM records r WHERE {bounds}"
    else:
        # From the set's members (a record may sit in a set and its subset: count it once).
        sql = (
            "SELECT count(DISTINCT r.id) FROM record_sets s JOIN records r ON r.id = s.record_id"
            f" WHERE {_SPEC_MATCHES} AND {bounds}"
        )
    return conn.execute(sql, params).fetchone()[0]


def get_record(conn: Database, identifier: str, prefix: str) -> Record | None:
    """The record in format `prefix`, or None if it does not exist in that format."""
    row = conn.execute(
        f"SELECT r.identifier, r.datestamp, r.deleted, {_SETS_OF}, p.xml, {_ABOUT_OF} FROM records r"
        " JOIN payloads p ON p.record_id = r.id AND p.prefix = :prefix WHERE r.identifier = :identifier",
        {"prefix": prefix, "identifier": identifier},
    ).fetchone()
    return _record(row, conn.payload) if row else None


def formats_of(conn: Database, identifier: str) -> list[str] | None:
    """The prefixes a record is available in, or None if there is no such record."""
    row = conn.execute("SELECT formats FROM records WHERE identifier = ?", (identifier,)).fetchone()
    if row is None:
        return None
    bits = conn.execute("SELECT prefix, bit FROM formats ORDER BY prefix").fetchall()
    return [prefix for prefix, bit in bits if row[0] & (1 << bit)]


def live(conn: Database, scope: str) -> list[str]:
    """The identifiers of `scope`'s records that are not deleted."""
    return [row[0] for row in conn.execute("SELECT identifier FROM records WHERE scope = ? AND deleted = 0 ORDER BY identifier", (scope,))]


def payloads(conn: Database, scope: str, prefix: str) -> Iterator[str]:
    """The payloads in `prefix` of `scope`'s live records."""
    rows = conn.stream("SELECT p.xml FROM records r JOIN payloads p ON p.record_id = r.id AND p.prefix = ?"
                       " WHERE r.scope = ? AND r.deleted = 0", (prefix, scope))
    payload = conn.payload
    return (payload(row[0]) for row in rows)


def withdrawn(conn: Database, scope: str) -> list[tuple[str, int]]:
    """(identifier, datestamp of deletion) of the deleted records of `scope`."""
    return conn.execute(
        "SELECT identifier, datestamp FROM records WHERE scope = ? AND deleted = 1 ORDER BY identifier", (scope,)
    ).fetchall()


def earliest_datestamp(conn: Database) -> int | None:
    """The oldest datestamp of any record, deleted ones included, or None when empty."""
    return conn.execute("SELECT min(datestamp) FROM records").fetchone()[0]


def _record(row: tuple, payload: Callable[[Any], str]) -> Record:
    identifier, datestamp, deleted, sets, xml, about = row
    header = Header(identifier, datestamp, bool(deleted), tuple(sets.split(" ")) if sets else ())
    if deleted:
        return Record(header, None, None)
    return Record(header, None if xml is None else payload(xml), None if about is None else payload(about))
