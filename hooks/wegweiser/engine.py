"""The adapter between mkdocs' build events and the engine-free wegweiser modules.

Everything mkdocs-specific lives here, so the engine can be swapped (see shared/guides/engine.md).
Output is all-or-nothing: a `mkdocs build` writes into a temporary sibling of `site/` and swaps it
into place only after the whole build (strict-mode check included) succeeded (site/output.py).

`mkdocs serve --dirty` (what `make serve` runs) rebuilds only the generated pages whose inputs changed
(site/changes.py): a page's PageSpec, what all pages share (vocabulary, Stadtteile, holidays, settings,
today, configuration, templates) and the features' template globals its template reads. A feature
whose pages show data of *other* offers through a template function must put that data into the
PageSpec's context or give the function a key (Site.global_keys), or its pages lag behind in this
preview. Rebuilds also keep per-offer results (Site.reuse) and skip scanning unchanged files;
tests/test_rebuilds.py holds a rebuilt site to a fresh build, byte for byte.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from urllib.parse import urlsplit

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import get_build_date

from . import mkdocs_parts as parts, pagefork
from .site import changes, csp, features, i18n, pages, precompress, scan
from .site.output import AtomicOutput, fresh_spool
from .content import checkcache
from .content.checkcache import DiskStore
from .content.directory import LoadCache, load_directory
from .model import ConfigError, today
from .content.problems import summary
from .site.render import Renderer

log = logging.getLogger("mkdocs.wegweiser")


def _no_traceback(event):
    """A bug of ours in a build event ends the build with the German message `wegweiser check`
    prints, not with a Python traceback that looks like the provider broke something."""
    @functools.wraps(event)
    def run(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except Abort:
            raise
        except Exception as err:
            if os.environ.get("WEGWEISER_DEBUG"):
                raise
            raise Abort(f"Wegweiser: Interner Fehler in Wegweiser (kein Fehler in Ihren Dateien): "
                        f"{type(err).__name__}: {err}. Nichts wurde geschrieben. Bitte melden Sie ihn dem "
                        "Koordinationsbüro; mit WEGWEISER_DEBUG=1 erscheinen Details.") from None
    return run


class Build:
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        # --dirty serve: the key of each generated page as last built, and as wanted now
        self.built_keys: dict[str, int] = {}
        self.page_keys: dict[str, int] = {}
        self.rendered = 0
        self.output: AtomicOutput | None = None  # `mkdocs build`: all-or-nothing (site/output.py)
        self.succeeded = False
        self.specs: dict[str, pages.PageSpec] = {}
        self.settings: pages.SiteSettings | None = None
        self.renderer: Renderer | None = None
        self.assets: dict[str, bytes | Path] = {}
        self.spool: Path | None = None  # the generated files of this build (Site.spool)
        self.redirects: set[str] = set()
        self.findings: list[str] = []  # from the output scan; any one fails the build
        self.script_hashes: set[str] = set()
        self.languages: tuple[str, ...] = (i18n.SOURCE,)
        self.navs: dict[str, object] = {}  # language -> its navigation
        self.translated: set[str] = set()  # pages (URL without language prefix) that exist in every language
        self.active_language = None  # the tokens of the page being rendered
        # kept across `mkdocs serve` rebuilds: what each file loaded to, the features' Site.reuse, scans
        self.cache, self.reuse, self.rescan, self.sitemap = LoadCache(), {}, changes.Rescan(), changes.Sitemap()
        self.shares = pagefork.PageShares()  # `mkdocs build`: which process renders which page

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    @_no_traceback
    def on_config(self, config):
        started = time.perf_counter()
        root = Path(config.config_file_path).parent
        try:
            settings = pages.SiteSettings.from_config(config.get("extra", {}).get("wegweiser") or {},
                                                      config.get("site_name", ""))
        except ConfigError as err:
            raise Abort(f"Wegweiser: {err}") from None
        settings = dataclasses.replace(settings, preview=self.command == "serve")
        self.settings = settings
        content = root / settings.content
        # Builds share `wegweiser check`'s cache in .cache/ (a CI job checks, then builds); `mkdocs
        # serve` keeps its own cache across rebuilds and reads the one on disk for its first build.
        cache = self.cache if self.command == "serve" else LoadCache()
        if self.command != "serve" or not cache.files:
            cache.store = DiskStore(checkcache.default_dir(content), content)
        try:
            result = load_directory(content, today(), cache, settings.languages)
        except ConfigError as err:
            raise Abort(f"Wegweiser: {err}") from None
        hits, cache.store = (cache.store.hits if cache.store else 0), None  # rebuilds: the cache in memory
        once = cache is not self.cache  # `mkdocs build`: what only a next load would use can go
        if once:
            del cache  # the parsed files (bytes, positions: 6 KB per offer)
        for p in result.problems:
            (log.error if p.is_error else log.warning)(p.format())
        if not result.ok:
            raise Abort(f"Wegweiser: {summary(result.problems, result.files)}. Der Bau wurde abgebrochen; "
                        "nichts wurde geschrieben. Beheben Sie die Fehler oben (auch: make check).")
        config["extra"]["wegweiser_has_examples"] = result.directory.has_examples
        if len(settings.languages) > 1 and config.get("copyright") and "ww-copyright" not in config["copyright"]:
            # The city's own line in mkdocs.yml is German on every page: marked so (screen readers, RTL).
            config["copyright"] = f'<span class="ww-copyright" lang="de" dir="ltr">{config["copyright"]}</span>'
        self.languages = settings.languages
        if self.command in ("build", "gh-deploy"):  # first: the spool beside the folder is locked with it
            self.output = AtomicOutput(Path(config["site_dir"]), waiting=lambda: log.info(
                f"Wegweiser: Ein anderer Bau schreibt gerade nach {config['site_dir']}. Dieser wartet, bis er "
                "fertig ist."))
        self._drop_spool()
        self.spool = fresh_spool(Path(config["site_dir"]))
        try:
            site = pages.build_site(result.directory, settings, features.ALL, spool=self.spool,
                                    reuse=self.reuse if self.command == "serve" else None)
            if once:
                result.directory.forget_front_matter()
        except ConfigError as err:
            raise Abort(f"Wegweiser: {err}") from None
        self.findings = []
        self.specs = {spec.src_uri: spec for spec in site.pages}
        self.assets = site.assets
        self.redirects = site.redirects
        self.renderer = Renderer(Path(config["theme"].custom_dir) / "wegweiser", settings, result.directory,
                                 site.template_globals)
        if self.output is not None:
            config["site_dir"] = str(self.output.work_dir)
            self.succeeded = False
        self.rendered = 0
        if self.command == "serve" and self.dirty:
            self.page_keys = changes.page_keys(config, result.directory, settings, site, self.renderer.env)
        log.info(f"Wegweiser: {len(result.directory.published)} Angebote veröffentlicht, "
                 f"{summary(result.problems, result.files)}, {hits} davon unverändert laut "
                 f".cache/ ({time.perf_counter() - started:.2f} s)")
        return config

    @_no_traceback
    def on_files(self, files, config):
        # The Markdown pages (docs_dir) in every language: German text in that language's frame.
        for source in [f for f in files.documentation_pages() if f.src_uri not in self.specs]:
            for code in self.languages[1:]:
                files.append(File.generated(config, i18n.language(code).prefix + source.src_uri,
                                            content=source.content_string, inclusion=InclusionLevel.NOT_IN_NAV))
        for spec in self.specs.values():
            in_nav = spec.in_nav and spec.lang == i18n.SOURCE  # other languages get their own nav (on_nav)
            page = parts.GeneratedPage.generated(config, spec.src_uri, content=spec.markdown_placeholder,
                                            inclusion=InclusionLevel.INCLUDED if in_nav
                                            else InclusionLevel.NOT_IN_NAV)
            if self.page_keys:
                page.changed = self._changed
            files.append(page)
        self.shares.plan(list(self.specs), self.command, threading.active_count())
        for uri, content in self.assets.items():
            if isinstance(content, Path):
                files.append(parts.SpooledFile.generated(config, uri, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, uri, content=content))
        return files

    @_no_traceback
    def on_nav(self, nav, config, files):
        """A navigation per language: the configured one, its titles translated, its pages prefixed."""
        self.navs = {i18n.SOURCE: nav}
        by_language: dict[str, set[str]] = {}
        for f in files.documentation_pages():
            lang = i18n.language_of_path(f.src_uri, self.languages).code
            by_language.setdefault(lang, set()).add(i18n.without_prefix(f.url, self.languages))
        self.translated = set.intersection(*by_language.values()) if len(by_language) > 1 else set()
        config["extra"]["wegweiser_translated"] = self.translated  # for the sitemap's hreflang links
        configured = config["nav"]
        for code in self.languages[1:]:
            prefix = i18n.language(code).prefix
            with i18n.activate(code):
                local = parts.local_nav(configured, prefix)
            for path in parts.nav_paths(local):
                file = files.get_file_from_path(path)
                if file is not None:
                    file.page = None  # made again below, with the translated title
            config["nav"] = local
            try:
                self.navs[code] = get_navigation(files, config)
            finally:
                config["nav"] = configured
            home = files.get_file_from_path(prefix + "index.md")
            if home is not None:
                self.navs[code].homepage = home.page
        return nav

    @_no_traceback
    def on_env(self, env, config, files):
        """The CSP allowlist, from the theme's script templates for every base URL of the site.
        (--dirty: the sitemap of the pages as they are now, or the one already written.)"""
        if self.page_keys:
            self.sitemap.plan(config, files, self.specs, get_build_date())
        features_ = config["theme"].get("features") or []
        bases = {csp.base_url_of(f.url) for f in files.documentation_pages()}
        bases.add(urlsplit(config.get("site_url") or "").path or "/")  # 404.html uses the absolute one
        # Wegweiser's lines in Material's frame (main.html) are translated like its own templates.
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
        hashes = csp.theme_script_hashes(
            lambda name, base_url: env.get_template(name).render(config=config, base_url=base_url,
                                                                  features=features_),
            bases)
        self.script_hashes = hashes
        config["extra"]["wegweiser_csp"] = csp.policy(hashes, preview=self.command == "serve")
        if self.shares.active:
            self.shares.start(lambda share: self._build_share(share, config, files, env))
        return env

    def _build_share(self, share: int, config, files, env) -> dict:
        """In a forked worker (pagefork.py): its pages, and what the parent must know of them."""
        self.findings = []
        pagefork.build_share(share, self.shares, config, files, env, self.navs[i18n.SOURCE])
        return {"findings": self.findings}

    @_no_traceback
    def on_page_markdown(self, markdown: str, page, config, files):
        spec = self.specs.get(page.file.src_uri)
        lang = i18n.language_of_path(page.file.src_uri, self.languages)
        if spec is None:
            page.meta["ww_lang"] = lang.code
            page.meta["ww_german_only"] = lang.code != i18n.SOURCE
            return markdown
        page.meta = parts.page_meta(spec, lang.code)
        if self.shares.elsewhere(page.file.src_uri):
            page.meta["template"] = pagefork.ELSEWHERE_TEMPLATE
        return ""

    @_no_traceback
    def on_page_content(self, html: str, page, config, files):
        if page.file.src_uri in self.specs:
            return ""  # rendered just in time in on_page_context
        self.findings += [f"{page.url or '/'}: {f}" for f in scan.scan_fragment(html)]
        return html

    @event_priority(100)  # before any plugin (e.g. a search index) reads page.content
    @_no_traceback
    def on_page_context(self, context, page, config, nav):
        """Our pages' HTML, made right before Material renders the page and dropped right after.

        mkdocs keeps every page's content from the first page read to the last page written; for
        thousands of generated pages that held the whole site's HTML in memory at once.
        """
        if self.shares.elsewhere(page.file.src_uri):
            return context
        lang = i18n.language_of_path(page.file.src_uri, self.languages)
        self.active_language = i18n.switch(lang.code)  # until on_post_page: Material's frame too
        context["nav"] = self.navs.get(lang.code, nav)
        context["ww_languages"] = self._alternates(page.url, lang.code)
        if page.meta.get("ww_german_only"):
            # A copy of a Markdown page: its table of contents (sidebar and drawer) would list German
            # headings in another language's frame.
            page.toc = TableOfContents([])
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            page.content, head = self.renderer.render_page(spec, "../" * page.url.count("/"))
            page.meta.update(head)
            self.rendered += 1
            self.findings += [f"{page.url or '/'}: {f}" for f in scan.scan_fragment(page.content)]
        return context

    def _alternates(self, url: str, current: str) -> list[dict]:
        """The same page in each language, for the language menu (main.html) and the sitemap's
        hreflang links. Not Material's extra.alternate: its script fetches a sitemap.xml next to every
        alternate URL on every page view, six requests that find nothing when the links lead to the
        same page rather than to each language's home page."""
        path = i18n.without_prefix(url, self.languages)
        if path not in self.translated:
            return []
        return [{"name": lang.name, "lang": lang.html, "code": lang.code, "link": (lang.prefix + path) or "./",
                 "current": lang.code == current, "dir": lang.direction}
                for lang in map(i18n.language, self.languages)]

    @_no_traceback
    def on_post_page(self, output: str, page, config):
        if self.shares.elsewhere(page.file.src_uri):
            return ""  # another process writes it; mkdocs writes no empty page
        if self.active_language is not None:
            i18n.restore(self.active_language)
            self.active_language = None
        lang = i18n.language_of_path(page.file.src_uri, self.languages)
        output = parts.with_direction(output, lang.direction)
        self.findings += [f"{page.url or '/'}: {f}" for f in scan.scan_scripts(output, self.script_hashes)]
        if page.file.src_uri in self.specs:
            page.content = None
        return output

    @_no_traceback
    def on_post_build(self, config) -> None:
        results = self.shares.finish()
        if results:
            log.info(f"Wegweiser: {len(self.specs)} erzeugte Seiten in {len(results) + 1} Prozessen gerendert")
        for result in results:
            for level, message in result.get("warnings", []):
                log.log(level, message)
            self.findings += result.get("findings", [])
            error = result.get("error")
            if error:
                raise Abort(error if error.startswith("Wegweiser: ") else
                            f"Wegweiser: Interner Fehler in Wegweiser beim Rendern der Seiten (kein Fehler in Ihren "
                            f"Dateien): {error}. Nichts wurde geschrieben. Bitte melden Sie ihn dem Koordinationsbüro.")
        if self.command == "serve":  # unchanged files are not scanned again
            self.findings += self.rescan.findings(self.assets, self.redirects)
        else:
            self.findings += [f"{uri}: {f}" for uri, content in self.assets.items()
                              for f in scan.scan_asset(uri, content, uri in self.redirects)]
        if self.findings:
            for f in self.findings:
                log.error(f"Wegweiser-Sicherheitsprüfung: {f}")
            raise Abort(f"Wegweiser: {len(self.findings)} Befunde der Sicherheitsprüfung in der Ausgabe; "
                        "nichts wurde veröffentlicht. Das ist ein Fehler im Programm oder in einer Vorlage, "
                        "nicht in den Inhaltsdateien: bitte melden.")
        if self.settings.precompress and self.command != "serve":
            count = precompress.write_siblings(Path(config["site_dir"]))
            log.info(f"Wegweiser: {count} Dateien zusätzlich gzip-komprimiert abgelegt (precompress)")
        self.succeeded = True
        if self.page_keys:
            log.info(f"Wegweiser: {self.rendered} von {len(self.specs)} erzeugten Seiten neu gebaut "
                     "(nur geänderte, mkdocs serve --dirty)")
            self.built_keys, self.sitemap.built = self.page_keys, self.sitemap.wanted

    def on_build_error(self, error) -> None:
        self.shares.stop()
        self.succeeded = False
        self.built_keys, self.sitemap.built = {}, None  # the output may be half written: build all next time

    def _changed(self, src_uri: str) -> bool:
        return self.built_keys.get(src_uri) != self.page_keys.get(src_uri)

    def on_shutdown(self) -> None:
        self.shares.stop()
        self._drop_spool()
        if self.output is None:
            return
        if self.succeeded:
            output, self.output = self.output, None
            try:
                output.commit()
            except OSError as err:
                raise Abort(f"Wegweiser: Die neue Ausgabe ließ sich nicht nach {output.final_dir} übernehmen "
                            f"({err.strerror}); {output.final_dir} bleibt, wie es war.") from None
        else:
            self.output.discard()
            log.error(f"Wegweiser: Bau fehlgeschlagen, {self.output.final_dir} bleibt unverändert.")
        self.output = None

    def _drop_spool(self) -> None:
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None
