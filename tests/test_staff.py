"""Warnings for staff (issue 11): private-looking contacts, duplicates, wrong folders, moved addresses."""
import shutil
import subprocess
import sys

import pytest

from conftest import MINI
from support import build_site, serve
from wegweiser.content.directory import load_directory
from wegweiser.model import today
from wegweiser.site import scan

OFFER = "offers/hebamme-altstadt.md"
P = "content/offers/hebamme-altstadt.md"


def problems(tree, path=P):
    return [p.format() for p in load_directory(tree.path, today()).problems if p.path == path]


def kinds(tree):
    return {p.kind for p in load_directory(tree.path, today()).problems}


@pytest.mark.parametrize("contact, expected", [
    ('phone: "0171 234 56 78"',
     f"{P}:25:18: contact.phone: Warnung: „0171 234 56 78“ sieht nach einer Handynummer aus (Vorwahl 0171). Hier "
     "gehört eine Nummer der Einrichtung hin, keine private. Ist es ein Diensthandy, kann die Warnung bleiben."),
    ('phone: "+49 152 1234567"',
     f"{P}:25:18: contact.phone: Warnung: „+49 152 1234567“ sieht nach einer Handynummer aus (Vorwahl 0152). Hier "
     "gehört eine Nummer der Einrichtung hin, keine private. Ist es ein Diensthandy, kann die Warnung bleiben."),
    ("email: anna.muster@gmx.de",
     f"{P}:25:18: contact.email: Warnung: „anna.muster@gmx.de“ ist eine Adresse bei gmx.de, einem kostenlosen "
     "Anbieter, den meist Privatpersonen nutzen. Tragen Sie eine Adresse der Einrichtung ein; ist dies die "
     "offizielle Adresse, kann die Warnung bleiben."),
])
def test_private_looking_contacts_are_warnings(tree, contact, expected):
    tree.replace(OFFER, 'phone: "0209 111 11 11"', contact)
    assert problems(tree) == [expected]


def test_landline_and_own_domain_pass(tree):
    tree.replace(OFFER, 'contact: {phone: "0209 111 11 11"}',
                 'contact: {phone: "0209 169 1234", email: beratung@traeger.example.org}')
    assert problems(tree) == []


def test_same_provider_and_name_is_a_probable_duplicate(tree):
    tree.write("offers/hebamme-altstadt-kopie.md", tree.read(OFFER))
    assert problems(tree, "content/offers/hebamme-altstadt.md") == [
        f"{P}:2:7: name: Warnung: Dieses Angebot steht wohl doppelt: content/offers/hebamme-altstadt-kopie.md hat "
        "denselben Namen und denselben Träger. Ist es dasselbe Angebot, löschen Sie eine der Dateien und tragen Sie "
        "ihre Kennung in der anderen unter former_ids ein."]


def test_same_name_and_place_is_a_probable_duplicate(tree):
    text = tree.read(OFFER).replace("provider: {name: Testträger Gesundheit}", "provider: {name: Anderer Träger}")
    tree.write("offers/zweite.md", text)
    assert problems(tree, "content/offers/zweite.md") == [
        "content/offers/zweite.md:2:7: name: Warnung: Dieses Angebot steht wohl doppelt: "
        f"{P} hat denselben Namen und denselben Ort. Ist es dasselbe Angebot, löschen Sie eine der Dateien und "
        "tragen Sie ihre Kennung in der anderen unter former_ids ein."]


def test_an_offer_in_the_districts_folder_is_named_as_such(tree):
    tree.write("districts/hebamme.md", tree.read(OFFER))
    assert problems(tree, "content/districts/hebamme.md") == [
        "content/districts/hebamme.md:1:1: Diese Datei ist ein Angebot (sie hat audiences, categories, contact, cost"
        "), liegt aber im Ordner der Stadtteile. Verschieben Sie sie nach content/offers/."]
    # that one error only: the file is no Stadtteil, so no boundary is missing for it
    assert [p.format() for p in load_directory(tree.path, today()).errors] == problems(tree, "content/districts/hebamme.md")


def test_a_district_in_the_offers_folder_is_named_as_such(tree):
    tree.write("offers/altstadt.md", tree.read("districts/altstadt.md"))
    assert problems(tree, "content/offers/altstadt.md") == [
        "content/offers/altstadt.md:1:1: Diese Datei beschreibt einen Stadtteil (sie hat borough, need_index, "
        "neighbours, population), liegt aber im Ordner der Angebote. Verschieben Sie sie nach content/districts/."]


@pytest.mark.parametrize("former, expected", [
    ("[hebamme-altstadt]", f"{P}:28:14: former_ids[1]: „hebamme-altstadt“ ist die Kennung dieser Datei selbst. "
                           "Unter former_ids stehen nur frühere Dateinamen."),
    ("[elterntelefon]", f"{P}:28:14: former_ids[1]: „elterntelefon“ ist noch die Kennung eines Angebots "
                        "(content/offers/elterntelefon.md). Eine frühere Adresse kann nur umleiten, wenn es die "
                        "Datei nicht mehr gibt."),
    ("[Hebamme Alt]", f"{P}:28:14: former_ids[1]: „Hebamme Alt“ passt nicht. Meinten Sie „hebamme-alt“? Eine "
                      "frühere Kennung ist ein früherer Dateiname ohne .md, z. B. elterncafe-bismarck."),
])
def test_former_ids_must_be_free(tree, former, expected):
    tree.replace(OFFER, "status: active", f"status: active\nformer_ids: {former}")
    assert problems(tree) == [expected]


