"""What the national catalog remembers of each source between harvests: where the last
successful one began (its first responseDate), kept in `NAT/.eheritage/harvest/<source>.json`."""

from __future__ import annotations

import json
from pathlib import Path

from eheritage.atomic import write_text

FOLDER = Path(".eheritage") / "harvest"


def last_started(nat: Path, name: str) -> str | None:
    """The responseDate that began the last successful harvest of source `name`, if any."""
    try:
        return json.loads((nat / FOLDER / f"{name}.json").read_text(encoding="utf-8"))["started"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_started(nat: Path, name: str, url: str, started: str) -> None:
    """Note, once a source's harvest is stored, where it began: the next one starts there."""
    write_text(nat / FOLDER / f"{name}.json", json.dumps({"started": started, "url": url}) + "\n")
