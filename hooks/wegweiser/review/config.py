"""The few settings of mkdocs.yml the review commands need, read without starting mkdocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model import ConfigError
from ..site.pages import SiteSettings


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may use mkdocs' own tags (!ENV, !relative); their values do not matter here."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ReviewConfig:
    site_url: str = ""
    settings: SiteSettings = field(default_factory=SiteSettings)
    staff: object = None  # extra.wegweiser.staff as written; checked by codeowners.staff_owners

    def page_url(self, url: str) -> str:
        """A page of the live site, or its path when site_url is not set."""
        return (self.site_url.rstrip("/") + "/" + url) if self.site_url else "/" + url

    def edit_url(self, path: str) -> str:
        """The web editor of the file (extra.wegweiser.repository), or "" when no repository is set."""
        return self.settings.repository.edit_url(path) if self.settings.repository else ""


def load(path: Path | str = "mkdocs.yml") -> ReviewConfig:
    path = Path(path)
    if not path.exists():
        return ReviewConfig()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as err:
        raise ConfigError(f"{path} lässt sich nicht lesen: {err}") from None
    extra = (data.get("extra") or {}).get("wegweiser") or {}
    return ReviewConfig(site_url=data.get("site_url") or "",
                        settings=SiteSettings.from_config(extra, data.get("site_name", "")),
                        staff=extra.get("staff"))
