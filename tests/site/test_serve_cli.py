"""`eheritage serve` as a user runs it: its start message, access log and --quiet."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from harness import free_port, request


def serve(out: Path, port: int, *flags: str) -> subprocess.Popen:
    command = [sys.executable, "-c", "from eheritage.cli import main; main()", "serve", str(out), "--port", str(port), *flags]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"serve did not listen: {process.stderr.read()}")


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    return err


def test_serve_logs_each_request_and_says_where_documents_point(published) -> None:
    port = free_port()
    process = serve(published.out, port)
    try:
        assert request(f"http://127.0.0.1:{port}/record/NHM-2003-0117.html").status == 200
        assert request(f"http://127.0.0.1:{port}/nothing-here").status == 404
    finally:
        err = stop(process)
    assert f"published for http://127.0.0.1:8000; documents follow the address each request names, such as http://127.0.0.1:{port}" in err
    line = r'127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET /record/NHM-2003-0117\.html HTTP/1\.1" 200 \d+'
    assert re.search(line, err), err
    assert re.search(r'"GET /nothing-here HTTP/1\.1" 404 \d+', err), err
    assert "Traceback" not in err


def test_quiet_serve_logs_nothing_and_base_url_rebases_everything(published) -> None:
    port = free_port()
    process = serve(published.out, port, "--quiet", "--base-url", "https://heritage.example.az/")
    try:
        info = request(f"http://127.0.0.1:{port}/iiif/NHM-2003-0117_0001/info.json").text
        identify = request(f"http://127.0.0.1:{port}/oai?verb=Identify").text
    finally:
        err = stop(process)
    assert '"id": "https://heritage.example.az/iiif/NHM-2003-0117_0001"' in info.replace('"id":"', '"id": "')
    assert "<baseURL>https://heritage.example.az/oai</baseURL>" in identify
    assert "GET /iiif" not in err
    assert "every document is sent re-based onto https://heritage.example.az" in err
