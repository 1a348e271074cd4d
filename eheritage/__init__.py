"""eheritage: scans and catalogues to IIIF, linked metadata and OAI-PMH.

The verbs are plain functions, the same ones the command line calls:

    from eheritage import publish, load_profile, PublishOptions
    report = publish(Path("catalogue.csv"), load_profile("museum"), Path("out"),
                     PublishOptions(base_url="https://collections.example.az"), scans=Path("scans"))

Several catalogues into one OUT, as one run: `publish_batch([CatalogueSource(...), ...], out, options)`.

They load on first use (PEP 562), so `import eheritage` stays cheap for the CLI and for
worker processes that only tile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eheritage.errors import EheritageError, ExitStatus
from eheritage.lazy import exports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from eheritage.metadata import describe, validate
    from eheritage.oai import make_oai_app
    from eheritage.pipeline.publish import BatchReport, CatalogueSource, PublishOptions, PublishReport, publish, publish_batch
    from eheritage.pipeline.tile import TileReport, tile
    from eheritage.pipeline.verify import VerifyReport, verify
    from eheritage.profiles import load_profile

_NAMES = {
    "tile": "eheritage.pipeline.tile",
    "TileReport": "eheritage.pipeline.tile",
    "describe": "eheritage.metadata",
    "validate": "eheritage.metadata",
    "publish": "eheritage.pipeline.publish",
    "PublishOptions": "eheritage.pipeline.publish",
    "PublishReport": "eheritage.pipeline.publish",
    "publish_batch": "eheritage.pipeline.publish",
    "CatalogueSource": "eheritage.pipeline.publish",
    "BatchReport": "eheritage.pipeline.publish",
    "verify": "eheritage.pipeline.verify",
    "VerifyReport": "eheritage.pipeline.verify",
    "make_oai_app": "eheritage.oai",
    "load_profile": "eheritage.profiles",
}

__all__ = ["EheritageError", "ExitStatus", "__version__", *_NAMES]
__getattr__ = exports(__name__, _NAMES)
