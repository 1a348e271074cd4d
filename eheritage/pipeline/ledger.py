"""The ledger: what was tiled from which source bytes with which settings.

A SQLite file under OUT (WAL, one row per source page). Only the main process writes it,
one committed row per finished image, so an interrupted run loses at most the images that
were in flight.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS images (
    source TEXT NOT NULL,
    page INTEGER NOT NULL,
    id TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    settings TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    files TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, page)
)
"""


@dataclass(frozen=True)
class Entry:
    """A finished image. `size` and `mtime_ns` let a re-run trust the hash without re-reading;
    `files` is the `stat_digest` of its published folder, so a re-run sees it damaged."""

    source: str
    page: int
    id: str
    size: int
    mtime_ns: int
    sha256: str
    settings: str
    width: int
    height: int
    files: str = ""


class Ledger:
    """Open with `Ledger(path)`; use as a context manager to close it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(images)")}
        if "files" not in columns:  # a ledger from before repairs: its images are checked by rebuilding
            self._db.execute("ALTER TABLE images ADD COLUMN files TEXT NOT NULL DEFAULT ''")
        self._db.commit()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def get(self, source: str, page: int) -> Entry | None:
        row = self._db.execute(
            "SELECT * FROM images WHERE source = ? AND page = ?", (source, page)
        ).fetchone()
        return Entry(*row) if row else None

    def record(self, entry: Entry) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO images VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.source, entry.page, entry.id, entry.size, entry.mtime_ns,
                 entry.sha256, entry.settings, entry.width, entry.height, entry.files),
            )

    def sources(self) -> Iterator[tuple[str, str]]:
        """(sha256, source path) of every source file, once each."""
        yield from self._db.execute("SELECT DISTINCT sha256, source FROM images ORDER BY source")
