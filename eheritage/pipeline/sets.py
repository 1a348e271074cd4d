"""The OAI-PMH sets a record is in: its institution, its profile, and its place inside that.

A collection field that names a group (`Carpets`) gives one flat set under the profile
(`museum:Carpets`). A collection field that references another record, as an archive's
parent unit does, gives the hierarchy of OAI-PMH 2.0 §4.6: every unit that has parts is
a set inside its parent's (`archive:AZ-DA-F12:S1`), holding the unit itself and all its
descendants, so harvesting a fonds' set returns the fonds, its series and their files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eheritage.catalog import SetInfo
from eheritage.identifiers import IdentifierProblem, record_key, set_part
from eheritage.metadata import Record
from eheritage.profiles import Profile

#: Deeper than any real archive: a longer chain of parents is a loop in the catalogue.
_MAX_DEPTH = 32


@dataclass(frozen=True)
class Hierarchy:
    """Each record's parent unit (by key), for a catalogue whose collection field references records."""

    parents: dict[str, str]
    #: The units something names as its parent.
    units: frozenset[str]

    @classmethod
    def of(cls, records: Iterable[Record], profile: Profile) -> Hierarchy | None:
        """The catalogue's hierarchy, or None when its collection field names groups, not records."""
        field = profile.by_role("collection")
        if field is None or field.kind != "reference":
            return None
        parents = {}
        for record in records:
            if record.id and record.collection:
                try:
                    parents[record.id] = record_key(record.collection)
                except IdentifierProblem:
                    continue  # validation reports the unusable reference
        return cls(parents, frozenset(parents.values()))

    def path(self, key: str) -> list[str]:
        """The units from the top down to `key` (included), stopping at a loop."""
        chain = [key]
        while (parent := self.parents.get(chain[-1])) and parent not in chain and len(chain) < _MAX_DEPTH:
            chain.append(parent)
        return chain[::-1]

    def unit_spec(self, profile: Profile, key: str) -> str:
        """`<profile>:<top>:<part>...`, each part without the prefix it shares with its parent's."""
        path = self.path(key)
        parts = [set_part(path[0])]
        for parent, child in zip(path, path[1:]):
            own = child[len(parent):].lstrip("-./_ ") if child.startswith(parent) else child
            parts.append(set_part(own or child))
        return ":".join([profile.name, *parts])


def record_sets(record: Record, profile: Profile, hierarchy: Hierarchy | None) -> list[tuple[SetInfo, bool]]:
    """The record's sets, each with whether its name is final: a unit's set is named after the
    unit when the unit itself passes by, and provisionally after its key until then."""
    institution = profile.institution
    sets = [
        (SetInfo(institution.code, institution.name.get("en") or next(iter(institution.name.values()))), True),
        (SetInfo(profile.name, profile.title), True),
    ]
    if hierarchy is not None:
        unit = record.id if record.id in hierarchy.units else hierarchy.parents.get(record.id)
        if unit:
            own = unit == record.id
            sets.append((SetInfo(hierarchy.unit_spec(profile, unit), _title(record) if own else unit), own))
    elif record.collection:
        sets.append((SetInfo(f"{profile.name}:{set_part(record.collection)}", record.collection), True))
    return sets


def merge_sets(known: dict[str, SetInfo], found: Iterable[tuple[SetInfo, bool]]) -> None:
    """Add `found` to `known` by spec, a final name replacing a provisional one."""
    for info, final in found:
        if final or info.spec not in known:
            known[info.spec] = info


def _title(record: Record) -> str:
    titles = record.titles
    title = titles.get("en") or next(iter(titles.values()), "")
    return f"{record.identifier}: {title}" if title else record.identifier
