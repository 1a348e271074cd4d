"""The README's nginx configuration, run by a real nginx over the published samples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from harness import free_port, request

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
README = Path(__file__).resolve().parents[2] / "README.md"
if not Path(NGINX).exists():
    if os.environ.get("EHERITAGE_CI"):
        raise RuntimeError("nginx is missing, and EHERITAGE_CI says this test must run")
    pytest.skip("nginx is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("nginx")
    block = re.search(r"```nginx\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[1]
    port = free_port()
    site = block.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/eheritage/out", str(published.out))
    # As root, nginx's workers become nobody, who cannot read pytest's private temp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1; pid {folder}/nginx.pid; error_log {folder}/error.log; daemon off;\n"
        f"events {{}}\nhttp {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {folder};\n"
        f"proxy_temp_path {folder}; fastcgi_temp_path {folder}; uwsgi_temp_path {folder}; scgi_temp_path {folder};\n"
        f"{site}\n}}\n", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)], stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            request(root + "/index.html")
            break
        except OSError:
            time.sleep(0.05)
    yield root
    process.terminate()
    process.wait(timeout=10)


def test_nginx_serves_record_uris_by_negotiation_with_cors(nginx, published) -> None:
    html = request(f"{nginx}/record/NHM-2003-0117", headers={"Accept": "text/html"})
    assert html.status == 200 and html.headers["content-type"].startswith("text/html") and "<h1>" in html.text
    assert html.headers["access-control-allow-origin"] == "*" and html.headers["vary"] == "Accept"
    turtle = request(f"{nginx}/record/NHM-2003-0117", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"] == "text/turtle" and "@prefix" in turtle.text
    jsonld = request(f"{nginx}/record/NHM-2003-0117", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json" and jsonld.text.startswith("{")
    manifest = request(f"{nginx}/iiif/manifest/NHM-2003-0117.json")
    assert manifest.headers["content-type"] == "application/ld+json" and manifest.headers["access-control-allow-origin"] == "*"
    assert request(f"{nginx}/").status == 200


def test_nginx_hides_working_files(nginx) -> None:
    for path in ("/catalog.sqlite", "/report.json", "/fixity/published.sha256", "/.eheritage/lock", "/iiif/.scratch-x"):
        assert request(nginx + path).status == 404, path
