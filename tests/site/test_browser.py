"""The site in a real browser: Debian's Chromium driven by Playwright, over real HTTP.

Home page -> search -> landing page -> the viewer shows pixels -> next page; with no request
leaving 127.0.0.1, no failed request and no console error. Skipped where Chromium is absent,
except in CI (`EHERITAGE_CI`), where it must run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from io import BytesIO

import pytest
from PIL import Image, ImageStat

from eheritage.site.search import fold, words

from browser import Watched, launched  # noqa: E402  (skips this module where Chromium is absent)
from playwright.sync_api import Page  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with launched() as chromium:
        yield chromium


@pytest.fixture
def watched(browser, published) -> Iterator[Watched]:
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page(), published.root)
    context.close()


def viewer_pixels(page: Page) -> Image.Image:
    """The viewer as drawn, once it has drawn something that is not one flat colour."""
    for _ in range(40):
        shot = Image.open(BytesIO(page.locator("#viewer").screenshot())).convert("RGB")
        if max(ImageStat.Stat(shot).stddev) > 20:
            return shot
        page.wait_for_timeout(250)
    raise AssertionError("the viewer stayed blank")


def test_home_search_landing_page_viewer_next_page(watched: Watched, published) -> None:
    page = watched.page
    page.goto(published.root + "/")
    assert page.locator("h1").inner_text() == "e-Culture sample collections"
    assert page.locator("ul.institutions > li").count() == 3
    page.fill("form.search input[name=q]", "КОВЕР")  # folded: finds "Ковёр"
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_selector("body[data-search=done]")
    results = page.locator("#search-results a")
    assert results.count() == 1
    results.first.click()
    page.wait_for_url("**/record/NHM-1998-0042.html")
    assert "Khila-afshan pattern carpet" in page.locator("h1").inner_text()
    first = viewer_pixels(page)
    assert page.locator("#viewer").get_attribute("aria-label").endswith("1/2")
    page.click("#next-page")
    page.wait_for_function("document.getElementById('page-number').textContent === '2'")
    assert page.locator("#viewer").get_attribute("aria-label").endswith("2/2")
    page.wait_for_timeout(500)
    second = viewer_pixels(page)
    assert first.tobytes() != second.tobytes()
    assert page.locator("#next-page").is_disabled()
    watched.clean()


def test_the_language_switch_shows_the_record_in_russian(watched: Watched, published) -> None:
    page = watched.page
    page.goto(published.root + "/record/NHM-1998-0042.html")
    page.click("button[data-set-language=ru]")
    assert page.locator("h1").inner_text() == "Ковёр с узором «хила-афшан»"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("button[type=submit]").inner_text() == "Поиск"
    page.goto(published.root + "/index.html")  # remembered
    assert page.locator("html").get_attribute("lang") == "ru"
    watched.clean()


def test_a_metadata_only_record_and_the_search_page_work_from_a_disk(watched: Watched, published) -> None:
    page = watched.page
    watched.root = published.out.as_uri()
    page.goto(f"{published.out.as_uri()}/search.html?q=SIRVAN%20nagil")  # no server: file://; Şirvan nağılları
    page.wait_for_selector("body[data-search=done]")
    assert page.locator("#search-results a").count() == 1
    page.goto(f"{published.out.as_uri()}/search.html?q=no-such-word")
    page.wait_for_selector("body[data-search=done]")
    assert page.locator("#search-results a").count() == 0 and page.locator("#search-empty").is_visible()
    page.goto((published.out / "record" / "AZ-DA-F12.html").as_uri())
    assert "Baku Governorate Chancellery" in page.locator("h1").inner_text()
    assert page.locator(".no-images").count() == 1
    watched.clean()


def test_the_browser_folds_words_as_the_index_does(watched: Watched, published) -> None:
    page = watched.page
    page.goto(published.root + "/search.html?q=")
    page.wait_for_selector("body[data-search=done]")
    alphabet = "AaƏəIıİiŞşĞğÖöÜüÇçЁёЙйКкÉéßﬁẞ Ǆǅ-_1²٣𝑨Ⅻ"
    rng = random.Random(7)
    samples = ["ŞƏKİ", "Şəki", "seki", "Işıq", "ИЙ", "ﬁne", *("".join(rng.choice(alphabet) for _ in range(12)) for _ in range(300))]
    in_browser = page.evaluate("(texts) => texts.map(t => [window.eheritageSearch.fold(t), window.eheritageSearch.words(t)])", samples)
    assert in_browser == [[fold(text), words(text)] for text in samples]
    watched.clean()
