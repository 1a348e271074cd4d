"""One source's harvest on its way in: a SQLite file beside the national catalog.

A fetching process writes it (`StagingWriter`) while this process reads it (`Staging`),
so a source can be stored while it is still arriving, and memory stays flat however
large the source. It lives in `NAT/.eheritage/harvest/<source>.staging` and is removed
once stored; a run that was killed leaves one behind, which the next run removes before
it starts that source again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from eheritage.catalog import MetadataFormat
from eheritage.crosswalks.tiers import Tiers

_SCHEMA = (
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    # No keys while rows pour in: appending is a third of the cost; `finish` indexes them once.
    "CREATE TABLE records (oai_id TEXT, prefix TEXT, payload TEXT, datestamp TEXT, normalised TEXT, repaired INTEGER);"
    "CREATE TABLE deleted (oai_id TEXT);"
    # Europeana's checks of each EDM record (tiers NULL: not readable as EDM at all).
    "CREATE TABLE checks (oai_id TEXT, content INTEGER, metadata TEXT, content_next TEXT, metadata_next TEXT, problems TEXT);"
)


class Stored(NamedTuple):
    """One format of one live record, as staged."""

    payload: str
    datestamp: str
    #: The aggregator's normalised form (oai_dc only); None when nothing needed changing.
    normalised: str | None
    #: Whether the page it came on had characters XML forbids, which were taken out.
    repaired: bool


class Checked(NamedTuple):
    """What Europeana's checks said of one EDM record."""

    oai_id: str
    #: None when the record cannot be read as EDM at all.
    tiers: Tiers | None
    #: Why Europeana would refuse it; empty when it would accept it.
    problems: list[str]


class Begun(NamedTuple):
    """What the fetch knew before the first record: the formats it takes, in the order it
    lists them, and the responseDate of its first answer (where the next harvest starts)."""

    formats: list[MetadataFormat]
    started: str | None


def remove(path: Path) -> None:
    """A staging file and its SQLite companions, if any."""
    for companion in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + companion).unlink(missing_ok=True)


class StagingWriter:
    """The fetching side: rows appended in arrival order, committed every `_FLUSH`."""

    _FLUSH = 500

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove(path)
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.executescript(_SCHEMA)
        self._live: list[tuple[str, str, str, str, str | None, bool]] = []
        self._deleted: list[tuple[str]] = []
        self._checked: list[tuple[str, int | None, str | None, str | None, str | None, str]] = []
        self.seen = 0

    def begin(self, begun: Begun) -> None:
        formats = [[f.prefix, f.schema, f.namespace] for f in begun.formats]
        self._meta({"formats": json.dumps(formats), "started": begun.started or ""})

    def live(self, oai_id: str, prefix: str, stored: Stored) -> None:
        self._live.append((oai_id, prefix, *stored))
        self.seen += 1
        if len(self._live) >= self._FLUSH:
            self.flush()

    def deleted(self, oai_id: str) -> None:
        self._deleted.append((oai_id,))
        if len(self._deleted) >= self._FLUSH:
            self.flush()

    def checked(self, checked: Checked) -> None:
        tiers = checked.tiers
        self._checked.append((checked.oai_id, *(tiers and (tiers.content, tiers.metadata, tiers.content_next, tiers.metadata_next)
                                                 or (None, None, None, None)), json.dumps(checked.problems)))

    def flush(self) -> None:
        # One transaction per flush: in autocommit mode every row would be one of its own.
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", self._live)
        self.conn.executemany("INSERT INTO deleted VALUES (?)", self._deleted)
        self.conn.executemany("INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?)", self._checked)
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('seen', ?)", (str(self.seen),))
        self.conn.execute("COMMIT")
        self._live, self._deleted, self._checked = [], [], []

    def finish(self) -> None:
        """The last rows written, and the indexes reading by identifier needs built."""
        self.flush()
        self.conn.executescript("CREATE INDEX records_by_id ON records (oai_id, prefix); CREATE INDEX deleted_by_id ON deleted (oai_id);")

    def close(self) -> None:
        self.conn.close()

    def _meta(self, values: dict[str, str]) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())


