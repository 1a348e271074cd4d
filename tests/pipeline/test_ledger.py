from eheritage.pipeline.ledger import Entry, Ledger


def entry(**changes):
    base = dict(source="/s/a.tif", page=0, id="a", size=10, mtime_ns=5, sha256="f" * 64, settings="s1", width=4, height=3)
    return Entry(**{**base, **changes})


def test_records_survive_reopening_and_replace_by_source_and_page(tmp_path):
    path = tmp_path / ".eheritage" / "ledger.sqlite"
    with Ledger(path) as ledger:
        ledger.record(entry())
        ledger.record(entry(page=1, id="a_0002"))
        ledger.record(entry(settings="s2"))
    with Ledger(path) as ledger:
        assert ledger.get("/s/a.tif", 0).settings == "s2"
        assert ledger.get("/s/a.tif", 1).id == "a_0002"
        assert ledger.get("/s/b.tif", 0) is None
        assert list(ledger.sources()) == [("f" * 64, "/s/a.tif")]


def test_uses_write_ahead_logging(tmp_path):
    path = tmp_path / "ledger.sqlite"
    with Ledger(path):
        pass
    import sqlite3

    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
