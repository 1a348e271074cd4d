"""Debian's Chromium, driven by Playwright, for the tests that need a real browser.

Importing this module skips the importing test module where Chromium is absent, except in
CI (`EHERITAGE_CI`), where the browser tests must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    if os.environ.get("EHERITAGE_CI"):
        raise RuntimeError(f"{CHROMIUM} is missing, and EHERITAGE_CI says the browser tests must run")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

#: The flags Chromium needs as root in a closed sandbox: no sandbox, no calls home.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]


class Watched:
    """A page whose every request, failure and console error is recorded."""

    def __init__(self, page: Page, root: str) -> None:
        self.page, self.root = page, root
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: {r.status}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request) -> None:
        if not (request.url.startswith(self.root + "/") or request.url.startswith(("data:", "blob:"))):
            self.foreign.append(request.url)

    def clean(self) -> None:
        assert (self.foreign, self.failed, self.errors) == ([], [], []), (self.foreign, self.failed, self.errors)



@contextmanager
def launched() -> Iterator[Browser]:
    """Chromium, started with the sandbox-safe FLAGS, closed afterwards."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()
