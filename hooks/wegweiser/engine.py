"""The adapter between mkdocs' build events and the engine-free wegweiser modules.

Everything mkdocs-specific lives here, so the engine can be swapped (see shared/guides/engine.md).
Output is all-or-nothing: a `mkdocs build` writes into a temporary sibling of `site/` and swaps it
into place only after the whole build (strict-mode check included) succeeded.
"""
from __future__ import annotations

import dataclasses
import logging
import shutil
import time
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel

from urllib.parse import urlsplit

from . import csp, features, pages, scan
from .directory import load_directory
from .model import ConfigError, today
from .problems import summary
from .render import Renderer

log = logging.getLogger("mkdocs.wegweiser")


class Build:
    def __init__(self) -> None:
        self.command = "build"
        self.final_dir: Path | None = None
        self.work_dir: Path | None = None
        self.succeeded = False
        self.specs: dict[str, pages.PageSpec] = {}
        self.renderer: Renderer | None = None
        self.assets: dict[str, bytes] = {}
        self.findings: list[str] = []  # from the output scan; any one fails the build
        self.script_hashes: set[str] = set()

    # --- events -------------------------------------------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        started = time.perf_counter()
        root = Path(config.config_file_path).parent
        settings = pages.SiteSettings.from_config(config.get("extra", {}).get("wegweiser") or {},
                                                  config.get("site_name", ""))
        settings = dataclasses.replace(settings, preview=self.command == "serve")
        try:
            result = load_directory(root / settings.content, today())
        except ConfigError as err:
            raise Abort(f"Wegweiser: {err}") from None
        for p in result.problems:
            (log.error if p.is_error else log.warning)(p.format())
        if not result.ok:
            raise Abort(f"Wegweiser: {summary(result.problems, result.files)}. Der Bau wurde abgebrochen; "
                        "nichts wurde geschrieben. Beheben Sie die Fehler oben (auch: make check).")
        config["extra"]["wegweiser_has_examples"] = result.directory.has_examples
        try:
            site = pages.build_site(result.directory, settings, features.ALL)
        except ConfigError as err:
            raise Abort(f"Wegweiser: {err}") from None
        self.findings = []
        self.specs = {spec.src_uri: spec for spec in site.pages}
        self.assets = site.assets
        self.renderer = Renderer(Path(config["theme"].custom_dir) / "wegweiser", settings, result.directory,
                                 site.template_globals)
        if self.command in ("build", "gh-deploy"):
            self._start_atomic_output(config)
        log.info(f"Wegweiser: {len(result.directory.published)} Angebote veröffentlicht, "
                 f"{summary(result.problems, result.files)} ({time.perf_counter() - started:.2f} s)")
        return config

    def on_files(self, files, config):
        for spec in self.specs.values():
            files.append(File.generated(config, spec.src_uri, content=spec.markdown_placeholder,
                                        inclusion=InclusionLevel.INCLUDED if spec.in_nav
                                        else InclusionLevel.NOT_IN_NAV))
        for uri, content in self.assets.items():
            files.append(File.generated(config, uri, content=content))
        return files

    def on_env(self, env, config, files):
        """The CSP allowlist, from the theme's script templates for every base URL of the site."""
        features_ = config["theme"].get("features") or []
        bases = {csp.base_url_of(f.url) for f in files.documentation_pages()}
        bases.add(urlsplit(config.get("site_url") or "").path or "/")  # 404.html uses the absolute one
        hashes = csp.theme_script_hashes(
            lambda name, base_url: env.get_template(name).render(config=config, base_url=base_url,
                                                                  features=features_),
            bases)
        self.script_hashes = hashes
        config["extra"]["wegweiser_csp"] = csp.policy(hashes, preview=self.command == "serve")
        return env

    def on_page_markdown(self, markdown: str, page, config, files):
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        # Provider text reaches Material's templates only as escaped Markup (they do not autoescape).
        page.meta = {"title": Markup(escape(spec.title)), "hide": list(spec.hide),
                     "description": Markup(escape(spec.description)), "robots": spec.robots}
        return ""

    def on_page_content(self, html: str, page, config, files):
        spec = self.specs.get(page.file.src_uri)
        if spec is not None:
            html = self.renderer.render(spec, "../" * page.url.count("/"))
        self.findings += [f"{page.url or '/'}: {f}" for f in scan.scan_fragment(html)]
        return html

    def on_post_page(self, output: str, page, config):
        self.findings += [f"{page.url or '/'}: {f}" for f in scan.scan_scripts(output, self.script_hashes)]
        return output

    def on_post_build(self, config) -> None:
        for uri, content in self.assets.items():
            text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
            self.findings += [f"{uri}: {f}" for f in scan.scan_file(uri, text)]
        if self.findings:
            for f in self.findings:
                log.error(f"Wegweiser-Sicherheitsprüfung: {f}")
            raise Abort(f"Wegweiser: {len(self.findings)} Befunde der Sicherheitsprüfung in der Ausgabe; "
                        "nichts wurde veröffentlicht. Das ist ein Fehler im Programm oder in einer Vorlage, "
                        "nicht in den Inhaltsdateien: bitte melden.")
        self.succeeded = True

    def on_build_error(self, error) -> None:
        self.succeeded = False

    def on_shutdown(self) -> None:
        if self.work_dir is None:
            return
        if self.succeeded:
            self._swap_into_place()
        else:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            log.error(f"Wegweiser: Bau fehlgeschlagen, {self.final_dir} bleibt unverändert.")
        self.work_dir = None

    # --- all-or-nothing output ---------------------------------------------------------------

    def _start_atomic_output(self, config) -> None:
        self.final_dir = Path(config["site_dir"]).resolve()
        self.work_dir = self.final_dir.with_name(f".{self.final_dir.name}-neu")
        shutil.rmtree(self.work_dir, ignore_errors=True)  # left over from a killed build
        config["site_dir"] = str(self.work_dir)
        self.succeeded = False

    def _swap_into_place(self) -> None:
        old = self.final_dir.with_name(f".{self.final_dir.name}-alt")
        shutil.rmtree(old, ignore_errors=True)
        if self.final_dir.exists():
            self.final_dir.rename(old)
        self.work_dir.rename(self.final_dir)
        shutil.rmtree(old, ignore_errors=True)
