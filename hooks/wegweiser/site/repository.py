"""Where the content files live (``extra.wegweiser.repository``): edit links and submit routes.

GitHub and GitLab name their web editor's pages differently; this module is the one place that
knows how. form.js builds the same links in the browser (tests/test_form_browser.py holds the two
together).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from ..model import ConfigError

HOSTS = ("github", "gitlab")
_URL = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%-]+)+$")
_BRANCH = re.compile(r"^[A-Za-z0-9._/-]+$")


@dataclass(frozen=True)
class Repository:
    host: str  # "github" or "gitlab"
    url: str  # https://github.com/stadt/wegweiser, without a trailing slash
    branch: str = "main"

    @classmethod
    def from_config(cls, value) -> "Repository | None":
        """None when nothing is configured; a ConfigError in German for a setting that cannot work."""
        if not value:
            return None
        where = "extra.wegweiser.repository"
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: erwartet werden Unterfelder host, url und branch, z. B. "
                              "{host: github, url: https://github.com/stadt/wegweiser, branch: main}.")
        unknown = sorted(set(value) - {"host", "url", "branch"})
        if unknown:
            raise ConfigError(f"{where}: unbekanntes Feld „{unknown[0]}“. Erlaubt sind host, url und branch.")
        host, url, branch = value.get("host"), str(value.get("url") or "").rstrip("/"), value.get("branch", "main")
        if host not in HOSTS:
            raise ConfigError(f"{where}.host: „{host}“ gibt es nicht. Erlaubt sind github und gitlab.")
        if not _URL.match(url):
            raise ConfigError(f"{where}.url: „{url}“ ist keine Adresse eines Repositorys wie "
                              "https://github.com/stadt/wegweiser (nur https://).")
        if not isinstance(branch, str) or not _BRANCH.match(branch) or ".." in branch:
            raise ConfigError(f"{where}.branch: „{branch}“ ist kein Name eines Zweigs wie main.")
        return cls(host, url, branch)

    def _path(self, path: str) -> str:
        return quote(path, safe="/")

    def edit_url(self, path: str) -> str:
        """The web editor of an existing file."""
        sep = "/-" if self.host == "gitlab" else ""
        return f"{self.url}{sep}/edit/{quote(self.branch, safe='/')}/{self._path(path)}"

    def new_url(self, folder: str, name: str = "", text: str | None = None) -> str:
        """The web editor of a new file in folder; GitHub also takes its name and text."""
        branch = quote(self.branch, safe="/")
        if self.host == "gitlab":
            return f"{self.url}/-/new/{branch}/{self._path(folder)}"
        query = f"?filename={quote(folder.rstrip('/') + '/' + name, safe='/')}" if name else ""
        if text is not None and name:
            query += f"&value={quote(text, safe='')}"
        return f"{self.url}/new/{branch}{query}"