def test_a_former_id_leads_to_one_offer_only(tree):
    tree.replace(OFFER, "status: active", "status: active\nformer_ids: [alt]")
    tree.replace("offers/elterntelefon.md", "status: active", "status: active\nformer_ids: [alt]")
    assert problems(tree, "content/offers/hebamme-altstadt.md") == [
        f"{P}:28:14: former_ids[1]: „alt“ steht auch in former_ids von content/offers/elterntelefon.md. Eine alte "
        "Adresse kann nur zu einem Angebot führen."]


# --- check --base ------------------------------------------------------------------------------------

def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})


def check(cwd, *args):
    return subprocess.run([sys.executable, "-m", "wegweiser", "check", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def repo(tree):
    root = tree.path.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "start")
    return tree


def test_base_warns_about_a_renamed_offer_at_the_new_file(repo):
    (repo.path / OFFER).rename(repo.path / "offers/hebammen-sprechstunde.md")
    r = check(repo.path.parent, "--base", "main")
    assert r.returncode == 0, r.stdout + r.stderr
    assert ("content/offers/hebammen-sprechstunde.md:1:1: former_ids: Warnung: Das Angebot „Hebammensprechstunde "
            "Altstadt“ hieß in main content/offers/hebamme-altstadt.md; die Datei gibt es nicht mehr. Ist es dieses "
            "Angebot, tragen Sie hier ein: former_ids: [hebamme-altstadt]. Sonst führen gedruckte Links und "
            "Lesezeichen auf die alte Adresse ins Leere.") in r.stdout.splitlines()


def test_base_is_quiet_once_the_former_id_is_listed(repo):
    text = repo.read(OFFER).replace("status: active", "status: active\nformer_ids: [hebamme-altstadt]")
    (repo.path / OFFER).unlink()
    repo.write("offers/hebammen-sprechstunde.md", text)
    r = check(repo.path.parent, "--base", "main", "--format", "github")
    assert r.returncode == 0
    assert "former_ids" not in r.stdout


def test_base_warns_about_a_deleted_offer_at_its_old_path(repo):
    (repo.path / OFFER).unlink()
    r = check(repo.path.parent, "--base", "main", "--format", "github")
    assert ("::warning file=content/offers/hebamme-altstadt.md,line=1,col=1,title=Datei::Das Angebot "
            "„Hebammensprechstunde Altstadt“ gibt es in main, jetzt aber nicht mehr: seine Adresse führt ins Leere. "
            "Wurde die Datei umbenannt, tragen Sie in der neuen ein: former_ids: [hebamme-altstadt]. Wurde es "
            "beendet, ist „status: ended“ besser als Löschen.") in r.stdout.splitlines()


def test_base_with_an_unknown_ref_is_a_clear_error(repo):
    r = check(repo.path.parent, "--base", "gibtsnicht")
    assert r.returncode == 2
    assert r.stderr.strip() == ("Fehler: Die Git-Version „gibtsnicht“ gibt es nicht. Geben Sie bei --base einen "
                                "Zweig, ein Tag oder einen Commit an, z. B. --base origin/main.")


# --- redirect pages --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("moved")
    content = work / "content"
    shutil.copytree(MINI, content)
    offer = content / OFFER
    text = offer.read_text(encoding="utf-8").replace("status: active", "status: active\nformer_ids: [hebamme-alt]")
    offer.unlink()
    (content / "offers/hebammen-sprechstunde.md").write_text(text, encoding="utf-8")
    return build_site(work, content)


def test_a_former_id_gets_a_redirect_page_the_scan_allows(moved_site):
    page = (moved_site / "angebote/hebamme-alt/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../hebammen-sprechstunde/">' in page
    assert '<a href="../hebammen-sprechstunde/">Hebammensprechstunde Altstadt</a>' in page
    assert scan.scan_site(moved_site, frozenset({"angebote/hebamme-alt/index.html"})) == []
    # anywhere else, or to another site, a refresh is a finding
    assert scan.scan_site(moved_site) == [scan.Finding("angebote/hebamme-alt/index.html",
                                                       '<meta http-equiv="refresh"> ist nicht erlaubt')]
    foreign = page.replace("url=../hebammen-sprechstunde/", "url=https://evil.example/")
    assert "Weiterleitung zu einer fremden Adresse: 'https://evil.example/'" in scan.scan_file("x.html", foreign, True)


@pytest.mark.browser
def test_the_old_address_leads_to_the_offer_in_a_browser(moved_site, desktop):
    with serve(moved_site) as url:
        desktop.goto(url + "angebote/hebamme-alt/")
        desktop.wait_for_url(url + "angebote/hebammen-sprechstunde/")
        assert desktop.locator("h1").inner_text() == "Hebammensprechstunde Altstadt"


def test_the_new_warnings_have_their_groups_in_the_quality_report(tree):
    from wegweiser.site import planning

    tree.replace(OFFER, 'contact: {phone: "0209 111 11 11"}', "contact: {phone: „0171 234 56 78“}")
    tree.replace(OFFER, "audiences: [werdende_eltern, eltern]", "audiences: [werdende_eltern, mütter]")
    tree.write("offers/hebamme-kopie.md", tree.read("offers/elterntelefon.md"))
    directory = load_directory(tree.path, today()).directory
    rows = {g.kind: [(r.path, r.field) for r in g.rows] for g in planning.quality_report(directory)}
    assert rows["private-contact"] == [(P, "contact.phone")]
    assert rows["typography"] == [(P, "contact.phone")]
    assert rows["old-code"] == [(P, "audiences[2]")]
    assert rows["duplicate"] == [("content/offers/hebamme-kopie.md", "name")]
    assert rows["other"] == []
