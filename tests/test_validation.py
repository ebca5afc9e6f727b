"""The broken-fixture table: each mistake a provider can make, with its exact message and place.

Each case edits the valid fixture offer `hebamme-altstadt.md` (line numbers refer to that file).
"""
import pytest

from wegweiser.content.directory import load_directory
from wegweiser.model import today

OFFER = "offers/hebamme-altstadt.md"
P = "content/offers/hebamme-altstadt.md"


def problems(tree):
    result = load_directory(tree.path, today())
    return [p.format() for p in result.problems if p.path == P]


CASES = [
    # --- YAML layer ---------------------------------------------------------------------------
    ("duplicate key", "contact: {phone: \"0209 111 11 11\"}",
     "contact: {phone: \"0209 111 11 11\"}\ncontact: {email: a@b.de}",
     [f"{P}:26:1: contact: Das Feld „contact“ steht zweimal in diesem Abschnitt (zuerst in Zeile 25). "
      "Prüfen Sie, welche Angabe stimmt, und löschen Sie die andere."]),
    ("postal code unquoted with leading zero stays text", 'postal_code: "45879"', "postal_code: 01067", []),
    ("time unquoted stays text", 'opens: "09:00"', "opens: 09:00", []),
    ("phone unquoted stays text", 'phone: "0209 111 11 11"', "phone: 0209111111", []),
    ("not a real date", "last_reviewed: 2026-10-01", "last_reviewed: 2025-02-30",
     [f"{P}:26:16: last_reviewed: „2025-02-30“ ist kein echtes Datum (diesen Tag gibt es im Kalender "
      "nicht). Prüfen Sie Tag und Monat."]),
    ("date in the wrong form", "last_reviewed: 2026-10-01", "last_reviewed: 1.10.2026",
     [f"{P}:26:16: last_reviewed: „1.10.2026“ ist kein Datum. Schreiben Sie das Datum als JJJJ-MM-TT, "
      "z. B. 2026-03-01."]),
    ("python tag", "status: active", "status: !!python/object/apply:os.system ['ls']",
     [f"{P}:27:9: status: YAML-Tags wie „!!python/object/apply:os.system“ sind nicht erlaubt. Soll der "
      "Wert Text sein, setzen Sie ihn in Anführungszeichen."]),
    ("tab indentation", "  - name: Gesundheitshaus", "\t- name: Gesundheitshaus",
     [f"{P}:11:1: YAML-Syntaxfehler. Ein Tabulator wird hier zum Einrücken benutzt. YAML erlaubt nur "
      "Leerzeichen: ersetzen Sie die Tabulatoren durch Leerzeichen."]),
    # --- schema layer -------------------------------------------------------------------------
    ("unknown key with suggestion", "status: active", "status: active\nlanguage: [de]",
     [f"{P}:28:1: language: Unbekanntes Feld „language“. Meinten Sie „languages“? Ein falsch "
      "geschriebenes Feld würde sonst stillschweigend übergangen."]),
    ("template key is just an unknown key", "status: active", "status: active\ntemplate: evil.html",
     [f"{P}:28:1: template: Unbekanntes Feld „template“. Erlaubt sind hier: name, summary, provider, "
      "life_stages, categories, age, audiences, districts, locations, delivery, cost, languages, schedule, "
      "schedule_note, registration, contact, easy_language, valid_from, valid_until, last_reviewed, status, "
      "example, former_ids. Ein falsch geschriebenes Feld würde sonst stillschweigend übergangen."]),
    ("missing required field", "cost: {free: true}\n", "",
     [f"{P}:2:1: cost: Kosten (`cost`) fehlen. Schreiben Sie zum Beispiel: `cost: {{free: true}}`"]),
    ("missing required list", "categories: [gesundheit, beratung]\n", "",
     [f"{P}:2:1: categories: Themen (`categories`) fehlen. Schreiben Sie zum Beispiel: "
      "`categories: [begegnung, beratung]`"]),
    ("missing required field inside a mapping", "provider: {name: Testträger Gesundheit}",
     "provider: {website: \"https://traeger.example.org\"}",
     [f"{P}:4:11: provider.name: Name des Trägers (`name`) fehlt. Schreiben Sie in provider zum Beispiel: "
      "`name: Familienzentrum Bismarck`"]),
    ("list where a mapping belongs", "cost: {free: true}", "cost: [kostenlos]",
     [f"{P}:20:7: cost: Hier gehören eingerückte Unterfelder (feld: wert) hin, gefunden wurde eine Liste. "
      "Schreiben Sie zum Beispiel: `cost: {free: true}`"]),
    # --- values of another shape than the schema wants (issue 11: these were internal errors) -----
    ("age as a range of text", "age: {min: 0, max: 1}", "age: 3-6",
     [f"{P}:8:6: age: Hier gehören eingerückte Unterfelder (feld: wert) hin, gefunden wurde der Text „3-6“. "
      "Schreiben Sie zum Beispiel: `age: {min: 3, max: 6}`"]),
    ("age as one number", "age: {min: 0, max: 1}", "age: 6",
     [f"{P}:8:6: age: Hier gehören eingerückte Unterfelder (feld: wert) hin, gefunden wurde der Text „6“. "
      "Schreiben Sie zum Beispiel: `age: {min: 6, max: 6}`"]),
    ("age as a list", "age: {min: 0, max: 1}", "age: [0, 6]",
     [f"{P}:8:6: age: Hier gehören eingerückte Unterfelder (feld: wert) hin, gefunden wurde eine Liste. "
      "Schreiben Sie zum Beispiel: `age: {min: 0, max: 6}`"]),
    ("schedule as text", "schedule:\n  - {days: [mo, mi], opens: \"09:00\", closes: \"12:00\"}",
     "schedule: Dienstag 9-11 Uhr",
     [f"{P}:22:11: schedule: Hier gehört eine Liste hin, gefunden wurde der Text „Dienstag 9-11 Uhr“. "
      "Schreiben Sie zum Beispiel: `schedule: [{days: [di], opens: \"09:00\", closes: \"11:00\"}]`"]),
    ("schedule as a list of days", "schedule:\n  - {days: [mo, mi], opens: \"09:00\", closes: \"12:00\"}",
     "schedule: [di]",
     [f"{P}:22:12: schedule[1]: Hier gehören eingerückte Unterfelder (feld: wert) hin, gefunden wurde der "
      "Text „di“. Schreiben Sie zum Beispiel: `- {days: [di], opens: \"09:00\", closes: \"11:00\"}`"]),
    ("life stage as a list in the list", "life_stages: [schwangerschaft, baby]",
     "life_stages: [schwangerschaft, [baby]]",
     [f"{P}:5:32: life_stages[2]: Hier steht eine Liste in der Liste; alle Einträge gehören in eine einzige "
      "Liste. Schreiben Sie zum Beispiel: `life_stages: [baby, kleinkind]`"]),
    # --- text YAML would drop ------------------------------------------------------------------
    ("hashtags in an unquoted summary", "summary: Offene Sprechstunde für Schwangere und junge Eltern.",
     "summary: Frühstück für Mütter #Bismarck #Familie",
     [f"{P}:3:31: summary: Ab „ #“ liest YAML den Rest der Zeile als Kommentar, „#Bismarck #Familie“ würde "
      "also im Wert fehlen. Setzen Sie den ganzen Wert in Anführungszeichen: "
      "summary: \"Frühstück für Mütter #Bismarck #Familie\""]),
    ("a comment line under a value", "summary: Offene Sprechstunde für Schwangere und junge Eltern.",
     "summary: Offene Sprechstunde\n  #für Schwangere",
     [f"{P}:4:3: summary: Die Zeile „#für Schwangere“ beginnt mit „#“ und gilt darum in YAML als Kommentar: "
      "sie würde im Wert darüber fehlen. Gehört sie dazu, setzen Sie den ganzen Wert in Anführungszeichen; "
      "sonst löschen Sie die Zeile."]),
    ("a note after a value in quotes is a comment", 'postal_code: "45879"', 'postal_code: "45879"  # Altstadt',
     []),
    ("a note after a key with fields below is a comment", "locations:\n", "locations:  # zwei Orte\n", []),
    ("boolean written as ja", "cost: {free: true}", "cost: {free: ja}",
     [f"{P}:20:14: cost.free: Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; gefunden "
      "wurde der Text „ja“. Für „ja“ schreiben Sie true."]),
    ("boolean written as NO", "cost: {free: true}", "cost: {free: NO}",
     [f"{P}:20:14: cost.free: Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; gefunden "
      "wurde der Text „NO“. Für „nein“ schreiben Sie false."]),
    ("decimal comma", "lat: 51.52", "lat: 51,52",
     [f"{P}:16:10: locations[1].lat: Hier gehört eine Zahl hin, gefunden wurde der Text „51,52“. Schreiben "
      "Sie Zahlen mit Punkt statt Komma: 51.52"]),
    ("latitude without longitude", "    lon: 7.05\n", "",
     [f"{P}:16:5: locations[1].lat: „lat“ steht hier ohne „lon“. Tragen Sie beide ein oder löschen Sie "
      "auch „lat“."]),
    ("a place without coordinates is valid, with a warning", "    lat: 51.52\n    lon: 7.05\n", "",
     [f"{P}:11:5: locations[1]: Warnung: Der Ort „Gesundheitshaus“ hat keine Koordinaten (lat, lon): Er "
      "erscheint auf keiner Karte und fehlt in offers.geojson. Tragen Sie lat und lon ein, z. B. von "
      "openstreetmap.org (Rechtsklick auf den Ort → „Adresse anzeigen“)."]),
    ("age reversed", "age: {min: 0, max: 1}", "age: {min: 10, max: 6}",
     [f"{P}:8:21: age.max: Das Höchstalter (6) ist kleiner als das Mindestalter (10). Vertauscht?"]),
    ("unknown district", "districts: [altstadt]", "districts: [altstadd]",
     [f"{P}:9:13: districts[1]: Den Stadtteil „altstadd“ gibt es nicht (keine Datei "
      "content/districts/altstadd.md). Meinten Sie „altstadt“?",
      f"{P}:15:15: locations[1].district: Warnung: Der Ort liegt in „altstadt“, dieser Stadtteil fehlt aber "
      "in districts. Ergänzen Sie ihn dort."]),
    ("unknown life stage", "life_stages: [schwangerschaft, baby]", "life_stages: [schwangerschaft, babys]",
     [f"{P}:5:32: life_stages[2]: „babys“ ist hier nicht erlaubt. Meinten Sie „baby“? Erlaubt sind: "
      "schwangerschaft, baby, kleinkind, kita, grundschule, jugend, beruf, alle, fruehe_hilfen, schulzeit."]),
    ("too many categories", "categories: [gesundheit, beratung]",
     "categories: [gesundheit, beratung, bildung, freizeit]",
     [f"{P}:6:13: categories: Hier sind höchstens 3 Einträge erlaubt, es sind 4. Wählen Sie die wichtigsten "
      "aus."]),
    ("javascript website", "contact: {phone: \"0209 111 11 11\"}", "contact: {website: \"javascript:alert(1)\"}",
     [f"{P}:25:20: contact.website: „javascript:alert(1)“ passt nicht. Eine Webadresse muss vollständig mit "
      "https:// beginnen, z. B. https://www.beispiel.de/angebot (http:// und andere Adressarten gehen nicht)."]),
    ("http website", "contact: {phone: \"0209 111 11 11\"}", "contact: {website: \"http://x.example.org\"}",
     [f"{P}:25:20: contact.website: „http://x.example.org“ passt nicht. Eine Webadresse muss vollständig mit "
      "https:// beginnen, z. B. https://www.beispiel.de/angebot (http:// und andere Adressarten gehen nicht)."]),
    ("protocol-relative website", "contact: {phone: \"0209 111 11 11\"}", "contact: {website: //evil.example}",
     [f"{P}:25:20: contact.website: „//evil.example“ passt nicht. Eine Webadresse muss vollständig mit "
      "https:// beginnen, z. B. https://www.beispiel.de/angebot (http:// und andere Adressarten gehen nicht)."]),
    ("email with bcc", "contact: {phone: \"0209 111 11 11\"}", "contact: {email: \"a@b.de?bcc=c@d.de\"}",
     [f"{P}:25:18: contact.email: „a@b.de?bcc=c@d.de“ passt nicht. Schreiben Sie eine einfache "
      "E-Mail-Adresse wie info@beispiel.de, ohne Namen, Leerzeichen oder Zusätze wie ?subject=."]),
    ("phone with letters", "contact: {phone: \"0209 111 11 11\"}", "contact: {phone: \"0209 HILFE\"}",
     [f"{P}:25:18: contact.phone: „0209 HILFE“ passt nicht. Eine Telefonnummer besteht nur aus Ziffern, "
      "Leerzeichen und / - ( ), z. B. \"0209 123 45 67\" oder \"+49 209 1234567\"."]),
    ("empty contact", "contact: {phone: \"0209 111 11 11\"}", "contact: {}",
     [f"{P}:25:10: contact: Tragen Sie mindestens eine Angabe ein (phone, email, website)."]),
    ("newline in a one-line field", "name: Hebammensprechstunde Altstadt",
     "name: \"Hebammen\\nsprechstunde\"",
     [f"{P}:2:7: name: Hier ist nur eine Zeile Text erlaubt. Entfernen Sie den Zeilenumbruch (nach "
      "„Hebammen“)."]),
    ("bidi override in a one-line field", "name: Hebammensprechstunde Altstadt",
     "name: \"Hebammen\\u202Esprechstunde\"",
     [f"{P}:2:7: name: Der Text enthält an Stelle 9 ein unsichtbares Zeichen (U+202E RIGHT-TO-LEFT "
      "OVERRIDE). Löschen Sie es; oft hilft es, den Text neu zu tippen statt ihn zu kopieren."]),
    ("template syntax is plain text", "name: Hebammensprechstunde Altstadt",
     "name: \"{{ config }} {% include 'x' %}\"", []),
    ("name too long", "name: Hebammensprechstunde Altstadt", "name: " + "x" * 121,
     [f"{P}:2:7: name: Der Text ist zu lang: 121 Zeichen, erlaubt sind höchstens 120. Kürzen Sie ihn."]),
    ("closing before opening", 'closes: "12:00"', 'closes: "08:00"',
     [f"{P}:23:46: schedule[1].closes: Das Ende (08:00) liegt nicht nach dem Beginn (09:00)."]),
    ("time in the wrong form", 'opens: "09:00"', 'opens: "9 Uhr"',
     [f"{P}:23:29: schedule[1].opens: „9 Uhr“ passt nicht. Schreiben Sie die Uhrzeit als \"HH:MM\" in "
      "Anführungszeichen, z. B. \"09:30\"."]),
    ("no location for an on-site offer", "delivery: [vor_ort]", "delivery: [vor_ort]\nlocations: []",
     None),  # duplicate key `locations`: covered above; see test below for a real missing location
    ("fields where a text belongs", "name: Hebammensprechstunde Altstadt", "name: {Hebamme: Altstadt}",
     [f"{P}:2:7: name: Hier gehört ein einfacher Text hin, gefunden wurden Unterfelder. Steht im Text ein „: “ "
      "oder beginnt er mit „[“ oder „{“, setzen Sie ihn in Anführungszeichen."]),
    # --- Word and keyboard -------------------------------------------------------------------
    ("typographic quotes around a time", 'opens: "09:00"', "opens: „09:00“",
     [f"{P}:23:29: schedule[1].opens: Warnung: Der Wert steht in typografischen Anführungszeichen („ … “), wie "
      "Word sie setzt. Er wurde als 09:00 gelesen; schreiben Sie besser gerade Anführungszeichen: \"09:00\""]),
    ("English typographic quotes around a phone number", 'contact: {phone: "0209 111 11 11"}',
     "contact: {phone: “0209 111 11 11”}",
     [f"{P}:25:18: contact.phone: Warnung: Der Wert steht in typografischen Anführungszeichen (“ … ”), wie "
      "Word sie setzt. Er wurde als 0209 111 11 11 gelesen; schreiben Sie besser gerade Anführungszeichen: "
      "\"0209 111 11 11\""]),
    ("typographic quotes in free text are text", "summary: Offene Sprechstunde für Schwangere und junge Eltern.",
     "summary: „Kinder stark machen“", []),
    ("no-break space after the colon", "cost: {free: true}", "cost:\u00a0{free: true}",
     [f"{P}:20:6: Warnung: Hier steht ein besonderes Leerzeichen (U+00A0 geschütztes Leerzeichen), wie es Word oder ein "
      "E-Mail-Programm einfügt. Es wurde als normales Leerzeichen gelesen; ersetzen Sie es durch ein normales."]),
    ("decimal comma inside braces", "age: {min: 0, max: 1}", "age: {min: 0,5, max: 1}",
     [f"{P}:8:14: age.min: Hier steht wohl eine Zahl mit Komma (0,5): zwischen {{ }} trennt das Komma die Felder. "
      "Schreiben Sie Zahlen mit Punkt: min: 0.5"]),
    ("True with a capital", "cost: {free: true}", "cost: {free: True}",
     [f"{P}:20:14: cost.free: Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; gefunden "
      "wurde der Text „True“. Schreiben Sie true klein."]),
    ("FALSE in capitals", "cost: {free: true}", "cost: {free: FALSE}",
     [f"{P}:20:14: cost.free: Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; gefunden "
      "wurde der Text „FALSE“. Schreiben Sie false klein."]),
    ("Nein for false", "cost: {free: true}", "cost: {free: Nein}",
     [f"{P}:20:14: cost.free: Hier gehört true (ja) oder false (nein) hin, ohne Anführungszeichen; gefunden "
      "wurde der Text „Nein“. Für „nein“ schreiben Sie false."]),
    ("pasted tab in a one-line text", "name: Hebammensprechstunde Altstadt", 'name: "Hebammen\\tsprechstunde"',
     [f"{P}:2:7: name: Der Text enthält einen Tabulator (nach „Hebammen“), etwa aus Word kopiert. Ersetzen Sie "
      "ihn durch ein Leerzeichen."]),
    ("Word bullets in the description", "Die Hebamme beantwortet",
     "Die Hebamme hilft bei:\n•\tErnährung\n•\tSchlaf\n\nDie Hebamme beantwortet",
     [f"{P}:30:1: Beschreibung: Die Zeile beginnt mit „•“, einem Aufzählungszeichen aus Word. Auf der Seite "
      "würden die Zeilen der Liste ineinanderlaufen. Schreiben Sie „- “ an den Anfang jeder Zeile und lassen "
      "Sie vor der Liste eine Leerzeile."]),
    # --- indentation ---------------------------------------------------------------------------
    ("unindented field under an empty mapping", "provider: {name: Testträger Gesundheit}",
     "provider:\nname: Testträger Gesundheit",
     [f"{P}:5:1: provider: „name“ steht in diesem Abschnitt schon in Zeile 2, und „provider“ darüber ist leer: "
      "wahrscheinlich gehört „name“ zu „provider“. Rücken Sie die Zeile unter „provider:“ ein, z. B. mit "
      "zwei Leerzeichen mehr: „  name: …“."]),
    ("unindented name under provider, its website still indented", "provider: {name: Testträger Gesundheit}",
     "provider:\nname: Testträger Gesundheit\n  website: https://www.traeger.example.org",
     [f"{P}:5:1: provider: „name“ steht in diesem Abschnitt schon in Zeile 2, und „provider“ darüber ist leer: "
      "wahrscheinlich gehört „name“ zu „provider“. Rücken Sie die Zeile unter „provider:“ ein, z. B. mit "
      "zwei Leerzeichen mehr: „  name: …“.",
      f"{P}:6:10: YAML-Syntaxfehler. „website“ ist weiter eingerückt als „name“ in Zeile 5 darüber, deshalb liest "
      "YAML die Zeile als Fortsetzung des Werts von „name“. Rücken Sie Felder desselben Abschnitts gleich weit ein. "
      "(Gehört „website: https://www.traeger.example.org“ zum Text, setzen Sie den ganzen Wert in "
      "Anführungszeichen.)"]),
    ("field of a mapping indented too little", "provider: {name: Testträger Gesundheit}",
     "provider:\n  name: Testträger Gesundheit\nwebsite: https://www.traeger.example.org",
     [f"{P}:6:1: website: „website“ gibt es auf dieser Ebene nicht, es gehört wohl zu „provider“ darüber. "
      "Rücken Sie die Zeile so weit ein wie die anderen Felder von „provider“."]),
    ("field of a list item indented by two instead of four", "    street: Marktstraße 1",
     "  street: Marktstraße 1",
     [f"{P}:12:3: YAML-Syntaxfehler. „street: Marktstraße 1“ gehört wohl zum Listeneintrag in Zeile 11, ist "
      "aber weniger weit eingerückt als dessen erstes Feld „name“. Rücken Sie die Zeile mit 4 statt 2 "
      "Leerzeichen ein, genau unter „name“."]),
    ("duplicate key that is a real duplicate", "status: active", "status: active\nstatus: paused",
     [f"{P}:28:1: status: Das Feld „status“ steht zweimal in diesem Abschnitt (zuerst in Zeile 27). Prüfen "
      "Sie, welche Angabe stimmt, und löschen Sie die andere."]),
    # --- what the provider meant ---------------------------------------------------------------
    ("district with a capital", "districts: [altstadt]", "districts: [Bismarck]",
     [f"{P}:9:13: districts[1]: „Bismarck“ passt nicht. Meinten Sie „bismarck“? Eine Stadtteil-Kennung besteht "
      "aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. bulmke-huellen."]),
    ("district with a space", "districts: [altstadt]", "districts: [Schalke Nord]",
     [f"{P}:9:13: districts[1]: „Schalke Nord“ passt nicht. Meinten Sie „schalke-nord“? Eine Stadtteil-Kennung "
      "besteht aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. bulmke-huellen."]),
    ("the whole city in words", "districts: [altstadt]", "districts: [ganze Stadt]",
     [f"{P}:9:13: districts[1]: „ganze Stadt“ passt nicht. Meinten Sie „gesamtstadt“? Eine Stadtteil-Kennung "
      "besteht aus Kleinbuchstaben, Ziffern und Bindestrichen, z. B. bulmke-huellen."]),
    ("language by its German name", "languages: [de, tr]", "languages: [de, Türkisch]",
     [f"{P}:21:17: languages[2]: „Türkisch“ ist hier nicht erlaubt. Meinten Sie „tr“? Erlaubt sind: de, en, tr, "
      "ar, uk, ru, pl, ro, bg, ku, fa, ps, sq, sr, hr und weitere (siehe docs/felder.md)."]),
    ("language by its own name", "languages: [de, tr]", "languages: [de, Türkçe]",
     [f"{P}:21:17: languages[2]: „Türkçe“ ist hier nicht erlaubt. Meinten Sie „tr“? Erlaubt sind: de, en, tr, "
      "ar, uk, ru, pl, ro, bg, ku, fa, ps, sq, sr, hr und weitere (siehe docs/felder.md)."]),
    ("code with a capital", "audiences: [werdende_eltern, eltern]", "audiences: [werdende_eltern, Eltern]",
     [f"{P}:7:30: audiences[2]: „Eltern“ ist hier nicht erlaubt. Meinten Sie „eltern“? Erlaubt sind: eltern, "
      "werdende_eltern, alleinerziehende, vaeter, muetter, kinder, jugendliche, junge_erwachsene, grosseltern, "
      "fachkraefte, neuzugewanderte, familien_mit_behinderung."]),
    ("code in its old spelling with umlauts", "audiences: [werdende_eltern, eltern]",
     "audiences: [werdende_eltern, mütter]",
     [f"{P}:7:30: audiences[2]: Warnung: „mütter“ schreibt sich jetzt „muetter“ (Kennungen ohne Umlaute). Es "
      "wurde so gelesen; bitte ändern Sie es in „muetter“."]),
    # --- Markdown layer -----------------------------------------------------------------------
    ("script in the description", "Die Hebamme beantwortet", "<script>alert(1)</script>\nDie Hebamme beantwortet",
     [f"{P}:29:1: Beschreibung: HTML ist in der Beschreibung nicht erlaubt: „<script>“. Schreiben Sie nur "
      "Text und Markdown (z. B. **fett**, Listen mit „- “, Links als [Text](https://…)). Soll ein „<“ als "
      "Zeichen erscheinen, schreiben Sie „\\<“."]),
    ("javascript reference link", "Die Hebamme beantwortet",
     "[Hilfe][x]\n\n[x]: javascript:alert(1)\n\nDie Hebamme beantwortet",
     [f"{P}:31:1: Beschreibung: Der Link „javascript:alert(1)“ ist nicht erlaubt. Links müssen mit https://, "
      "mailto: oder tel: beginnen."]),
    ("tracking image", "Die Hebamme beantwortet", "![x](https://tracker.example/p.gif)\nDie Hebamme beantwortet",
     [f"{P}:29:1: Beschreibung: Bilder sind in der Beschreibung nicht möglich (ein Bild von einer anderen "
      "Seite würde Besuche an Dritte verraten). Entfernen Sie „![…](…)“."]),
]


