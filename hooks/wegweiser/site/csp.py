"""The Content-Security-Policy of every page, with hashes of the theme's own inline scripts.

The hashes come from rendering Material's script partials (templates), never from built pages, so
a script that reached a page through content can never be on the allowlist. Material's scope
script embeds the page's relative base URL, so it is rendered once for every base URL the site has.
"""
from __future__ import annotations

import base64
import hashlib
import re

# Material 9.8's templates that emit inline <script> code (partials/javascripts/*).
THEME_SCRIPT_PARTIALS = (
    "partials/javascripts/base.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/content.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")


def sha256(code: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


def inline_scripts(html: str) -> list[tuple[str, str]]:
    """(type attribute or "", code) of every inline script element."""
    out = []
    for m in _INLINE_SCRIPT.finditer(html):
        kind = re.search(r"""type\s*=\s*["']?([^"'\s>]+)""", m.group("attrs"))
        out.append((kind.group(1).lower() if kind else "", m.group("body")))
    return out


def executable(scripts: list[tuple[str, str]]) -> list[str]:
    return [code for kind, code in scripts if kind not in DATA_TYPES]


def theme_script_hashes(render, base_urls) -> set[str]:
    """Hashes of every inline script the theme partials produce, for each base URL.

    ``render(template_name, base_url)`` renders one theme template as the theme would include it.
    """
    hashes = set()
    for base_url in sorted(set(base_urls)):
        for name in THEME_SCRIPT_PARTIALS:
            hashes.update(sha256(code) for code in executable(inline_scripts(render(name, base_url))))
    return hashes


def policy(script_hashes: set[str], preview: bool = False) -> str:
    """The policy text. Styles may be inline: Material sets style attributes; scripts may not.

    ``preview`` is for `mkdocs serve` only, whose live-reload script is injected inline per request
    and cannot be hashed ahead; browsers ignore 'unsafe-inline' when hashes are present, so the
    preview policy lists none. Built sites never get it.
    """
    scripts = "'unsafe-inline'" if preview else " ".join(f"'{h}'" for h in sorted(script_hashes))
    return ("default-src 'self'; "
            f"script-src 'self' {scripts}; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; "  # Material's CSS draws its icons as data: SVG
            "font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


def base_url_of(page_url: str) -> str:
    """mkdocs' relative base URL of a page with directory URLs ("" -> ".", "a/b/" -> "../..")."""
    depth = page_url.removeprefix("./").count("/")  # mkdocs calls the home page "./"
    return "/".join([".."] * depth) if depth else "."
