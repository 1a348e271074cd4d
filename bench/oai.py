"""Benchmark the OAI-PMH provider on a large catalog, over loopback.

Fills a catalog of N records directly through the catalog writer (default 1,000,000),
serves it from a separate process with waitress (as `eheritage serve` does), and prints:

- records/s for a full ListIdentifiers harvest (one keep-alive connection);
- the time of a page at 99% of the list over the first page (target <= 1.3), and over
  the second page (both resumed from a token, so it isolates the keyset paging);
- GetRecord p50/p99 latency (target p50 < 5 ms), and as a ratio to an Identify
  round trip measured in the same run (the fixed cost of one HTTP request).

    python bench/oai.py [--records N] [--page-size P] [--keep DIR] [--postgres]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import re
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from eheritage.catalog import Catalog, CatalogEntry, RepositoryInfo
from eheritage.oai import ServeConfig, make_oai_app, run_waitress

_TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]*)</resumptionToken>")
_SETS = ("museum:paintings", "museum:prints", "museum:paintings:oil", "library:manuscripts")
NAMESPACE = "bench.example.org"


def entries(count: int) -> Iterator[CatalogEntry]:
    """Generated records with a realistic small oai_dc payload each."""
    for n in range(count):
        ident = f"inv-{n:07d}"
        payload = (
            '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>Object {n}</dc:title><dc:identifier>{ident}</dc:identifier>"
            f"<dc:date>{1800 + n % 200}</dc:date><dc:type>Image</dc:type></oai_dc:dc>"
        )
        yield CatalogEntry(ident, (_SETS[n % len(_SETS)],), {"oai_dc": payload}, f"h{n}")


def fill(out: Path, count: int, catalog_at: str | None = None) -> float:
    """Fill the catalog (OUT's, or the database `catalog_at` names); returns seconds taken."""
    started = time.perf_counter()
    with Catalog.open(catalog_at or out) as catalog:
        catalog.set_repository(RepositoryInfo("Bench", f"http://{NAMESPACE}", f"admin@{NAMESPACE}"))
        catalog.sync(entries(count), scope="bench", now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One keep-alive HTTP connection; times each GET."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> tuple[float, bytes]:
        started = time.perf_counter()
        self.conn.request("GET", path)
        reply = self.conn.getresponse()
        body = reply.read()
        elapsed = time.perf_counter() - started
        if reply.status != 200:
            raise RuntimeError(f"{path}: HTTP {reply.status}")
        return elapsed, body


def serve(out: Path, port: int, page_size: int, catalog_at: str | None = None) -> None:
    """The server process: the same app and thread count as `eheritage serve`."""
    config = ServeConfig(page_size=page_size)
    run_waitress(make_oai_app(out, config=config, catalog=catalog_at), host="127.0.0.1", port=port,
                 threads=config.max_concurrent)


def wait_until_up(port: int, server: multiprocessing.Process) -> None:
    for _ in range(300):
        if not server.is_alive():
            raise RuntimeError("the server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def token_of(body: bytes) -> str | None:
    found = _TOKEN.search(body)
    return found.group(1).decode() if found and found.group(1) else None


def run(out: Path, count: int, page_size: int, catalog_at: str | None = None) -> None:
    if catalog_at or not (out / "catalog.sqlite").exists():
        seconds = fill(out, count, catalog_at)
        print(f"fill: {count:,} records in {seconds:.1f} s ({count / seconds:,.0f} records/s)"
              f" into {'PostgreSQL' if catalog_at else 'SQLite'}")
    port = free_port()
    server = multiprocessing.Process(target=serve, args=(out, port, page_size, catalog_at), daemon=True)
    server.start()
    try:
        wait_until_up(port, server)
        client = Client(port)
        first_path = "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"
        client.get(first_path)  # warm the page cache

        harvested, pages, tokens = 0, 0, []
        started = time.perf_counter()
        path: str | None = first_path
        while path:
            _, body = client.get(path)
            harvested += body.count(b"<header")
            pages += 1
            token = token_of(body)
            tokens.append(token)
            path = f"/oai?verb=ListIdentifiers&resumptionToken={quote(token)}" if token else None
        harvest = time.perf_counter() - started
        assert harvested == count, (harvested, count)
        print(f"ListIdentifiers full harvest: {harvested:,} headers, {pages:,} pages, {harvested / harvest:,.0f} records/s")

        deep_token = tokens[int(len(tokens) * 0.99) - 1]
        # Interleaved, so load from anything else on the machine hits all three alike.
        paths = {
            "first": first_path,
            "second": f"/oai?verb=ListIdentifiers&resumptionToken={quote(tokens[0])}",
            "deep": f"/oai?verb=ListIdentifiers&resumptionToken={quote(deep_token)}",
        }
        times: dict[str, list[float]] = {name: [] for name in paths}
        for _ in range(51):
            for name, page in paths.items():
                times[name].append(client.get(page)[0])
        first, second, deep = (statistics.median(times[name]) for name in paths)
        print(f"page at 99% / first page: {deep / first:.2f} (target <= 1.3)")
        print(f"page at 99% / second page (token to token): {deep / second:.2f}")
        print(f"  medians: first page {first * 1000:.1f} ms, second {second * 1000:.1f} ms, 99% {deep * 1000:.1f} ms")

        identify = statistics.median(client.get("/oai?verb=Identify")[0] for _ in range(200))
        rng = random.Random(7)
        latencies = sorted(
            client.get(
                f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:{NAMESPACE}:inv-{rng.randrange(count):07d}"
            )[0]
            for _ in range(2000)
        )
        p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
        print(f"GetRecord p50 {p50 * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms (target p50 < 5 ms)")
        print(f"GetRecord p50 / Identify round trip: {p50 / identify:.2f}")
    finally:
        server.terminate()
        server.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="Catalog folder to reuse (filled on first use) instead of a temp one.")
    parser.add_argument("--postgres", action="store_true",
                        help="Put the catalog in a throw-away PostgreSQL server, started as the tests start theirs.")
    args = parser.parse_args()
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from postgres_server import fresh_database, postgres_server

        with postgres_server() as server, tempfile.TemporaryDirectory() as scratch:
            run(Path(scratch), args.records, args.page_size, fresh_database(server))
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep, args.records, args.page_size)
        return
    with tempfile.TemporaryDirectory() as scratch:
        run(Path(scratch), args.records, args.page_size)


if __name__ == "__main__":
    main()
