"""The e-Culture dashboard in a real browser: the numbers shown are the national catalog's."""

from __future__ import annotations



from eheritage.catalog import Catalog
from eheritage.oai import make_oai_app
from harness import Server, free_port

from browser import Watched, launched  # noqa: E402  (skips this module where Chromium is absent)


def test_every_sources_count_is_shown_in_chromium(first) -> None:
    work, _, _, report = first
    nat = work / "NAT"
    with Catalog.open(nat, readonly=True) as catalog:
        expected = {s["name"]: len(catalog.identifiers(f"source:{s['name']}")) for s in report["sources"]}
    port = free_port()
    with Server(make_oai_app(nat), port) as server, launched() as chromium:
        context = chromium.new_context(locale="ru-RU")
        watched = Watched(context.new_page(), server.root)
        watched.page.goto(f"{server.root}/dashboard/")
        rows = watched.page.locator("table.sources tbody tr")
        shown = {rows.nth(n).get_attribute("data-source"): int(rows.nth(n).locator("td.records").inner_text())
                 for n in range(rows.count())}
        assert shown == expected and shown["nhm"] == 3 and shown["theatre"] == 0
        assert "ошибка" in watched.page.locator("tr[data-source=theatre] td.status").inner_text()  # in the reader's language
        clusters = watched.page.locator("table.clusters tbody tr[data-cluster=museums] td.records").inner_text()
        assert int(clusters) == expected["nhm"]
        assert watched.page.locator("svg.bar").count() >= 3 * len(expected)  # drawn at build time, no library
        assert watched.page.locator("form.search").count() == 0  # the national catalog has no search page to send it to
        # The down source's error, and the museum's records Europeana would refuse, each linked.
        watched.page.locator("tr[data-source=theatre] td.status a").click()
        assert "cannot reach the source" in watched.page.locator("#problems-theatre p.error").inner_text()
        assert int(watched.page.locator("tr[data-source=nhm] .invalid").inner_text()) == 3
        refused = watched.page.locator("#problems-nhm ul.invalid-records li")
        assert refused.count() == 3 and "isShownAt" in refused.first.inner_text()
        with watched.page.expect_response(lambda r: "verb=GetRecord" in r.url) as opened:
            refused.first.locator("a").first.click()
        assert opened.value.status == 200 and b"<edm:ProvidedCHO" in opened.value.body()
        watched.clean()
        context.close()
    assert (nat / "dashboard" / "index.html").is_file()  # the static copy, for a host without serve
