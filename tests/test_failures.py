"""What users meet when things go wrong around eheritage: bugs, full disks, SIGTERM.

No traceback may reach them; each run must leave OUT so that a plain re-run equals a clean one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eheritage.cli.options import remember_out
from eheritage.cli.root import _CatchingGroup
from eheritage.errors import ExitStatus
from eheritage.pipeline.fixity import read_manifest
from eheritage.pipeline.verify import verify

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BASE_URL = "https://heritage.example.org"


def publish_command(out: Path, *extra: str) -> list[str]:
    library = SAMPLES / "library"
    return [sys.executable, "-m", "eheritage", "publish", str(library / "scans"), "--catalogue", str(library / "catalogue.csv"),
            "--profile", "library", "--base-url", BASE_URL, "--workers", "1", "--json", "-o", str(out), *extra]


def same_as_clean(out: Path, clean: Path) -> None:
    assert not verify(out).damaged
    assert read_manifest(out / "fixity" / "published.sha256") == read_manifest(clean / "fixity" / "published.sha256")
    leftovers = [p for p in out.rglob(".scratch-*")]
    assert not leftovers, leftovers


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    result = subprocess.run(publish_command(out), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


def test_a_bug_is_one_paragraph_and_a_log_file_not_a_traceback(tmp_path: Path) -> None:
    broken = typer.Typer(cls=_CatchingGroup)

    @broken.callback()
    def root() -> None:
        """Commands with a bug in them, to see what the catcher makes of it."""

    @broken.command()
    def crash(out: Path = typer.Option(..., "-o", callback=remember_out)) -> None:
        {}["no such key"]  # noqa: B018 - the bug

    out = tmp_path / "OUT"
    result = CliRunner().invoke(broken, ["crash", "-o", str(out)])
    assert result.exit_code == ExitStatus.INTERNAL
    assert "Traceback" not in result.output and "KeyError" in result.output and "bug" in result.output
    [log] = (out / ".eheritage" / "errors").iterdir()
    assert str(log) in result.output.replace("\n", "")
    assert "Traceback" in log.read_text(encoding="utf-8") and "no such key" in log.read_text(encoding="utf-8")


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]).returncode:
        pytest.skip("needs root to mount a small tmpfs (CI runs as root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("size", ["120k", "400k"])
def test_a_full_disk_says_so_and_a_rerun_with_space_equals_a_clean_out(tmp_path: Path, clean: Path, size: str) -> None:
    with tiny_disk(tmp_path / "disk", size) as disk:
        out = disk / "out"
        full = subprocess.run(publish_command(out), capture_output=True, text=True)
        assert full.returncode in (ExitStatus.PROBLEMS, ExitStatus.SYSTEM), full.stderr
        assert "Traceback" not in full.stderr + full.stdout
        assert "disk is full" in full.stderr + full.stdout
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = subprocess.run(publish_command(out), capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        same_as_clean(out, clean)


@pytest.mark.parametrize("group", [True, False], ids=["to the process group, as systemd", "to the main process, as docker stop"])
def test_sigterm_stops_cleanly_and_a_rerun_equals_a_clean_out(tmp_path: Path, clean: Path, group: bool) -> None:
    out = tmp_path / "out"
    victim = subprocess.Popen(publish_command(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out / ".eheritage" / "ledger.sqlite").exists() and time.monotonic() < deadline and victim.poll() is None:
        time.sleep(0.01)
    (os.killpg if group else os.kill)(victim.pid, signal.SIGTERM)
    _, stderr = victim.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr
    if victim.returncode != 0:  # it may have finished before the signal came
        assert victim.returncode == ExitStatus.TERMINATED, stderr
        assert "terminated" in stderr
    again = subprocess.run(publish_command(out), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    same_as_clean(out, clean)
