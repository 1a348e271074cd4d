"""The OAI-PMH 2.0 provider and file server for a published OUT folder; reads the catalog only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eheritage.lazy import exports

if TYPE_CHECKING:
    from eheritage.oai.app import OaiApp, make_oai_app, run_waitress
    from eheritage.oai.settings import ServeConfig, settings_help

_NAMES = {
    "OaiApp": "eheritage.oai.app",
    "make_oai_app": "eheritage.oai.app",
    "run_waitress": "eheritage.oai.app",
    "ServeConfig": "eheritage.oai.settings",
    "settings_help": "eheritage.oai.settings",
}
__all__ = sorted(_NAMES)
__getattr__ = exports(__name__, _NAMES)
