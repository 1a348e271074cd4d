"""Why a manifest cannot be built. Both are per-record problems: the batch goes on."""

from __future__ import annotations

from eheritage.errors import EheritageError, ExitStatus


class ManifestError(EheritageError):
    """A record's images are not published (or not as this manifest needs them)."""

    exit_status = ExitStatus.PROBLEMS


class NoImagesError(ManifestError):
    """The record has no images, so it gets no manifest.

    IIIF Presentation 3 (section 3.4, `items`): "A Manifest MUST have the items property with
    at least one item", and each item is a Canvas. The JSON Schema does not check that, but
    viewers fail on an empty manifest, so metadata-only records are published without one.
    """
