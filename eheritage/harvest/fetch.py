"""Fetching one source: the `oaipmh` client asks, and each ListRecords page is read here.

The client does the asking: Identify's granularity, `from` in it, retries on 503 with
Retry-After, an exception per OAI-PMH error code. Its own reading of a page (an XPath
evaluator per record and per header, a header object per record) took most of a large
harvest's time, so `_Client` hands each page to `read_page`, which walks it element by
element. What arrives goes to a staging file (`eheritage.harvest.staging`), which the
harvest stores from while the fetch goes on.

`fetch_job` is what a worker process runs for one source; its failure comes back as one
line a person can read (`describe`).
"""

from __future__ import annotations

import os
import re
import socket
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree
from oaipmh import error as oai_error
from oaipmh.client import Client

from eheritage.catalog import MetadataFormat
from eheritage.catalog.xmltext import SAFE_PARSER, strip_illegal
from eheritage.crosswalks.edm import PREFIX as EDM_PREFIX
from eheritage.crosswalks.europeana import problems
from eheritage.crosswalks.tiers import NotEdm, classify
from eheritage.errors import EheritageError
from eheritage.harvest.normalise import normalise
from eheritage.harvest.sources import Source
from eheritage.harvest.staging import Begun, Checked, StagingWriter, Stored

#: Waiting longer than this for one answer counts as the source being down.
TIMEOUT = 60
#: How long a source may ask us to wait (Retry-After) before it counts as down, and how often.
RETRY = {"wait-default": 2, "retry": 5, "max-inline-sleep": 120}
_OAI = "{http://www.openarchives.org/OAI/2.0/}"
_RECORD, _HEADER, _METADATA, _TOKEN = (f"{_OAI}{name}" for name in ("record", "header", "metadata", "resumptionToken"))
_IDENTIFIER, _DATESTAMP = f"{_OAI}identifier", f"{_OAI}datestamp"
#: provenance.xsd's datestamp: an xsd:date or a UTC xsd:dateTime.
_DATESTAMP_FORM = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?")


class Arrival(NamedTuple):
    """One record of a page as it came."""

    oai_id: str
    datestamp: str
    deleted: bool
    #: The payload's root element, inside `<metadata>`; None when the record has none.
    metadata: etree._Element | None


@dataclass(frozen=True)
class FetchJob:
    """One source to fetch, from `since` (None: in full), into the staging file `staging`."""

    source: Source
    since: str | None
    staging: Path


@dataclass
class Fetched:
    """What a finished fetch says besides its records."""

    #: Records the source listed that cannot be kept, each said in a line (no identifier, no payload).
    refused: list[str] = field(default_factory=list)


class NotOaiPmh(Exception):
    """The answer is not an OAI-PMH response at all (a web page, another XML)."""


class _Client(Client):
    """The `oaipmh` client, parsing safely, mending pages with characters XML forbids,
    noting the first responseDate, and giving ListRecords page by page."""

    response_date: str | None = None
    #: Whether the page parsed last needed characters taken out.
    repaired: bool = False

    def __init__(self, url: str) -> None:
        super().__init__(url, custom_retry_policy=RETRY, force_http_get=True)
        #: The process that started this one: once it is gone (the harvest killed), fetching on is pointless.
        self.parent = os.getppid()

    def makeRequest(self, **kw: Any) -> bytes:
        try:
            return super().makeRequest(**kw)
        except urllib.error.HTTPError as err:
            # Some repositories (Zenodo) send their OAI-PMH errors with a 4xx status; the
            # error code in the body is what counts (noRecordsMatch is no failure).
            body = err.read() if err.fp is not None and 400 <= err.code < 500 and err.code != 429 else b""
            if b"<OAI-PMH" in body[:4096]:
                return body
            raise

    def parse(self, xml: bytes) -> etree._Element:  # type: ignore[override]
        raw = xml.encode("utf-8") if isinstance(xml, str) else xml
        try:
            tree, self.repaired = etree.fromstring(raw, SAFE_PARSER), False
        except etree.XMLSyntaxError:
            if raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
                raise NotOaiPmh("the source answered with a web page, not OAI-PMH: is its url the OAI-PMH base URL?") from None
            # Characters XML forbids, which real repositories do send (form feeds, stray controls).
            mended = strip_illegal(raw.decode("utf-8", "replace")).encode("utf-8")
            if mended == raw:
                raise
            tree, self.repaired = etree.fromstring(mended, SAFE_PARSER), True
        if tree.tag != f"{_OAI}OAI-PMH":
            raise NotOaiPmh(f"the source answered with <{etree.QName(tree).localname}>, not OAI-PMH: is its url the"
                            " OAI-PMH base URL?")
        if self.response_date is None:
            self.response_date = tree.findtext(f"{_OAI}responseDate")
        return tree

    def ListRecords_impl(self, args: dict[str, Any], tree: etree._Element) -> Iterator[tuple[list[Arrival], bool]]:
        """(the page's records, whether it was mended), page after page."""
        while True:
            arrivals, token, dropped = read_page(tree)
            yield arrivals, self.repaired or dropped
            if token is None or not arrivals:
                return
            if os.getppid() != self.parent:
                raise SystemExit("the harvest that asked for this source is gone")
            tree = self.makeRequestErrorHandling(verb="ListRecords", resumptionToken=token)


