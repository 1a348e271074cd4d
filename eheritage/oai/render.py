"""OAI-PMH 2.0 response XML, written as text.

Payloads are pre-rendered XML in the catalog, so a response is concatenation with
escaping; no tree is built, which keeps GetRecord and deep pages cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

from eheritage.catalog import Header, MetadataFormat, Record, SetInfo

_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
)
_OAI_IDENTIFIER = (
    '<oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier"'
    ' xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier'
    ' http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">'
)


def utc(seconds: int) -> str:
    """A datestamp in the repository's granularity, YYYY-MM-DDThh:mm:ssZ."""
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def document(*, response_date: int, base_url: str, request: Mapping[str, str], body: str) -> str:
    """The whole response: envelope, echoed request, then the verb's element or the errors."""
    attributes = "".join(f" {name}={quoteattr(value)}" for name, value in request.items())
    return (
        f"{_OPEN}<responseDate>{utc(response_date)}</responseDate>"
        f"<request{attributes}>{escape(base_url)}</request>{body}</OAI-PMH>\n"
    )


def errors(items: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<error code={quoteattr(code)}>{escape(message)}</error>" for code, message in items)


def identify(
    *, name: str, base_url: str, admin_email: str, earliest: int, namespace: str | None, sample: str
) -> str:
    """Identify; the oai-identifier description only when the namespace fits that scheme."""
    description = ""
    if namespace:
        description = (
            f"<description>{_OAI_IDENTIFIER}<scheme>oai</scheme>"
            f"<repositoryIdentifier>{escape(namespace)}</repositoryIdentifier><delimiter>:</delimiter>"
            f"<sampleIdentifier>{escape(sample)}</sampleIdentifier></oai-identifier></description>"
        )
    return (
        f"<Identify><repositoryName>{escape(name)}</repositoryName><baseURL>{escape(base_url)}</baseURL>"
        f"<protocolVersion>2.0</protocolVersion><adminEmail>{escape(admin_email)}</adminEmail>"
        f"<earliestDatestamp>{utc(earliest)}</earliestDatestamp><deletedRecord>persistent</deletedRecord>"
        f"<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>{description}</Identify>"
    )


def metadata_formats(formats: Iterable[MetadataFormat]) -> str:
    items = "".join(
        f"<metadataFormat><metadataPrefix>{escape(f.prefix)}</metadataPrefix><schema>{escape(f.schema)}</schema>"
        f"<metadataNamespace>{escape(f.namespace)}</metadataNamespace></metadataFormat>"
        for f in formats
    )
    return f"<ListMetadataFormats>{items}</ListMetadataFormats>"


def sets(items: Iterable[SetInfo]) -> str:
    rendered = []
    for item in items:
        description = ""
        if item.description:
            description = (
                '<setDescription><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
                ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
                ' xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/'
                ' http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
                f"<dc:description>{escape(item.description)}</dc:description></oai_dc:dc></setDescription>"
            )
        rendered.append(
            f"<set><setSpec>{escape(item.spec)}</setSpec><setName>{escape(item.name)}</setName>{description}</set>"
        )
    return f"<ListSets>{''.join(rendered)}</ListSets>"


def header(item: Header, oai_identifier: str) -> str:
    status = ' status="deleted"' if item.deleted else ""
    specs = "".join(f"<setSpec>{escape(spec)}</setSpec>" for spec in item.sets)
    return (
        f"<header{status}><identifier>{escape(oai_identifier)}</identifier>"
        f"<datestamp>{utc(item.datestamp)}</datestamp>{specs}</header>"
    )


def record(item: Record, oai_identifier: str) -> str:
    """A record: header, and the stored payload (and `<about>`, if any) unless the record is deleted."""
    metadata = "" if item.xml is None else f"<metadata>{item.xml}</metadata>"
    about = "" if item.about is None or item.xml is None else f"<about>{item.about}</about>"
    return f"<record>{header(item.header, oai_identifier)}{metadata}{about}</record>"


def resumption_token(token: str, *, cursor: int, complete_list_size: int, expires: int | None) -> str:
    """The token element; `token` is '' on the last page of a list that needed several."""
    expiration = f' expirationDate="{utc(expires)}"' if expires is not None else ""
    return (
        f'<resumptionToken completeListSize="{complete_list_size}" cursor="{cursor}"{expiration}>'
        f"{escape(token)}</resumptionToken>"
    )
