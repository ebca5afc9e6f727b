"""The pictures of docs/angebot-eintragen.md, taken from the real pages (`make screenshots`).

Builds the demo directory (with an example GitHub repository, so the submit step shows it), opens
the form in Chromium at a phone's width and fills it in like a provider would. Each picture is one
part of the page, 400 px wide, so the PNGs stay small and readable on a phone.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support import CHROMIUM, CHROMIUM_ARGS, build_site, serve  # noqa: E402

OUT = ROOT / "docs" / "bilder"
REPO = "    repository: {host: github, url: \"https://github.com/STADT/wegweiser\", branch: main}\n"
WIDTH = 400


def shoot(locator, name: str) -> None:
    locator.scroll_into_view_if_needed()
    locator.page.mouse.move(0, 0)  # scrolling leaves the pointer over some part: no stray hover
    locator.screenshot(path=str(OUT / f"{name}.png"), animations="disabled")
    print(f"docs/bilder/{name}.png")


def shoot_part(page, top, bottom, name: str) -> None:
    """From the top of one element to the bottom of another: a long group's first fields only."""
    top.scroll_into_view_if_needed()
    y = page.evaluate("window.scrollY")
    a, b = top.bounding_box(), bottom.bounding_box()
    clip = {"x": a["x"], "y": a["y"] + y, "width": a["width"], "height": b["y"] + b["height"] - a["y"] + 8}
    page.screenshot(path=str(OUT / f"{name}.png"), clip=clip, full_page=True, animations="disabled")
    print(f"docs/bilder/{name}.png")


def group(page, heading: str):
    return page.locator("section.ww-form__section", has=page.locator("h2", has_text=heading))


# Date and time inputs draw in the browser's own language, not the page's: without German language
# files Chromium shows "03:00 PM" and "mm/dd/yyyy" in a German guide. Debian ships them apart.
DEBIAN_LOCALES = Path("/usr/lib/chromium/locales")


def main() -> int:
    from playwright.sync_api import sync_playwright
    if DEBIAN_LOCALES.is_dir() and not (DEBIAN_LOCALES / "de.pak").exists():
        print("Chromium hat keine deutschen Sprachdateien: Uhrzeiten und Daten erschienen in den Bildern "
              "als „03:00 PM“ und „mm/dd/yyyy“. Installieren Sie sie mit: apt-get install chromium-l10n",
              file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("WEGWEISER_TODAY", "2026-11-22")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = build_site(Path(tmp), ROOT / "content", extra=REPO)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--lang=de-DE"],
                                    env={**os.environ, "LANG": "de_DE.UTF-8", "LANGUAGE": "de"})
        page = browser.new_page(viewport={"width": WIDTH, "height": 800}, device_scale_factor=1,
                                color_scheme="light", locale="de-DE")
        with serve(site) as url:
            page.goto(url + "angebote/krabbelgruppe-erle/")
            shoot(page.locator(".ww-offer__footer"), "formular-1-angaben-aendern")

            page.goto(url + "mitmachen/")
            page.wait_for_selector("#ww-file")
            # the sticky header would cover the top of parts scrolled into view
            page.add_style_tag(content=".md-header { position: relative !important; }")
            was = group(page, "Was?")
            was.get_by_label("Name des Angebots").fill("Spielgruppe Sonnenschein")
            was.get_by_label("Kurzbeschreibung").fill("Jeden Dienstag spielen, singen und basteln.")
            was.get_by_label("Beschreibung (Pflicht)").fill("Eine offene Spielgruppe für Kinder von eins "
                                                           "bis drei mit ihren Eltern.")
            was.get_by_label("Name des Trägers").fill("Familienzentrum Sonnenschein (Beispiel)")
            was.locator("[data-key=categories]").get_by_label("Begegnung & Austausch").check()
            shoot(was, "formular-2-was")

            wer = group(page, "Für wen?")
            wer.get_by_label("Kleinkind", exact=True).check()
            wer.get_by_label("von (Jahre)").fill("1")
            wer.get_by_label("bis (Jahre)").fill("3")
            wer.locator("[data-key=audiences]").get_by_label("Eltern", exact=True).check()
            wer.locator("[data-key=languages]").get_by_label("Deutsch", exact=True).check()
            shoot(wer.locator("[data-key=age]"), "formular-3-fuer-wen")

            wann = group(page, "Wann?")
            block = wann.locator(".ww-item").first
            block.get_by_label("Dienstag").check()
            block.get_by_label("Beginn").fill("09:30")
            block.get_by_label("Ende").fill("11:30")
            # the block is long (weeks, months, dates …): the picture shows days and times
            shoot_part(page, wann.locator("[data-key=schedule]"), block.locator("[data-key=closes]"), "formular-4-wann")

            wo = group(page, "Wo?")
            wo.locator("[data-key=delivery]").get_by_label("vor Ort").check()
            wo.locator("[data-key=districts]").get_by_label("Erle", exact=True).check()
            place = wo.locator(".ww-item").first
            place.get_by_label("Name des Ortes").fill("Familienzentrum Sonnenschein")
            place.get_by_label("Straße und Hausnummer").fill("Cranger Straße 200")
            place.get_by_label("Postleitzahl").fill("45891")
            place.get_by_label("Ort (Pflicht)").fill("Gelsenkirchen")
            place.get_by_role("button", name="Ort auf der Karte wählen").click()
            erle = page.locator('#ww-map path[data-district="erle"]')
            erle.click()  # the first tap zooms into the Stadtteil
            erle.click()  # the second sets the point
            page.wait_for_timeout(300)
            shoot(page.locator("#ww-map"), "formular-5-wo-karte")

            group(page, "Kosten und Anmeldung").get_by_label("Ist das Angebot kostenlos?").select_option("Ja")
            group(page, "Kontakt").get_by_label("Telefon").fill("0209 123 45 67")
            page.get_by_role("button", name="Angaben prüfen").click()
            shoot(page.locator("#ww-errors"), "formular-6-fehler")

            page.locator("#ww-errors a").first.click()
            page.get_by_label("Stand des Angebots").select_option("läuft")
            page.get_by_label("Ich habe alle Angaben geprüft.").check()
            page.get_by_role("button", name="Angaben prüfen").click()
            page.wait_for_selector("#ww-routes:not([hidden])")
            shoot(page.locator("#ww-g-senden"), "formular-7-absenden")
            shoot(page.locator("#ww-file"), "formular-8-datei")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
