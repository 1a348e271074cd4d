"""The national aggregator's side: harvest every institution's OAI-PMH endpoint into one catalog.

`load_sources` reads SOURCES.toml; `harvest` fills the national catalog, which
`eheritage serve` re-serves like any OUT.
"""

from eheritage.harvest.harvester import HarvestReport, SourceReport, harvest
from eheritage.harvest.sources import Aggregator, Source, Sources, load_sources

__all__ = ["Aggregator", "HarvestReport", "Source", "SourceReport", "Sources", "harvest", "load_sources"]
