"""Property-based fuzzing (P5): any text yields a clean error or safe output, never a crash."""
import html
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from hostile import offer_text
from wegweiser.content import markup
from wegweiser.content.directory import load_directory
from wegweiser.model import today
from wegweiser.site.pages import SiteSettings, build_site
from wegweiser.site.render import Renderer
from wegweiser.site.scan import scan_fragment
from wegweiser.content.yamlload import load
from conftest import ROOT

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
markdownish = st.lists(st.sampled_from(list("<>&\"'`*_[]()!#-:/\\ \n=.;{}|@~%aAzZ09äß") +
                                      ["javascript:", "https://", "<script>", "](", "&#", "\u202e", "tel:",
                                       "mailto:", "<img ", " onerror=", "\n\n", "    ", "- ", "[x]: "]),
                      max_size=80).map("".join)


@FUZZ
@given(st.text(max_size=400))
def test_yaml_loader_never_raises(text):
    doc, problems = load(text, "f.yml")
    assert doc is not None or problems


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_an_offer_file_give_problems_not_crashes(tree, raw):
    tree.write("offers/fuzz.md", raw)
    result = load_directory(tree.path, today())
    assert "fuzz" in result.directory.offers or any(p.path.endswith("fuzz.md") for p in result.errors)


@FUZZ
@given(markdownish)
def test_description_is_rejected_or_safe(body):
    clean, findings = markup.check(body)
    if not findings:
        assert scan_fragment(clean) == []
        assert "<script" not in clean.lower()  # as text it is escaped; as an element it must not exist


def _render_offer(directory, offer_id):
    renderer = Renderer(ROOT / "overrides" / "wegweiser", SiteSettings(), directory)
    site = build_site(directory, SiteSettings())
    spec = next(s for s in site.pages if s.src_uri == f"angebote/{offer_id}/index.md")
    return renderer.render(spec, "../../")


@FUZZ
@given(st.text(max_size=130))
def test_any_one_line_text_is_rejected_or_escaped_everywhere(tree, text):
    tree.write("offers/fuzz.md", offer_text(text, "Beschreibung."))
    result = load_directory(tree.path, today())
    if "fuzz" not in result.directory.offers:
        assert any(p.path.endswith("fuzz.md") and p.is_error for p in result.problems)
        return
    page = _render_offer(result.directory, "fuzz")
    assert scan_fragment(page) == []
    h1 = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert html.unescape(h1) == text
    ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(ld)["name"] == text
