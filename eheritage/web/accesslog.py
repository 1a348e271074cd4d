"""An access log line per request, in the Common Log Format web servers and log tools read."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

StartResponse = Callable[..., Any]


class AccessLog:
    """WSGI middleware writing `host - - [date] "METHOD path PROTO" status bytes` to `stream`."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]], stream: TextIO | None = None) -> None:
        self.app = app
        self.stream = stream or sys.stderr

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status: list[str] = []

        def recording(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status.append(line.split()[0])
            return start_response(line, headers, exc_info) if exc_info else start_response(line, headers)

        body = self.app(environ, recording)
        return _Counted(body, lambda size: self._write(environ, status[0] if status else "-", size))

    def _write(self, environ: dict[str, Any], status: str, size: int) -> None:
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING")
        target = path + (f"?{query}" if query else "")
        when = time.strftime("%d/%b/%Y:%H:%M:%S %z")
        line = (f'{environ.get("REMOTE_ADDR", "-")} - - [{when}] '
                f'"{environ.get("REQUEST_METHOD", "-")} {target} {environ.get("SERVER_PROTOCOL", "HTTP/1.1")}" '
                f'{status} {size or "-"}\n')
        try:
            self.stream.write(line)
            self.stream.flush()
        except (OSError, ValueError):
            pass  # a closed or full log must not fail the request


class _Counted:
    """A body that counts the bytes sent and reports them when the server closes it."""

    def __init__(self, body: Iterable[bytes], done: Callable[[int], None]) -> None:
        self._body, self._done, self._size = body, done, 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._size += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            getattr(self._body, "close", lambda: None)()
        finally:
            self._done(self._size)
