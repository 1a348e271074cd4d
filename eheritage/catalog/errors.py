"""Errors the catalog raises; they name the record and field so the publish can report them."""

from __future__ import annotations

from eheritage.errors import InputError


class CatalogError(InputError):
    """The catalog cannot be opened, or an entry cannot be stored as given."""