@pytest.mark.parametrize("name, old, new, expected", [c for c in CASES if c[3] is not None],
                         ids=[c[0] for c in CASES if c[3] is not None])
def test_broken_offer(tree, name, old, new, expected):
    tree.replace(OFFER, old, new)
    assert problems(tree) == expected


def test_the_fixture_offer_itself_is_clean(tree):
    assert problems(tree) == []


def test_on_site_offer_without_location(tree):
    text = tree.read(OFFER)
    start, end = text.index("locations:"), text.index("delivery:")
    tree.write(OFFER, text[:start] + text[end:])
    assert f"{P}:2:1: Es fehlt mindestens ein Ort (locations). Findet das Angebot nicht vor Ort statt, " \
           "schreiben Sie z. B. „delivery: [telefon, online]“." in problems(tree)


def test_every_required_field_has_a_german_title_and_an_example(tree):
    from wegweiser.content import fileschemas, schema

    vocab = load_directory(tree.path, today()).directory.vocabulary

    def missing(node, prefix=""):
        out = []
        for name, sub in node.get("properties", {}).items():
            if name in node.get("required", ()) and not (sub.get("title") and sub.get("x-example")):
                out.append(prefix + name)
            nested = sub.get("items") if sub.get("type") == "array" else sub
            if isinstance(nested, dict) and nested.get("type") == "object":
                out += missing(nested, f"{prefix}{name}.")
        return out

    assert missing(schema.offer_schema(vocab)) == []
    assert missing(fileschemas.district_schema()) == []
