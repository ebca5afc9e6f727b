"""The form page made from the schema (site/form.py) and the repository links (site/repository.py)."""
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import MINI, ROOT, TODAY
from wegweiser.content import schema
from wegweiser.content.directory import load_directory
from wegweiser.model import ConfigError
from wegweiser.site import form
from wegweiser.site.pages import Site, SiteSettings, build_site
from wegweiser.site.render import Renderer
from wegweiser.site.repository import Repository


@pytest.fixture(scope="module")
def mini():
    return load_directory(MINI, dt.date.fromisoformat(TODAY)).directory


def paths(node, out=None):
    out = [] if out is None else out
    if node.path:
        out.append((node.path, node.kind))
    for c in node.children:
        paths(c, out)
    if node.item and node.item.kind == "object":
        for c in node.item.children:
            paths(c, out)
    return out


def schema_paths(s, prefix=""):
    for key, sub in s.get("properties", {}).items():
        path = f"{prefix}{key}"
        yield path
        inner = sub.get("items") if sub.get("type") == "array" else sub
        if isinstance(inner, dict) and inner.get("type") == "object":
            yield from schema_paths(inner, path + ".")


def test_every_field_of_the_schema_is_in_the_form_in_its_order(mini):
    root = form.fields(mini)
    assert [p for p, _ in paths(root)] == list(schema_paths(schema.offer_schema(mini.vocabulary)))
    kinds = dict(paths(root))
    assert kinds["life_stages"] == kinds["districts"] == kinds["locations.accessibility"] == "checks"
    assert kinds["locations"] == kinds["schedule"] == "list"
    assert (kinds["valid_from"], kinds["schedule.opens"], kinds["age.min"], kinds["cost.free"]) == \
        ("date", "time", "number", "boolean")
    assert kinds["status"] == kinds["locations.district"] == "select"
    assert "json" not in kinds.values()  # every field of today's schema has a proper input


def test_a_new_schema_field_appears_in_the_form_without_editing_it(mini, monkeypatch):
    original = schema.offer_schema

    def extended(vocab):
        s = original(vocab)
        s["properties"]["provider"]["properties"]["maintainers"] = {
            "type": "array", "items": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"},
            "description": "GitHub-Namen der Zuständigen"}
        s["properties"]["former_ids"] = {"type": "array", "items": {"type": "string", "pattern": schema.ID},
                                         "description": "Frühere Kennungen"}
        s["properties"]["odd"] = {"oneOf": [{"type": "string"}, {"type": "number"}], "description": "Seltsam"}
        return s

    monkeypatch.setattr(schema, "offer_schema", extended)
    root = form.fields(mini)
    kinds = dict(paths(root))
    assert kinds["provider.maintainers"] == "list" and kinds["former_ids"] == "list"
    assert kinds["odd"] == "json"  # what the walk does not know is edited as JSON, never dropped
    placed = {n.key for _, _, members in form.groups(root) for n in members if n != "body"}
    assert {"former_ids", "odd"} <= placed
    html = render_form(mini)
    assert 'data-key="former_ids"' in html and 'data-key="maintainers"' in html and "Frühere Kennungen" in html


def render_form(directory, settings=SiteSettings()) -> str:
    site = Site([])
    form.extend(directory, settings, site)
    spec = site.pages[0]
    return Renderer(ROOT / "overrides" / "wegweiser", settings, directory, site.template_globals).render(spec, "../")


def test_the_page_lists_vocabulary_labels_and_embeds_the_spec(mini):
    html = render_form(mini)
    assert ">Baby (erstes Lebensjahr)</label>" in html and ">Nordviertel</option>" in html
    spec = json.loads(html.split('id="ww-form-spec">')[1].split("</script>")[0])
    assert [c["key"] for c in spec["children"]][:3] == ["name", "summary", "provider"]
    assert spec["children"][0]["rules"]["maxLength"] == 120


