"""`mkdocs serve` (what `make serve` runs) rebuilds when a provider edits a content file."""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

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


@contextmanager
def serving(tmp_path, *flags):
    """`mkdocs serve` on a copy of the mini fixture. Yields (base URL, content dir, log); the log
    holds the server's output once the block has ended, and must show no traceback."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    config = write_config(tmp_path, content)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *flags, "-f", str(config), "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=tmp_path,
                              env={**os.environ, "WEGWEISER_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log: list[str] = []
    try:
        yield f"http://127.0.0.1:{port}/", content, log
    finally:
        server.terminate()
        log.append(server.communicate(timeout=30)[0])
    assert "Traceback" not in log[0]


def rename_offer(content):
    offer = content / "offers" / "hebamme-altstadt.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace(
        "name: Hebammensprechstunde Altstadt", "name: Hebammensprechstunde am Markt"), encoding="utf-8")


def test_serve_rebuilds_after_an_edit_in_content(tmp_path):
    with serving(tmp_path) as (base, content, _):
        url = base + "angebote/hebamme-altstadt/"
        assert wait_for(lambda: "Hebammensprechstunde Altstadt" in fetch(url), 90)
        rename_offer(content)
        assert wait_for(lambda: "Hebammensprechstunde am Markt" in fetch(url), 60)
        assert "'unsafe-inline'" in fetch(url).replace("&#39;", "'").split("script-src", 1)[1].split(";", 1)[0]


def test_dirty_serve_rebuilds_only_what_an_edit_touches(tmp_path):
    """`make serve` passes --dirty: an edited offer rebuilds its own page and the lists that show it."""
    with serving(tmp_path, "--dirty") as (base, content, log):
        offer_url = base + "angebote/hebamme-altstadt/"
        assert wait_for(lambda: "Hebammensprechstunde Altstadt" in fetch(offer_url), 90)
        rename_offer(content)
        assert wait_for(lambda: "Hebammensprechstunde am Markt" in fetch(offer_url), 60)
        # the overview pages that list the offer are rebuilt too
        assert wait_for(lambda: "Hebammensprechstunde am Markt" in fetch(base + "lebensphasen/baby/altstadt/"), 30)
        # the exports come from a new spool folder each rebuild (engine._start_spool): never stale
        for export in ("offers.csv", "hsds/compiled/service.json", "offers.geojson"):
            assert wait_for(lambda: "Hebammensprechstunde am Markt" in fetch(base + export), 30), export

        # a Stadtteil's name shows on every offer page there: all generated pages are rebuilt
        district = content / "districts" / "altstadt.md"
        district.write_text(district.read_text(encoding="utf-8").replace("name: Altstadt", "name: Alte Mitte"),
                            encoding="utf-8")
        assert wait_for(lambda: "Alte Mitte" in fetch(offer_url), 60)
    output = log[0]
    counts = [(int(a), int(b)) for a, b in re.findall(r"Wegweiser: (\d+) von (\d+) erzeugten Seiten neu gebaut", output)]
    assert len(counts) >= 3, output[-2000:]
    first, after_offer, after_district = counts[0], counts[1], counts[-1]
    assert first[0] == first[1]  # the first build builds everything
    assert 2 <= after_offer[0] < after_offer[1] // 2
    assert after_district[0] == after_district[1]
