"""Hostile and broken content against promises P1–P10 (see docs/sicherheit.md for the map)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINI, ROOT, TODAY
from hostile import BODY_PAYLOADS, TEXT_PAYLOADS, hostile_content
from support import build_site, mkdocs_build, serve, write_config, RequestLog
from wegweiser.site.scan import scan_html, scan_site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    os.environ["WEGWEISER_TODAY"] = TODAY
    return build_site(work, hostile_content(work / "content"))


def test_hostile_content_builds_and_the_scanner_finds_nothing(hostile_site):
    assert (hostile_site / "angebote" / "text-0" / "index.html").is_file()
    assert scan_site(hostile_site) == []


@pytest.mark.parametrize("i", range(len(TEXT_PAYLOADS)))
def test_text_payload_is_escaped_in_every_context(hostile_site, i):
    html = (hostile_site / "angebote" / f"text-{i}" / "index.html").read_text(encoding="utf-8")
    payload = TEXT_PAYLOADS[i]
    assert payload not in html or "<" not in payload and ">" not in payload and '"' not in payload
    assert "window.__pwned=1</script>" not in html.replace("\\u003c/script", "")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title


def test_template_syntax_is_printed_literally(hostile_site):
    i = next(n for n, p in enumerate(TEXT_PAYLOADS) if "{{ config }}" in p)
    html = (hostile_site / "angebote" / f"text-{i}" / "index.html").read_text(encoding="utf-8")
    assert "{{ config }} {% include &#39;main.html&#39; %} {{ 7*7 }}" in html
    assert "site_name" not in html.split("<article", 1)[1]


def test_snippet_syntax_includes_no_file(hostile_site):
    i = next(n for n, p in enumerate(BODY_PAYLOADS) if "8<" in p)
    html = (hostile_site / "angebote" / f"body-{i}" / "index.html").read_text(encoding="utf-8")
    assert "[core]" not in html and "repositoryformatversion" not in html
    assert "--8&lt;--" in html


@pytest.mark.browser
def test_no_injected_script_runs_in_chromium(hostile_site, browser):
    pages = ["", "lebensphasen/kita/", "stadtteile/altstadt/", "stadtteile/ostend/", "suche/?q=script"]
    pages += [f"angebote/text-{i}/" for i in range(len(TEXT_PAYLOADS))]
    pages += [f"angebote/body-{i}/" for i in range(len(BODY_PAYLOADS))]
    with serve(hostile_site) as url:
        context = browser.new_context()
        page = context.new_page()
        dialogs, violations = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        log = RequestLog(page, url)
        for path in pages:
            page.goto(url + path, wait_until="networkidle")
            page.mouse.move(10, 10)
            page.hover("h1")
            assert page.evaluate("window.__pwned") is None, path
        name = page.locator("h1").inner_text()
        context.close()
    assert dialogs == []
    assert violations == []  # nothing was even attempted against the policy
    assert log.foreign == []
    assert name == "Beschreibung 6"


@pytest.mark.browser
def test_material_works_under_the_csp(demo_url, browser):
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(demo_url + "angebote/krabbelgruppe-erle/", wait_until="networkidle")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme  # JS ran
    assert page.context.cookies() == [] and page.evaluate("document.cookie") == ""
    context.close()
    assert refused == []


def test_every_page_carries_the_policy_and_referrer_policy(demo_site):
    html = (demo_site / "angebote" / "krabbelgruppe-erle" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1).replace("&#39;", "'")
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"):
        assert directive in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert '<meta name="referrer" content="no-referrer">' in html
    assert html.index("Content-Security-Policy") < html.index("<script")


def test_scanner_catches_what_it_must():
    assert scan_html('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
                     '<svg/onload=x><a href="jav&#x61;script:x">x</a><img src="//evil.example/p.gif">'
                     "<iframe></iframe><script>alert(1)</script>") == [
        "Ereignis-Attribut onload an <svg>", "javascript:-URL in href an <a>",
        "Fremde Quelle '//evil.example/p.gif' in src an <img>", "Element <iframe> ist nicht erlaubt",
        "Inline-Skript nicht in der Freigabeliste: 'alert(1)'"]


def test_demo_site_passes_the_scanner(demo_site):
    assert scan_site(demo_site) == []


def test_symlink_in_content_fails_the_build_and_leaks_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    secret = tmp_path / "secret.md"
    secret.write_text((MINI / "offers" / "elterntelefon.md").read_text(encoding="utf-8").replace(
        "Rufen Sie an", "GEHEIMNIS"), encoding="utf-8")
    os.symlink(secret, content / "offers" / "geheim.md")
    result = mkdocs_build(write_config(tmp_path, content))
    assert result.returncode == 1
    assert "Symbolische Links sind im Inhaltsordner nicht erlaubt" in result.stderr
    assert not (tmp_path / "site").exists()


def test_one_bad_file_among_many_lists_all_problems_and_keeps_the_old_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    site = build_site(tmp_path, content)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    template = (MINI / "offers" / "elterntelefon.md").read_text(encoding="utf-8")
    for i in range(300):
        (content / "offers" / f"kopie-{i}.md").write_text(template, encoding="utf-8")
    (content / "offers" / "kopie-7.md").write_text(template.replace("status: active", "status: aktiv")
                                                   .replace("cost: {free: true}", "cost: {free: ja}"), encoding="utf-8")
    result = mkdocs_build(write_config(tmp_path, content))
    assert result.returncode == 1
    assert result.stderr.count("kopie-7.md:") == 2 and "Traceback" not in result.stderr
    assert "2 Fehler, " in result.stdout + result.stderr
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
