"""The error of one image: it fails that image, never the batch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eheritage.errors import EheritageError, ExitStatus

if TYPE_CHECKING:
    import pyvips


class ImageError(EheritageError):
    """One source image cannot be published (unreadable, too large, badly named...)."""

    exit_status = ExitStatus.PROBLEMS


def vips_reason(err: pyvips.Error) -> str:
    """The useful line of a libvips error: its detail, without the generic "unable to call"."""
    lines = [line.strip() for line in (err.detail or err.message).splitlines() if line.strip()]
    return lines[0] if lines else err.message
