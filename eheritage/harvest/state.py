"""What the national catalog remembers of each source between harvests, kept in
`NAT/.eheritage/harvest/<source>.json`: where the last successful harvest began (its first
responseDate: the next one asks from there) and which of the source's records Europeana
would refuse (so the dashboard names them however long ago they came)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from eheritage.atomic import write_text

FOLDER = Path(".eheritage") / "harvest"


@dataclass
class SourceState:
    started: str | None = None
    url: str | None = None
    #: The source's live EDM records Europeana would refuse: OAI identifier -> the first reason.
    invalid: dict[str, str] = field(default_factory=dict)


def read_state(nat: Path, name: str) -> SourceState:
    """Source `name`'s state; an empty one if it was never harvested (or its file is damaged)."""
    try:
        data = json.loads((nat / FOLDER / f"{name}.json").read_text(encoding="utf-8"))
        return SourceState(str(data["started"]), data.get("url"), {str(k): str(v) for k, v in data.get("invalid", {}).items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return SourceState()


def write_state(nat: Path, name: str, state: SourceState) -> None:
    """Note, once a source's harvest is stored, what it leaves to the next one."""
    write_text(nat / FOLDER / f"{name}.json", json.dumps(asdict(state), ensure_ascii=False) + "\n")
