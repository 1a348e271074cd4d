"""Test helpers shared across folders (on the path through pytest's `pythonpath`)."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import waitress


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A waitress server on 127.0.0.1 running one WSGI app in a daemon thread.

    `port` 0 picks a free one; pass a known port when the app must know its own URL first.
    """

    def __init__(self, app: Callable, port: int = 0, threads: int = 8) -> None:
        # poll() reports a socket closed by __exit__ instead of failing like select() does.
        self._server = waitress.create_server(
            app, host="127.0.0.1", port=port, threads=threads, asyncore_use_poll=True, asyncore_loop_timeout=0.1
        )
        self.root = f"http://127.0.0.1:{self._server.effective_port}"
        self.oai = f"{self.root}/oai"
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.close()
        self._server.task_dispatcher.shutdown()
        self._thread.join(timeout=2)



@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()
