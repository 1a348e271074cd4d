"""The OAI-PMH 2.0 provider and file server for a published OUT folder; reads the catalog only."""

from eheritage.oai.app import OaiApp, make_oai_app, run_waitress
from eheritage.oai.settings import ServeConfig, settings_help

__all__ = ["OaiApp", "ServeConfig", "make_oai_app", "run_waitress", "settings_help"]
