"""A throw-away PostgreSQL server for the tests: initdb into a temporary folder, pg_ctl on a
free port of 127.0.0.1, run as the `postgres` user when the tests run as root (PostgreSQL
refuses root). Where PostgreSQL is not installed the tests that need it are skipped,
except under EHERITAGE_CI, where that is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import pytest

from harness import free_port

_databases = count()


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def postgres_server() -> Iterator[str]:
    """The URL of the server's `postgres` database, as the superuser `eheritage`."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not (initdb and pg_ctl):
        if os.environ.get("EHERITAGE_CI"):
            pytest.fail("PostgreSQL (initdb, pg_ctl) is not installed; .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed")
    root = Path(tempfile.mkdtemp(prefix="eheritage-pg-"))  # under /tmp, which the server user can reach
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    log = root / "server.log"
    try:
        subprocess.run(_as_server_user([initdb, "-D", str(data), "-U", "eheritage", "--auth=trust", "--encoding=UTF8",
                                        "--locale=C.UTF-8"]), check=True, capture_output=True)
        subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
                                        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]),
                       check=True, capture_output=True)
        yield f"postgresql://eheritage@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server: str) -> str:
    """A new, empty database on `server`: the URL of it."""
    import psycopg

    name = f"catalog_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


#: The catalog backends the catalog and OAI suites run against.
BACKENDS = ("sqlite", "postgresql")


def catalog_target(backend: str, request: pytest.FixtureRequest, folder: Path) -> Path | str:
    """Where a test's catalog goes on `backend`: `folder` (SQLite), or a fresh database on the
    session's PostgreSQL server (the `postgres` fixture)."""
    return folder if backend == "sqlite" else fresh_database(request.getfixturevalue("postgres"))
