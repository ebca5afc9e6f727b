"""What a generated page depends on, as hash keys: `mkdocs serve --dirty` rebuilds a page only when
its key changed (engine.py compares them between rebuilds; see its docstring)."""
from __future__ import annotations

from pathlib import Path

from ..model import District, Offer
from . import pages


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
    return hash((repr(directory.vocabulary), repr(tuple(directory.districts.values())), repr(directory.boundaries),
                 directory.today, directory.has_examples, repr(settings), tuple(sorted(site.template_globals)),
                 repr([config.get(k) for k in ("site_name", "site_url", "copyright", "nav", "extra",
                                               "markdown_extensions")]), repr(theme), tuple(templates)))
