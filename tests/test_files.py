"""Repository guards and file reading: layout, symlinks, encodings, sizes, front matter."""
import os

import pytest

from wegweiser.content.directory import load_directory
from wegweiser.model import today


def problems(tree):
    return [p.format() for p in load_directory(tree.path, today()).problems if p.is_error]


def test_symlink_to_outside_is_rejected_and_not_followed(tree, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: x\n---\ngeheim\n", encoding="utf-8")
    os.symlink(secret, tree.path / "offers" / "link.md")
    os.symlink(tmp_path, tree.path / "offers-link")
    assert problems(tree) == [
        "content/offers-link:1:1: Symbolische Links sind im Inhaltsordner nicht erlaubt. Legen Sie den Ordner "
        "als echten Ordner an.",
        "content/offers/link.md:1:1: Symbolische Links sind im Inhaltsordner nicht erlaubt. Legen Sie eine "
        "echte Datei an.",
    ]


def test_unexpected_files_and_folders_are_named(tree):
    tree.write("offers/notiz.txt", "x")
    tree.write("offers/angebot.yml", "name: x\n")
    tree.write("offers/unter/a.md", "x")
    tree.write("offers/README.md", "# Hinweise für Träger\n")  # allowed: documentation next to content
    assert problems(tree) == [
        "content/offers/angebot.yml:1:1: Angebote und Stadtteile sind Markdown-Dateien mit Kopfbereich "
        "(Endung .md), keine .yml-Dateien.",
        "content/offers/notiz.txt:1:1: Diese Datei gehört nicht in den Inhaltsordner und wird nicht "
        "veröffentlicht. Erlaubt sind offers/*.md, districts/*.md, districts/boundaries.geojson, "
        "vocabulary.yml, holidays.yml und Übersetzungen wie vocabulary.tr.yml oder offers/<kennung>.tr.md. "
        "Entfernen Sie die Datei oder verschieben Sie sie.",
        "content/offers/unter:1:1: Unterordner sind hier nicht vorgesehen. Angebote gehören direkt in "
        "content/offers/, Stadtteile direkt in content/districts/.",
    ]


def test_file_name_must_be_an_id(tree):
    tree.write("offers/Krabbelgruppe Erle.md", tree.read("offers/hebamme-altstadt.md"))
    assert problems(tree) == [
        "content/offers/Krabbelgruppe Erle.md:1:1: Der Dateiname „Krabbelgruppe Erle.md“ ist keine gültige "
        "Kennung. Erlaubt sind Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, höchstens 80 Zeichen, "
        "z. B. „krabbelgruppe-erle.md“. Der Name wird Teil der Webadresse und bleibt fest."]


@pytest.mark.parametrize("raw, expected", [
    ("---\nname: Café\n---\n".encode("latin-1"),
     "content/offers/x.md:2:10: Die Datei ist nicht in UTF-8 gespeichert (vermutlich Latin-1/Windows-1252, "
     "z. B. bei Umlauten). Speichern Sie sie als UTF-8."),
    ("---\nname: x\n---\n".encode("utf-16"),
     "content/offers/x.md:1:1: Die Datei ist in UTF-16 gespeichert. Speichern Sie sie als UTF-8 (in den "
     "meisten Editoren: „Speichern unter“ → Kodierung „UTF-8“)."),
    (b"", "content/offers/x.md:1:1: Die Datei ist leer."),
    (b"---\nname: x\x00\n---\n", "content/offers/x.md:2:1: Die Datei enthält ein NUL-Zeichen und ist "
     "vermutlich keine Textdatei."),
    (b"name: x\n", "content/offers/x.md:1:1: Die Datei muss mit einer Zeile „---“ beginnen; darunter stehen "
     "die Felder, dann wieder „---“, dann der Beschreibungstext."),
    (b"---\nname: x\n", "content/offers/x.md:1:1: Der Kopfbereich wird nicht mit einer Zeile „---“ "
     "geschlossen. Setzen Sie „---“ zwischen die Felder und den Beschreibungstext."),
    (b"x" * 300_000, "content/offers/x.md:1:1: Die Datei ist zu groß (300.000 Bytes, erlaubt sind 200.000). "
     "Ist sie die richtige Datei?"),
])
def test_unreadable_files(tree, raw, expected):
    tree.write("offers/x.md", raw)
    assert problems(tree) == [expected]


def test_bom_and_windows_line_endings_are_fine(tree):
    text = tree.read("offers/hebamme-altstadt.md")
    tree.write("offers/hebamme-altstadt.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert problems(tree) == []


def test_all_problems_of_all_files_in_one_run(tree):
    tree.replace("offers/hebamme-altstadt.md", "status: active", "status: aktiv")
    tree.replace("offers/elterntelefon.md", "cost: {free: true}", "cost: {free: vielleicht}")
    tree.replace("districts/ostend.md", "name: Ostend", "name: [Ostend]")
    found = problems(tree)
    assert [p.split(":")[0] for p in found] == ["content/districts/ostend.md", "content/offers/elterntelefon.md",
                                                "content/offers/hebamme-altstadt.md"]


def test_neighbours_must_exist_and_be_symmetric(tree):
    tree.replace("districts/ostend.md", "neighbours: [nordviertel]", "neighbours: [nordviertel, altstadt, ostend, mond]")
    result = load_directory(tree.path, today())
    assert [p.format() for p in result.problems if p.path.endswith("ostend.md")] == [
        "content/districts/ostend.md:4:27: neighbours[2]: Warnung: „altstadt“ ist hier als Nachbar eingetragen, "
        "aber „ostend“ fehlt in den neighbours von content/districts/altstadt.md. Tragen Sie ihn dort nach.",
        "content/districts/ostend.md:4:37: neighbours[3]: Ein Stadtteil kann nicht sein eigener Nachbar sein.",
        "content/districts/ostend.md:4:45: neighbours[4]: Den Nachbarstadtteil „mond“ gibt es nicht (keine "
        "Datei content/districts/mond.md). Bekannt sind: altstadt, nordviertel, ostend.",
    ]


def test_dates_and_publication(tree):
    result = load_directory(tree.path, today())
    shown = {p.format() for p in result.problems}
    assert ("content/offers/alter-kurs.md:19:14: valid_until: Warnung: Das Angebot ist seit 2026-06-30 "
            "abgelaufen und wird nicht veröffentlicht. Verlängern Sie das Datum oder setzen Sie „status: ended“."
            in shown)
    assert ("content/offers/beendet.md:20:9: status: Warnung: Das Angebot ist beendet und wird nicht "
            "veröffentlicht. Sie können die Datei löschen." in shown)
    published = [o.id for o in result.directory.published]
    assert published == ["elterntelefon", "hebamme-altstadt", "jugendtreff-nord"]


def test_stale_and_future_review_dates(tree):
    tree.replace("offers/hebamme-altstadt.md", "last_reviewed: 2026-10-01", "last_reviewed: 2025-11-21")
    tree.replace("offers/elterntelefon.md", "last_reviewed: 2026-11-01", "last_reviewed: 2026-12-24")
    shown = [p.format() for p in load_directory(tree.path, today()).problems if "last_reviewed" in p.field]
    assert shown == [
        "content/offers/elterntelefon.md:16:16: last_reviewed: Das Datum 2026-12-24 liegt in der Zukunft. "
        "Tragen Sie den Tag ein, an dem die Angaben zuletzt geprüft wurden.",
        "content/offers/hebamme-altstadt.md:26:16: last_reviewed: Warnung: Zuletzt geprüft am 2025-11-21, vor "
        "mehr als 12 Monaten. Bitte prüfen Sie alle Angaben und tragen Sie das heutige Datum ein.",
    ]


def test_age_outside_life_stage_is_a_warning_and_shortcuts_expand(tree):
    tree.replace("offers/hebamme-altstadt.md", "age: {min: 0, max: 1}", "age: {min: 4, max: 5}")
    result = load_directory(tree.path, today())
    shown = [p.format() for p in result.problems if p.field == "age" and "hebamme" in p.path]
    assert shown == [
        "content/offers/hebamme-altstadt.md:8:6: age: Warnung: Das Alter 4 bis 5 passt nicht zur Lebensphase "
        "„Schwangerschaft & Geburt“ (schwangerschaft). Prüfen Sie Alter oder Lebensphasen.",
        "content/offers/hebamme-altstadt.md:8:6: age: Warnung: Das Alter 4 bis 5 passt nicht zur Lebensphase "
        "„Baby (erstes Lebensjahr)“ (baby). Prüfen Sie Alter oder Lebensphasen.",
    ]
    assert result.directory.offers["elterntelefon"].life_stages == (
        "schwangerschaft", "baby", "kleinkind", "kita", "grundschule", "jugend", "beruf")


@pytest.mark.parametrize("name, suggested", [
    ("müttercafé-bismarck", "muettercafe-bismarck"),
    ("ağır-çay-şişli-ılık", "agir-cay-sisli-ilik"),
    ("mu\u0308ttercafe\u0301", "muettercafe"),  # decomposed ü and é, as macOS writes file names
    ("Großeltern Treff", "grosseltern-treff"),
])
def test_file_name_suggestion_keeps_every_letter(tree, name, suggested):
    from wegweiser.content.files import _suggest_id
    assert _suggest_id(name) == suggested
    tree.write(f"offers/{name}.md", tree.read("offers/hebamme-altstadt.md"))
    assert any(f"z. B. „{suggested}.md“" in p for p in problems(tree))
