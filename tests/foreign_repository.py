"""A foreign repository for the harvester: not eheritage, day-granular, two pages, a deleted record.

It answers as DSpace-like repositories do: `YYYY-MM-DD` granularity (so `from` must be a
day), oai_dc only, a resumption token between two pages, a record deleted with
`deletedRecord=persistent`, payloads with namespace prefixes and whitespace of their own.
It records every request's arguments, so a test can check what the harvester asked.
"""

from __future__ import annotations

from urllib.parse import parse_qs

IDENTIFY = """<Identify><repositoryName>Foreign Repository</repositoryName><baseURL>{base}</baseURL>
<protocolVersion>2.0</protocolVersion><adminEmail>admin@foreign.example.org</adminEmail>
<earliestDatestamp>2001-01-01</earliestDatestamp><deletedRecord>persistent</deletedRecord>
<granularity>YYYY-MM-DD</granularity></Identify>"""
FORMATS = """<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>
<schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>
<metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat></ListMetadataFormats>"""
RECORD = """<record><header><identifier>oai:foreign.example.org:{n}</identifier><datestamp>2020-05-0{n}</datestamp>
<setSpec>col_1</setSpec></header><metadata>
  <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>  Ərəb əlyazması {n}  </dc:title><dc:language>aze</dc:language><dc:type>text</dc:type>
  </oai_dc:dc></metadata></record>"""
DELETED = """<record><header status="deleted"><identifier>oai:foreign.example.org:9</identifier>
<datestamp>2020-05-09</datestamp></header></record>"""


class Foreign:
    """The repository as a WSGI app; `requests` lists each request's arguments."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []

    def __call__(self, environ, start_response):
        args = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.requests.append(args)
        base = f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}"
        verb = args.get("verb")
        if verb == "Identify":
            body = IDENTIFY.format(base=base)
        elif verb == "ListMetadataFormats":
            body = FORMATS
        elif verb == "ListRecords" and args.get("resumptionToken") == "page-2":
            body = f"<ListRecords>{RECORD.format(n=3)}{DELETED}<resumptionToken/></ListRecords>"
        elif verb == "ListRecords" and args.get("metadataPrefix") == "oai_dc":
            body = (f"<ListRecords>{RECORD.format(n=1)}{RECORD.format(n=2)}"
                    '<resumptionToken completeListSize="4" cursor="0">page-2</resumptionToken></ListRecords>')
        else:
            body = '<error code="cannotDisseminateFormat">only oai_dc</error>'
        page = ('<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
                f"<responseDate>2026-12-01T10:00:00Z</responseDate><request>{base}</request>{body}</OAI-PMH>")
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [page.encode("utf-8")]