class Staging:
    """The storing side, reading what the fetch has committed so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Not read-only: SQLite must be able to make the WAL's shared-memory file if the fetch has closed it.
        self.conn = sqlite3.connect(str(path), isolation_level=None)

    @classmethod
    def open_begun(cls, path: Path) -> tuple[Staging, Begun] | None:
        """The staging and its start, once the fetch has written them; None before."""
        if not path.exists():
            return None
        staging = cls(path)
        try:
            begun = staging.begun()
        except sqlite3.OperationalError:  # the fetch is still making its tables
            begun = None
        if begun is None:
            staging.close()
            return None
        return staging, begun

    def begun(self) -> Begun | None:
        meta = self._meta()
        if "formats" not in meta:
            return None
        formats = [MetadataFormat(*fmt) for fmt in json.loads(meta["formats"])]
        return Begun(formats, meta["started"] or None)

    def seen(self) -> int:
        return int(self._meta().get("seen", 0))

    def arrivals(self, after: int, limit: int = 1000) -> list[tuple[int, str, Stored]]:
        """(row, OAI identifier, what was staged) of the live rows committed after row `after`, in arrival order."""
        rows = self.conn.execute("SELECT rowid, oai_id, payload, datestamp, normalised, repaired FROM records"
                                 " WHERE rowid > ? ORDER BY rowid LIMIT ?", (after, limit))
        return [(row[0], row[1], Stored(row[2], row[3], row[4], bool(row[5]))) for row in rows]

    def arrived(self, oai_id: str) -> bool:
        """Whether this harvest listed `oai_id`, live or deleted."""
        return bool(self.conn.execute("SELECT 1 FROM records WHERE oai_id = ? UNION SELECT 1 FROM deleted WHERE oai_id = ?",
                                      (oai_id, oai_id)).fetchone())

    def checks(self) -> Iterator[Checked]:
        """Europeana's checks of the live EDM records, each as it was listed last."""
        rows = self.conn.execute(
            "SELECT oai_id, content, metadata, content_next, metadata_next, problems FROM checks"
            " WHERE rowid IN (SELECT max(rowid) FROM checks GROUP BY oai_id) AND oai_id NOT IN (SELECT oai_id FROM deleted)"
            " ORDER BY oai_id")
        for oai_id, content, metadata, content_next, metadata_next, problems in rows:
            tiers = None if content is None else Tiers(content, metadata, content_next, metadata_next)
            yield Checked(oai_id, tiers, json.loads(problems))

    def repaired(self) -> int:
        """How many records came on pages that had to be mended."""
        return self.conn.execute("SELECT count(DISTINCT oai_id) FROM records WHERE repaired").fetchone()[0]

    def deleted_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT oai_id FROM deleted ORDER BY oai_id")]

    def records(self, prefix: str | None = None) -> Iterator[tuple[str, dict[str, Stored]]]:
        """(OAI identifier, {prefix: what was staged}) of the live records, in identifier
        order, once the fetch has finished; a record also listed as deleted is not live, and
        one listed twice (a list restarted after a bad resumption token) is as it was listed last."""
        where = "" if prefix is None else " AND prefix = ?"
        rows = self.conn.execute(
            "SELECT oai_id, prefix, payload, datestamp, normalised, repaired FROM records"
            f" WHERE oai_id NOT IN (SELECT oai_id FROM deleted){where} ORDER BY oai_id, prefix, rowid",
            () if prefix is None else (prefix,))
        for oai_id, group in groupby(rows, key=lambda row: row[0]):
            yield oai_id, {row[1]: Stored(row[2], row[3], row[4], bool(row[5])) for row in group}

    def close(self) -> None:
        self.conn.close()

    def _meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
