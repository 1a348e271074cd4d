"""Overload: beyond max-concurrent requests in flight, answer 503 with Retry-After at once."""

from __future__ import annotations

from io import BytesIO
from wsgiref.util import setup_testing_defaults

from eheritage.oai import ServeConfig, make_oai_app


def call(app, path: str, query: str = ""):
    """Start one request in-process; returns (status, headers, body iterable left open)."""
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "wsgi.input": BytesIO()}
    setup_testing_defaults(environ)
    started: list = []
    body = app(environ, lambda status, headers, exc_info=None: started.append((status, dict(headers))))
    return started[0][0], started[0][1], body


def test_requests_beyond_the_limit_get_503_until_one_finishes(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    app = make_oai_app(out, config=ServeConfig(max_concurrent=2, retry_after=7))
    _, _, first = call(app, "/iiif/manifest/obj-0001.json")
    _, _, second = call(app, "/oai", "verb=Identify")

    status, headers, _ = call(app, "/oai", "verb=Identify")
    assert status.startswith("503")
    assert headers["Retry-After"] == "7"

    first.close()  # the server is done sending the first response: its slot is free again
    status, _, third = call(app, "/oai", "verb=Identify")
    assert status.startswith("200")
    assert b"<Identify>" in b"".join(third)
    third.close()
    second.close()