def test_one_prefill_file_per_published_offer_with_the_front_matter_as_written(mini):
    site = build_site(mini, SiteSettings(), [form.extend])
    files = {k: json.loads(v) for k, v in site.assets.items() if k.startswith(form.PREFILL_DIR)}
    assert sorted(files) == sorted(f"{form.PREFILL_DIR}/{o.id}.json" for o in mini.published)
    one = files[f"{form.PREFILL_DIR}/hebamme-altstadt.json"]
    assert one["front"]["locations"][0]["postal_code"] == "45879"  # text, as written
    assert one["front"]["last_reviewed"] == "2026-10-01" and one["body"].startswith("Die Hebamme")


def test_repository_links_for_github_and_gitlab():
    gh = Repository.from_config({"host": "github", "url": "https://github.com/stadt/ww/", "branch": "main"})
    assert gh.edit_url("content/offers/a b.md") == "https://github.com/stadt/ww/edit/main/content/offers/a%20b.md"
    assert gh.new_url("content/offers", "x.md", "---\na: \"ü&\"\n") == \
        "https://github.com/stadt/ww/new/main?filename=content/offers/x.md&value=---%0Aa%3A%20%22%C3%BC%26%22%0A"
    gl = Repository.from_config({"host": "gitlab", "url": "https://gitlab.opencode.de/stadt/ww", "branch": "daten"})
    assert gl.edit_url("content/offers/x.md") == "https://gitlab.opencode.de/stadt/ww/-/edit/daten/content/offers/x.md"
    assert gl.new_url("content/offers") == "https://gitlab.opencode.de/stadt/ww/-/new/daten/content/offers"
    assert Repository.from_config(None) is None


@pytest.mark.parametrize("value,needle", [
    ({"host": "bitbucket", "url": "https://x.org/a/b"}, "host"),
    ({"host": "github", "url": "http://github.com/a/b"}, "url"),
    ({"host": "github", "url": "https://github.com/a/b", "branch": "a..b"}, "branch"),
    ({"host": "github", "url": "https://github.com/a/b", "token": "x"}, "token"),
    ("https://github.com/a/b", "Unterfelder"),
])
def test_a_repository_setting_that_cannot_work_is_a_german_config_error(value, needle):
    with pytest.raises(ConfigError, match=needle):
        Repository.from_config(value)


def test_the_old_edit_url_setting_says_what_replaces_it():
    with pytest.raises(ConfigError, match="repository"):
        SiteSettings.from_config({"edit_url": "https://example.org/{path}"})


def test_a_text_that_reads_as_a_script_url_is_marked_in_the_prefill_file(mini):
    offer = mini.published[0]
    marked = json.loads(form.prefill(type(offer)(**{**offer.__dict__, "data": {**offer.data, "name": "javascript:x()"}})))
    assert marked["front"]["name"] == "\u2060javascript:x()" and marked["front"]["summary"] == offer.data["summary"]


def test_every_picture_of_the_provider_guide_exists_and_is_made_by_the_screenshot_script():
    import re
    guide = (ROOT / "docs" / "angebot-eintragen.md").read_text(encoding="utf-8")
    script = (ROOT / "scripts" / "doc_screenshots.py").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\((bilder/[^)]+\.png)\)", guide)
    assert len(pictures) >= 8
    for rel in pictures:
        assert (ROOT / "docs" / rel).is_file(), rel
        assert f'"{Path(rel).stem}"' in script, f"{rel} is not made by make screenshots"


def test_form_messages_ask_for_the_bare_value_not_for_quotes(mini):
    """The form writes the quotes itself: its messages never ask the provider to type them."""
    def walk(n):
        yield n
        for c in n.children:
            yield from walk(c)
        if n.item:
            yield from walk(n.item)
    root = form.fields(mini)
    for n in walk(root):
        assert "Anführungszeichen" not in n.rules.get("error", ""), n.path
        assert '"' not in n.rules.get("error", ""), n.path
