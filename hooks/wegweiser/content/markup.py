"""Descriptions: a restricted Markdown subset, rendered and then proven safe.

Providers write paragraphs, emphasis, lists, links (https, mailto, tel) and headings below the
page title. Anything else (raw HTML, images, other link schemes, attribute lists) is rejected with
the offending markup named at its line, never silently dropped: the provider must know. The
rendered HTML is also passed through nh3 (an allowlist sanitiser); if nh3 would change it, the
file is rejected too, so a gap in the checks above can never publish markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Iterator

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
                "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"https", "mailto", "tel"}

_RAW_HTML = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])|<!--|<\?|<!\[?[A-Za-z]")
_ATTR_LIST = re.compile(r"\{:?\s*(?:[#.][\w-]+|[\w-]+\s*=)[^}\n]*\}")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based within the body
    col: int
    message: str


def _source_findings(body: str) -> Iterator[Finding]:
    in_fence = False
    for n, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith(("    ", "\t")):
            continue  # code is shown as text, HTML in it is harmless
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        named = set()
        for m in _RAW_HTML.finditer(text):
            tag = (m.group(1) or "!").lstrip("/").lower()
            if tag in named:
                continue
            named.add(tag)
            shown = text[m.start(): text.find(">", m.start()) + 1 or m.start() + 20][:60]
            yield Finding(n, m.start() + 1, f"HTML ist in der Beschreibung nicht erlaubt: „{shown}“. "
                          "Schreiben Sie nur Text und Markdown (z. B. **fett**, Listen mit „- “, "
                          "Links als [Text](https://…)). Soll ein „<“ als Zeichen erscheinen, schreiben "
                          "Sie „\\<“.")
        for m in _ATTR_LIST.finditer(text):
            yield Finding(n, m.start() + 1, f"Attribut-Angaben in geschweiften Klammern („{m.group(0)[:40]}“) "
                          "werden nicht unterstützt. Entfernen Sie sie.")
        for m in _CONTROL.finditer(line):
            yield Finding(n, m.start() + 1, f"Der Text enthält ein unsichtbares Steuerzeichen "
                          f"(U+{ord(m.group(0)):04X}). Löschen Sie es.")
        if re.match(r"#(?!#)\s", line):
            yield Finding(n, 1, "Überschriften in der Beschreibung beginnen mit „##“; „#“ ist der Name "
                          "des Angebots und steht schon oben auf der Seite.")


class _Walker(HTMLParser):
    """Every tag, attribute and text of some HTML, entities decoded: what a browser would see."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, str, str]] = []  # (kind, name, value)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("tag", tag, ""))
        for name, value in sorted(attrs):
            self.tokens.append(("attr", f"{tag}[{name}]", value or ""))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag, ""))

    def handle_data(self, data):
        if data.strip():
            self.tokens.append(("text", "", " ".join(data.split())))

    def handle_comment(self, data):
        self.tokens.append(("tag", "!--", data))


_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")


def link_scheme(url: str) -> str:
    """The scheme a browser would see: control characters and whitespace are ignored by browsers.

    Only the text before the first colon can be a scheme (removing characters adds no colon), so
    the scanner's many strings without one cost a single membership test.
    """
    colon = url.find(":")
    if colon < 0:
        return ""
    head = _IGNORED_IN_URL.sub("", url[:colon]).lower()
    return head if _SCHEME.fullmatch(head) else ""


def _line_of(body: str, needle: str) -> int:
    for n, line in enumerate(body.split("\n"), start=1):
        if needle and needle in line:
            return n
    return 1


def _rendered_findings(body: str, tokens: list[tuple[str, str, str]], source_has_html: bool) -> Iterator[Finding]:
    for kind, name, value in tokens:
        if kind == "tag" and name == "img":
            yield Finding(_line_of(body, "!["), 1, "Bilder sind in der Beschreibung nicht möglich (ein Bild "
                          "von einer anderen Seite würde Besuche an Dritte verraten). Entfernen Sie „![…](…)“.")
        elif kind == "attr" and name == "a[href]":
            scheme = link_scheme(value)
            if scheme not in URL_SCHEMES:
                yield Finding(_line_of(body, value[:20]) if value else 1, 1,
                              f"Der Link „{value[:60]}“ ist nicht erlaubt. Links müssen mit https://, mailto: "
                              "oder tel: beginnen" + (" (http:// ist unverschlüsselt: schreiben Sie https://)."
                                                      if scheme == "http" else "."))
        elif source_has_html or name in ("h1", "img[src]", "img[alt]"):
            continue  # already named, with its line, from the source
        elif kind == "tag" and name not in ALLOWED_TAGS:
            yield Finding(1, 1, f"Die Beschreibung erzeugt nicht erlaubtes Markup „<{name}>“.")
        elif kind == "attr" and name.split("[")[1][:-1] not in ALLOWED_ATTRIBUTES.get(name.split("[")[0], ()):
            yield Finding(1, 1, f"Die Beschreibung erzeugt ein nicht erlaubtes Attribut „{name}“.")


def _md() -> markdown.Markdown:
    # No extension that adds syntax beyond plain Markdown: no attr_list, md_in_html, snippets, toc.
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


_converter = _md()


def to_html(body: str) -> str:
    _converter.reset()
    html = _converter.convert(body)
    # h1 is the page title; descriptions start at h2, so "# x" never competes with it.
    return html


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


@lru_cache(maxsize=None)
def check(body: str) -> tuple[str, tuple[Finding, ...]]:
    """(safe HTML, findings). The HTML is only to be published when there are no findings.

    Cached: validation and rendering check the same description once per build, not twice.
    """
    findings = list(_source_findings(body))
    html = to_html(body)
    has_html = any(f.message.startswith("HTML") for f in findings)
    tokens = _Walker(html).tokens
    findings += _rendered_findings(body, tokens, has_html)
    clean = sanitize(html)
    # Equal text has equal tokens: parse the cleaned HTML only when nh3 changed something.
    if not findings and clean != html and _Walker(clean).tokens != tokens:
        findings.append(Finding(1, 1, "Die Beschreibung enthält Markup, das beim Bereinigen entfernt würde. "
                                "Verwenden Sie nur Text, Listen, Hervorhebungen, Überschriften ab „##“ und "
                                "Links mit https://, mailto: oder tel:."))
    return clean, tuple(findings)
