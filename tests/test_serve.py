"""`mkdocs serve` (what `make serve` runs) rebuilds when a provider edits a content file."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import MINI, TODAY
from support import write_config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_after_an_edit_in_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    config = write_config(tmp_path, content)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=tmp_path,
                              env={**os.environ, "WEGWEISER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/angebote/hebamme-altstadt/"
    try:
        assert wait_for(lambda: "Hebammensprechstunde Altstadt" in fetch(url), 90)
        offer = content / "offers" / "hebamme-altstadt.md"
        offer.write_text(offer.read_text(encoding="utf-8").replace(
            "name: Hebammensprechstunde Altstadt", "name: Hebammensprechstunde am Markt"), encoding="utf-8")
        assert wait_for(lambda: "Hebammensprechstunde am Markt" in fetch(url), 60)
        assert "'unsafe-inline'" in fetch(url).replace("&#39;", "'").split("script-src", 1)[1].split(";", 1)[0]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