def read_page(tree: etree._Element) -> tuple[list[Arrival], str | None, bool]:
    """A ListRecords (or GetRecord) answer's records, its resumption token, and whether
    references to the page's own entities had to be taken out of its records."""
    arrivals, token = [], None
    # Entities are left unexpanded (`SAFE_PARSER`); only a page with a DTD can hold references to them.
    entities = tree.getroottree().docinfo.internalDTD is not None
    for verb in tree:
        for node in verb:
            if node.tag == _RECORD:
                arrivals.append(_arrival(node))
            elif node.tag == _TOKEN:
                token = (node.text or "").strip() or None
    # Every record is mended (a list, not any(), which would stop at the first).
    dropped = entities and any([_drop_entities(a.metadata) for a in arrivals if a.metadata is not None])
    return arrivals, token, dropped


def _arrival(record: etree._Element) -> Arrival:
    header = record.find(_HEADER)
    if header is None:
        return Arrival("", "", False, None)
    metadata = record.find(_METADATA)
    payload = None if metadata is None else next((child for child in metadata if isinstance(child.tag, str)), None)
    return Arrival((header.findtext(_IDENTIFIER) or "").strip(), (header.findtext(_DATESTAMP) or "").strip(),
                   header.get("status") == "deleted", payload)


def _drop_entities(payload: etree._Element) -> bool:
    """Take out references to the page's own entities (served on, no DTD would define them); whether there were any."""
    found = list(payload.iter(etree.Entity))
    for entity in found:
        parent = entity.getparent()
        if entity.tail:
            previous = entity.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + entity.tail
            else:
                parent.text = (parent.text or "") + entity.tail
        parent.remove(entity)
    return bool(found)


def fetch_job(job: FetchJob) -> Fetched:
    """Fetch one source in a worker process; any failure is raised as one readable line."""
    socket.setdefaulttimeout(TIMEOUT)  # urllib, under the oaipmh client, would otherwise wait forever
    staging = StagingWriter(job.staging)
    try:
        return fetch(job.source, job.since, staging)
    except Exception as err:  # noqa: BLE001 - the source's failure is its report, never the run's end
        raise EheritageError(describe(err)) from None
    finally:
        staging.close()


def fetch(source: Source, since: str | None, staging: StagingWriter) -> Fetched:
    """Everything `source` lists (since `since`, if given) in every format we take, staged in arrival order."""
    client = _Client(source.url)
    client.updateGranularity()  # asks Identify: a day-granular source gets `from` as a day
    offered = {prefix: MetadataFormat(prefix, schema, namespace) for prefix, schema, namespace in client.listMetadataFormats()}
    started = client.response_date
    formats = [offered[p] for p in _prefixes(source, offered)]
    staging.begin(Begun(formats, started))
    fetched = Fetched()
    for fmt in formats:
        for arrivals, repaired in _pages(client, fmt.prefix, source, since):
            for arrival in arrivals:
                _stage(staging, fetched, fmt.prefix, arrival, repaired, started)
    staging.finish()
    return fetched


