"""The IIIF community's Image API validator, level 0 of version 3.0, against our tiles over HTTP."""

import functools
import http.server
import threading

import pytest
from iiif_validator import validator
from PIL import Image

from eheritage.pipeline.tile import tile
from eheritage.images import TileSettings


@pytest.fixture
def server(tmp_path):
    """A static file server for tmp_path/out on 127.0.0.1, on a free port."""
    root = tmp_path / "out"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def validator_image(path):
    """The validator's 1000x1000 test image: a 10x10 grid of its colour table."""
    colours = validator.ValidationInfo().colorInfo
    picture = Image.new("RGB", (1000, 1000))
    for x in range(10):
        for y in range(10):
            picture.paste(colours[x][y], (x * 100, y * 100, x * 100 + 100, y * 100 + 100))
    picture.save(path)
    return path


def test_all_level0_tests_of_the_validator_pass(tmp_path, server):
    root, host = server
    source = validator_image(tmp_path / "67352ccc-d1b0-11e1-89ae-279075081939.png")
    report = tile([source], root, TileSettings(base_url=f"http://{host}"), workers=1)
    assert report.count("done") == 1
    suite = validator.TestSuite(validator.ValidationInfo())
    level0 = sorted(name for name, test in suite.list_tests("3.0").items() if test["level"] <= 0)
    assert len(level0) == 5
    failures = {}
    for name in level0:
        result = validator.ImageAPI(source.stem, host, prefix="iiif", version="3.0", debug=False)
        validator.TestSuite(validator.ValidationInfo()).run_test(name, result)
        if result.exception:
            failures[name] = str(result.exception.__dict__)
    assert failures == {}
