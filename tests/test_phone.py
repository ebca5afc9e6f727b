"""Light pages for a cheap phone: what the built HTML asks the browser to fetch before it can paint."""
import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

PAGE_TYPES = {
    "start": "index.html",
    "lebensphasen": "lebensphasen/index.html",
    "lebensphase": "lebensphasen/kita/index.html",
    "stadtteile": "stadtteile/index.html",
    "stadtteil": "stadtteile/hassel/index.html",
    "angebot": "angebote/krabbelgruppe-erle/index.html",
    "suche": "suche/index.html",
    "statisch": "ueber/index.html",
    "offene-daten": "offene-daten/index.html",
    "planung": "planung/versorgung/index.html",
    "404": "404.html",
}
LIMIT_GZIP = 40 * 1024
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)


def head(html: str) -> str:
    return html[: html.index("</head>")]


def stylesheets(html: str) -> list[str]:
    return [re.search(r'href="([^"]+)"', tag).group(1) for tag in _LINK.findall(head(html))
            if re.search(r'rel="?stylesheet', tag)]


def blocking(site: Path, page: str) -> dict[str, int]:
    """gzip bytes of every stylesheet and synchronous script in <head> (what blocks the first paint)."""
    html = (site / page).read_text(encoding="utf-8")
    urls = stylesheets(html) + [re.search(r'src="([^"]+)"', attrs).group(1) for attrs in _SCRIPT.findall(head(html))
                                if "src=" in attrs and not re.search(r"\b(defer|async)\b|type=\"?module", attrs)]
    out = {}
    for url in urls:
        path = urlsplit(urljoin("http://x/" + page, url)).path.lstrip("/")
        out[path] = len(gzip.compress((site / path).read_bytes(), 6))
    return out


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_charset_comes_first_and_once(demo_site, name):
    html = (demo_site / PAGE_TYPES[name]).read_text(encoding="utf-8")
    first = re.search(r"<head>\s*(<[^>]+>)", html).group(1)
    assert first == '<meta charset="utf-8">'
    assert html.encode().index(b"<meta charset") < 1024
    assert html.count("<meta charset") == 1
    assert html.index("<meta charset") < html.index("Content-Security-Policy")


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_render_blocking_bytes_stay_under_40_kb_gzip(demo_site, name):
    sizes = blocking(demo_site, PAGE_TYPES[name])
    assert sizes, "no stylesheet found: the check would pass on anything"
    assert sum(sizes.values()) <= LIMIT_GZIP, sizes


def test_each_page_links_only_the_stylesheets_it_uses(demo_site):
    def own(page):
        return {Path(urlsplit(u).path).name for u in stylesheets((demo_site / page).read_text(encoding="utf-8"))
                if "/stylesheets/" not in u}

    assert own("index.html") == own("ueber/index.html") == own("lebensphasen/kita/index.html") == {"wegweiser.css"}
    assert own("suche/index.html") == {"wegweiser.css", "finder.css", "finder-nojs.css"}  # the last in <noscript>
    for page in ("stadtteile/index.html", "stadtteile/hassel/index.html", "angebote/krabbelgruppe-erle/index.html"):
        assert own(page) == {"wegweiser.css", "maps.css"}, page
    assert own("planung/versorgung/index.html") == {"wegweiser.css", "planning.css"}
    # The finder's scripts are the finder page's alone.
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "finder.js" not in home and "finder-search.js" not in home


def test_a_stadtteil_page_shows_a_few_cards_per_stage_and_links_the_full_lists(monkeypatch):
    """Bounded at any size: past CARDS_PER_STAGE cards a stage links its stage × Stadtteil page, past
    NEARBY_SHOWN names a neighbour links its own page (both pages exist)."""
    import datetime as dt
    from conftest import ROOT, TODAY
    from wegweiser.content.directory import load_directory
    from wegweiser.site import features, pages
    from wegweiser.site.render import Renderer
    monkeypatch.setattr(pages, "CARDS_PER_STAGE", 1)
    monkeypatch.setattr(pages, "NEARBY_SHOWN", 1)
    directory = load_directory(ROOT / "content", dt.date.fromisoformat(TODAY)).directory
    settings = pages.SiteSettings()
    site = pages.build_site(directory, settings, features.ALL)
    uris = {p.src_uri for p in site.pages}
    (spec,) = [p for p in site.pages if p.src_uri == "stadtteile/altstadt/index.md"]
    html = Renderer(ROOT / "overrides" / "wegweiser", settings, directory, site.template_globals).render(spec, "../../")
    view = pages.district_view(directory, directory.districts["altstadt"])
    longer = [s for s, offers in view["by_stage"].items() if len(offers) > 1]
    assert longer
    for stage, offers in view["by_stage"].items():
        section = html[html.index(f'id="{stage}"'):]
        section = section[:section.index("</section>")]
        assert section.count('<article class="ww-card') == min(len(offers), 1), stage
        link = f'href="../../lebensphasen/{stage}/altstadt/"'
        assert (link in section) == (len(offers) > 1), stage
        if len(offers) > 1:
            assert f"lebensphasen/{stage}/altstadt/index.md" in uris
            assert f"{len(offers)} Angebote</a>" in section
    for neighbour, listed in view["nearby"]:
        section = html[html.index(f'id="nahe-{neighbour.id}"'):]
        section = section[:section.index("</section>")]
        assert section.count("<li>") == min(len(listed), 1)
        assert (f"{len(listed)} Angebote</a>" in section) == (len(listed) > 1)
