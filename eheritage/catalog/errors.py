"""Errors the catalog raises; they name the record and field so the publish can report them."""

from __future__ import annotations

from eheritage.errors import InputError


class CatalogError(InputError):
    """The catalog cannot be opened, or an entry cannot be stored as given."""


class ClaimError(CatalogError):
    """A record identifier that another scope (catalogue) of the same OUT already owns."""

    def __init__(self, identifier: str, owner: str, claimant: str) -> None:
        super().__init__(
            f"record {identifier!r} of {claimant} is already published by {owner}: one OUT cannot hold two records "
            "with one identifier",
            hint=f"give the records of {claimant} identifiers of their own; if {claimant} really replaces {owner}, "
            f"publish it with --scope {owner}",
        )
        self.identifier, self.owner, self.claimant = identifier, owner, claimant


class DuplicateError(CatalogError):
    """One identifier twice among the entries of one sync."""

    def __init__(self, identifier: str) -> None:
        super().__init__(f"record identifier {identifier!r} appears more than once in this publish",
                         hint="identifiers must be unique within a catalogue; fix the duplicate row")
        self.identifier = identifier
