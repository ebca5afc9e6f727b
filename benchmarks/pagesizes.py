"""The largest generated page of each kind, gzipped, without a full mkdocs build.

    python -m benchmarks.pagesizes --offers 50000

Renders every generated page's content with the site's own renderer and adds the measured bytes of
Material's frame around it (header, navigation, footer: the same on every page). Quicker than a
build at 50,000 offers and the same figure within a few hundred bytes.
"""
from __future__ import annotations

import argparse
import gzip
import os
import tempfile
import time
from pathlib import Path

from .generate import REFERENCE_DAY, generate

ROOT = Path(__file__).resolve().parent.parent
FRAME_GZIP = 5_000  # Material's frame of a page, gzipped (measured on the demo: 20.6 KB raw, 4.9 KB gzip)


def measure(content: Path) -> dict[str, tuple[int, int, str]]:
    os.environ.setdefault("WEGWEISER_TODAY", REFERENCE_DAY.isoformat())
    from wegweiser.content.directory import load_directory
    from wegweiser.model import today
    from wegweiser.site import features, pages
    from wegweiser.site.render import Renderer
    directory = load_directory(content, today()).directory
    settings = pages.SiteSettings()
    site = pages.build_site(directory, settings, features.ALL)
    renderer = Renderer(ROOT / "overrides" / "wegweiser", settings, directory, site.template_globals)
    largest: dict[str, tuple[int, int, str]] = {}
    for spec in site.pages:
        html = renderer.render(spec, "../" * spec.url.count("/")).encode()
        size = (len(gzip.compress(html, 6)) + FRAME_GZIP, len(html), spec.url)
        if size > largest.get(spec.template, (0, 0, "")):
            largest[spec.template] = size
    return largest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pagesizes")
    parser.add_argument("--offers", type=int, default=50_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        generate(Path(tmp) / "content", args.offers)
        largest = measure(Path(tmp) / "content")
    print(f"| Vorlage | größte Seite bei {args.offers:,} Angeboten | gzip | roh |".replace(",", "."))
    print("|---|---|---:|---:|")
    for template, (gz, raw, url) in sorted(largest.items(), key=lambda kv: -kv[1][0]):
        print(f"| `{template}` | `/{url}` | {gz / 1024:.0f} KB | {raw / 1024:.0f} KB |")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
