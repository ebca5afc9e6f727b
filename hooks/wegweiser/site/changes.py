"""What a generated page depends on, as hash keys: `mkdocs serve --dirty` rebuilds a page only when
its key changed (engine.py compares them between rebuilds; see its docstring)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
from jinja2 import meta

from ..model import District, Offer
from . import pages, scan


def fingerprint(value, memo: dict[int, int]):
    """A hashable stand-in for a page context. Offers and Stadtteile are frozen dataclasses: their
    hash covers every field, and each is hashed once however many lists show it."""
    if isinstance(value, (Offer, District)):
        key = memo.get(id(value))
        if key is None:
            key = memo[id(value)] = hash(value)
        return key
    if isinstance(value, dict):
        return tuple((k, fingerprint(v, memo)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(fingerprint(v, memo) for v in value)
    return repr(value)


def page_key(spec: pages.PageSpec, memo: dict[int, int]) -> int:
    return hash((spec.template, spec.title, spec.description, spec.hide, spec.robots, spec.in_nav,
                 fingerprint(spec.context, memo)))


def shared_key(config, directory, settings, site) -> int:
    """Everything every generated page may show besides its own PageSpec."""
    custom = Path(config["theme"].custom_dir)
    templates = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in custom.rglob("*") if p.is_file())
    theme = {k: v for k, v in config["theme"].items() if isinstance(v, (str, int, float, bool, list, dict, type(None)))}
    cal = directory.calendar  # the holidays: next dates on offer pages, which offers have calendar files
    return hash((repr(directory.vocabulary), repr(tuple(directory.districts.values())), repr(directory.boundaries),
                 directory.today, cal.state, cal.school, tuple(cal.public.items()), directory.has_examples, repr(settings), tuple(sorted(site.template_globals)),
                 repr([config.get(k) for k in ("site_name", "site_url", "copyright", "nav", "extra",
                                               "markdown_extensions")]), repr(theme), tuple(templates)))


def page_keys(config, directory, settings, site, env: jinja2.Environment) -> dict[str, int]:
    """src_uri -> the key of each generated page: everything shared, its PageSpec, and the values of
    the features' template globals its template reads."""
    shared = shared_key(config, directory, settings, site)
    memo: dict[int, int] = {}
    used: dict[str, int] = {}
    return {spec.src_uri: hash((shared, page_key(spec, memo), globals_key(env, spec.template, site, used)))
            for spec in site.pages}


_PARSED: dict[tuple[str, str], tuple[frozenset[str], tuple[str, ...]]] = {}


def template_names(env: jinja2.Environment, name: str) -> frozenset[str]:
    """Every name a page template may read from its globals, through the templates it includes,
    imports or extends (each template version parsed once per process)."""
    seen, todo, names = set(), [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]
        except jinja2.TemplateNotFound:
            continue
        found = _PARSED.get((current, source))
        if found is None:
            # parsed without the environment's globals: jinja counts a name it has as declared
            bare = jinja2.Environment(extensions=list(env.extensions))
            bare.filters.update(env.filters)
            bare.tests.update(env.tests)
            ast = bare.parse(source)
            found = _PARSED[(current, source)] = (frozenset(meta.find_undeclared_variables(ast)),
                                                  tuple(n for n in meta.find_referenced_templates(ast) if n))
        names |= found[0]
        todo.extend(found[1])
    return frozenset(names)


def _key(key):
    return key() if callable(key) else key


def globals_key(env: jinja2.Environment, template: str, site, memo: dict[str, int]) -> int:
    """What a page shows through the features' template globals (Site.template_globals): a value by
    its repr (the finder's data folders on the search page), a function by the key its feature gives
    in Site.global_keys (None when it gives none: such a function must depend on its arguments alone;
    a callable key is asked when the first page is rendered, after every feature has added its files)."""
    key = memo.get(template)
    if key is None:
        used = template_names(env, template) & site.template_globals.keys()
        key = memo[template] = hash(tuple(
            (n, _key(site.global_keys.get(n)) if callable(site.template_globals[n]) else repr(site.template_globals[n]))
            for n in sorted(used)))
    return key


def digest(content) -> bytes:
    """A generated file's bytes as a key (a file in the spool is read in pieces)."""
    h = hashlib.blake2b(digest_size=20)
    if isinstance(content, Path):
        with open(content, "rb") as file:
            while piece := file.read(1 << 20):
                h.update(piece)
    else:
        h.update(content.encode() if isinstance(content, str) else content)
    return h.digest()


class Rescan:
    """The output scan for `mkdocs serve` rebuilds: a file's findings depend on its name and bytes
    alone, so a file whose bytes did not change since the last rebuild is not scanned again."""

    def __init__(self) -> None:
        self.kept: dict[tuple, list[str]] = {}

    def findings(self, assets: dict, redirects: set[str]) -> list[str]:
        out, kept = [], {}
        for uri, content in assets.items():
            key = (uri, uri in redirects, digest(content))
            found = self.kept.get(key)
            if found is None:
                found = scan.scan_asset(uri, content, uri in redirects)
            kept[key] = found
            out += [f"{uri}: {f}" for f in found]
        self.kept = kept
        return out


class Sitemap:
    """sitemap.xml in --dirty rebuilds. mkdocs renders it over every page on every rebuild (part of
    its floor: 0.15 s at 8,000 pages); it is left out when nothing it reads changed since the last
    build that succeeded, and the file written then (the same bytes) stays."""

    def __init__(self) -> None:
        self.built: int | None = None  # the key of the sitemap on disk
        self.wanted: int | None = None

    def plan(self, config, files, specs: dict, build_date: str) -> None:
        pages_ = []
        for f in files.documentation_pages():
            page = f.page
            if page is None:
                continue
            spec = specs.get(f.src_uri)
            if spec is not None and spec.robots and not page.meta:
                # not read in this rebuild (unchanged): the sitemap leaves noindex pages out by their
                # meta, as a full build does (the whole meta cost 0.2 s at 8,000 pages)
                page.meta = {"robots": spec.robots}
            pages_.append((f.url, page.is_link, page.canonical_url, page.abs_url, (page.meta or {}).get("robots")))
        extra = config.get("extra") or {}
        template = Path(config["theme"].custom_dir) / "sitemap.xml"
        self.wanted = hash((config.get("site_url"), repr((extra.get("wegweiser") or {}).get("languages")),
                            repr(sorted(extra.get("wegweiser_translated") or ())), build_date, tuple(pages_),
                            template.read_bytes() if template.is_file() else b""))
        if self.wanted == self.built:
            config["theme"].static_templates.discard("sitemap.xml")