def _stage(staging: StagingWriter, fetched: Fetched, prefix: str, arrival: Arrival, repaired: bool, started: str | None) -> None:
    if not arrival.oai_id:
        fetched.refused.append(f"a {prefix} record without an identifier in its header")
    elif arrival.deleted:
        staging.deleted(arrival.oai_id)
    elif arrival.metadata is None:
        fetched.refused.append(f"{arrival.oai_id}: listed in {prefix} without metadata and not as deleted")
    else:
        payload = etree.tostring(arrival.metadata, encoding="unicode")
        normalised = etree.tostring(arrival.metadata, encoding="unicode") if prefix == "oai_dc" and normalise(arrival.metadata) else None
        datestamp = arrival.datestamp if _DATESTAMP_FORM.fullmatch(arrival.datestamp) else started or ""
        staging.live(arrival.oai_id, prefix, Stored(payload, datestamp, normalised, repaired))
        if prefix == EDM_PREFIX:
            staging.checked(_europeanas_checks(arrival.oai_id, arrival.metadata, payload))


def _europeanas_checks(oai_id: str, record: etree._Element, payload: str) -> Checked:
    """The tiers Europeana would give an EDM record, and why it would refuse it (EDM.xsd, schematron)."""
    try:
        tiers = classify(record)
    except NotEdm as err:
        return Checked(oai_id, None, [f"not an EDM record: {err}"])
    return Checked(oai_id, tiers, problems(payload))


def _prefixes(source: Source, offered: dict[str, MetadataFormat]) -> list[str]:
    """oai_dc always; EDM where it is offered, or the prefix the source names."""
    wanted = [source.metadata_prefix] if source.metadata_prefix else [EDM_PREFIX]
    return list(dict.fromkeys(["oai_dc", *(p for p in wanted if p in offered)]))


def _pages(client: _Client, prefix: str, source: Source, since: str | None) -> Iterator[tuple[list[Arrival], bool]]:
    """Every page of the list; a bad resumption token restarts it once (records may then come twice)."""
    args: dict[str, Any] = {"metadataPrefix": prefix}
    if source.set:
        args["set"] = source.set
    if since:
        args["from_"] = _datestamp(since)
    for attempt in range(2):
        try:
            yield from client.listRecords(**args)
            return
        except oai_error.NoRecordsMatchError:
            return
        except oai_error.BadResumptionTokenError:
            if attempt:
                raise


def _datestamp(response_date: str) -> datetime:
    """A responseDate (UTC) as the naive datetime `from` takes; the client writes it in the
    source's granularity, a day-granular source getting the day."""
    return datetime.strptime(response_date.strip()[:19], "%Y-%m-%dT%H:%M:%S")


def describe(err: BaseException) -> str:
    """A source's failure in a line: what went wrong, not a traceback."""
    if isinstance(err, (TimeoutError, socket.timeout)) or isinstance(err.__cause__, (TimeoutError, socket.timeout)):
        return f"the source did not answer within {TIMEOUT} s"
    if isinstance(err, (oai_error.ServiceUnavailableError, oai_error.RateLimitedError, oai_error.HTTPRetryAfterError)):
        return f"the source is busy and asks to come back later: {err}"
    if isinstance(err, urllib.error.HTTPError):
        return f"the source answered HTTP {err.code} {err.reason}"
    if isinstance(err, oai_error.NetworkError) or getattr(err, "reason", None) is not None:
        return f"cannot reach the source: {getattr(err, 'reason', None) or err}"
    if isinstance(err, NotOaiPmh):
        return str(err)
    if isinstance(err, oai_error.XMLSyntaxError):
        asked = ", ".join(f"{key}={value}" for key, value in (err.args[0] if err.args and isinstance(err.args[0], dict) else {}).items())
        return f"the source sent an answer that is not well-formed XML ({err.__cause__ or err}), asked {asked}"
    if isinstance(err, oai_error.ErrorBase):
        name = type(err).__name__.removesuffix("Error")  # BadArgumentError: the code badArgument
        return f"the source answered with the OAI-PMH error {name[:1].lower()}{name[1:]}: {err}"
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
