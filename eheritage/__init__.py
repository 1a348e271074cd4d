"""eheritage: scans and catalogues to IIIF, linked metadata and OAI-PMH."""

__version__ = "0.1.0"
