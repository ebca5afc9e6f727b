"""A mkdocs.yml that builds some content directory with the project's own configuration.

Shared by the benchmark and the tests, which build synthetic and fixture directories.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def inheriting_config(config: Path, content: Path, site: Path, site_url: str = "", extra: str = "",
                      languages: tuple[str, ...] | None = ("de",)) -> Path:
    """Write `config`: the project's mkdocs.yml (INHERIT) with `content` as the directory read.

    ``languages``: the site's languages; German only unless asked (None: those of mkdocs.yml).
    """
    if languages is not None:
        extra = f"    languages: [{', '.join(languages)}]\n" + extra
    config.write_text(f"""INHERIT: {ROOT / 'mkdocs.yml'}
docs_dir: {ROOT / 'pages'}
site_dir: {site}
site_url: "{site_url}"
theme:
  name: material
  custom_dir: {ROOT / 'overrides'}
hooks:
  - {ROOT / 'hooks' / 'mkdocs_hooks.py'}
watch:
  - {content}
extra:
  wegweiser:
    content: {content}
{extra}""", encoding="utf-8")
    return config
