"""The parts of the mkdocs adapter (engine.py) that are no events: the kinds of generated file, the
navigation of each further language, what a generated page tells Material's frame."""
from __future__ import annotations

import os
import re
import shutil

from markupsafe import Markup, escape
from mkdocs.structure.files import File

from .site import i18n, pages


class SpooledFile(File):
    """A generated file written into the build's spool folder: hard-linked into site_dir (a copy
    where the two folders are on different file systems), so it is neither held in memory nor
    written twice."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
        try:
            os.link(self.abs_src_path, target)
        except OSError:
            shutil.copyfile(self.abs_src_path, target)


class GeneratedPage(File):
    """A generated page that tells mkdocs' --dirty build whether its inputs changed."""

    changed = None  # set per instance: src_uri -> bool

    def is_modified(self) -> bool:
        return True if self.changed is None else self.changed(self.src_uri)


def local_nav(item, prefix: str):
    """The configured nav for one more language: titles through the catalog, page paths prefixed."""
    if isinstance(item, list):
        return [local_nav(i, prefix) for i in item]
    if isinstance(item, dict):
        return {i18n.gettext(k): local_nav(v, prefix) for k, v in item.items()}
    if isinstance(item, str) and "://" not in item:
        return prefix + item
    return item


def nav_paths(item):
    if isinstance(item, list):
        for i in item:
            yield from nav_paths(i)
    elif isinstance(item, dict):
        for v in item.values():
            yield from nav_paths(v)
    elif isinstance(item, str):
        yield item


_HTML_TAG = re.compile(r"<html\b([^>]*)>")


def with_direction(output: str, direction: str) -> str:
    """dir on <html> too (Material sets it on <body>), so the whole document reads in one direction."""
    return _HTML_TAG.sub(lambda m: f'<html dir="{direction}"{m.group(1)}>', output, count=1)


def page_meta(spec: pages.PageSpec, lang: str) -> dict:
    # Provider text reaches Material's templates only as escaped Markup (they do not autoescape).
    return {"title": Markup(escape(spec.title)), "hide": list(spec.hide),
            "description": Markup(escape(spec.description)), "robots": spec.robots, "ww_lang": lang}
