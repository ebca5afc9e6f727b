"""Old addresses keep working: each ``former_ids`` entry of a published offer gets a small page at
its old address that sends the browser on to the new one.

The page is a plain link plus ``<meta http-equiv="refresh">`` (no script), with its own strict
CSP. The output scan allows the refresh only in these files and only to a same-site address
(scan.scan_file's ``redirect``); content can never produce one.
"""
from __future__ import annotations

from markupsafe import escape

from .pages import Site, SiteSettings
from ..model import Directory

POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'"


def page(name: str, target: str) -> str:
    """A redirect page; ``target`` is relative to the page (e.g. ``../neue-kennung/``)."""
    href = escape(target)
    return ("<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            f"<link rel=\"canonical\" href=\"{href}\">\n"
            f"<title>Neue Adresse: {escape(name)}</title>\n</head>\n<body>\n"
            f"<p>Dieses Angebot hat eine neue Adresse: <a href=\"{href}\">{escape(name)}</a></p>\n"
            "</body>\n</html>\n")


def extend(directory: Directory, settings: SiteSettings, site: Site) -> None:
    for offer in directory.published:
        for old in offer.former_ids:
            uri = f"angebote/{old}/index.html"
            site.assets[uri] = page(offer.name, f"../{offer.id}/").encode("utf-8")
            site.redirects.add(uri)
