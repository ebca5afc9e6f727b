"""German building blocks for synthetic offers: kinds of offers, places, providers, sentences.

Each kind carries the life stages, themes and audiences that fit it, so generated offers read like
a city's real directory and pass the age/life-stage checks without warnings.
"""
from __future__ import annotations

# (name, life stages, categories, audiences, delivery when not on site or None)
KINDS: list[tuple[str, list[str], list[str], list[str], list[str] | None]] = [
    ("Hebammensprechstunde", ["schwangerschaft", "baby"], ["gesundheit", "beratung"],
     ["werdende_eltern", "muetter"], None),
    ("Geburtsvorbereitungskurs", ["schwangerschaft"], ["gesundheit", "bildung"], ["werdende_eltern"], None),
    ("Schwangerschaftsberatung", ["schwangerschaft"], ["beratung", "geld_recht"], ["werdende_eltern"], None),
    ("Familienhebamme", ["schwangerschaft", "baby"], ["gesundheit", "beratung"],
     ["werdende_eltern", "muetter", "alleinerziehende"], ["aufsuchend", "telefon"]),
    ("Babytreff", ["baby"], ["begegnung"], ["muetter", "vaeter"], None),
    ("Babymassage-Kurs", ["baby"], ["gesundheit", "begegnung"], ["muetter", "vaeter"], None),
    ("Stillcafé", ["baby"], ["gesundheit", "begegnung"], ["muetter"], None),
    ("PEKiP-Gruppe", ["baby"], ["bildung", "begegnung"], ["eltern"], None),
    ("Krabbelgruppe", ["baby", "kleinkind"], ["begegnung", "freizeit"], ["eltern"], None),
    ("Babyschwimmen", ["baby", "kleinkind"], ["freizeit", "gesundheit"], ["eltern"], None),
    ("Eltern-Kind-Gruppe", ["kleinkind"], ["begegnung", "bildung"], ["eltern", "kinder"], None),
    ("Spielgruppe ohne Eltern", ["kleinkind"], ["betreuung"], ["kinder", "eltern"], None),
    ("Eltern-Kind-Turnen", ["kleinkind", "kita"], ["freizeit", "gesundheit"], ["eltern", "kinder"], None),
    ("Musikgarten", ["kleinkind", "kita"], ["freizeit", "bildung"], ["kinder", "eltern"], None),
    ("Inklusive Spielgruppe", ["kleinkind", "kita"], ["begegnung", "betreuung"],
     ["familien_mit_behinderung", "eltern"], None),
    ("Sprachförderung", ["kita"], ["sprache", "bildung"], ["kinder", "eltern"], None),
    ("Vorlesestunde", ["kita", "grundschule"], ["bildung", "freizeit"], ["kinder"], None),
    ("Schwimmkurs für Anfänger", ["kita", "grundschule"], ["freizeit", "gesundheit"], ["kinder"], None),
    ("Kinderturnen", ["kita", "grundschule"], ["freizeit"], ["kinder"], None),
    ("Ferienspiele", ["grundschule"], ["freizeit", "betreuung"], ["kinder"], None),
    ("Hausaufgabenhilfe", ["grundschule", "jugend"], ["bildung"], ["kinder", "jugendliche"], None),
    ("Lernförderung Lesen und Schreiben", ["grundschule"], ["bildung"], ["kinder"], None),
    ("Bildungs- und Teilhabe-Sprechstunde", ["grundschule", "jugend"], ["geld_recht", "beratung"],
     ["eltern"], None),
    ("Jugendtreff", ["jugend"], ["freizeit", "begegnung"], ["jugendliche"], None),
    ("Mädchentreff", ["jugend"], ["freizeit", "begegnung"], ["jugendliche"], None),
    ("Medienworkshop", ["jugend"], ["bildung"], ["jugendliche"], None),
    ("Lerncafé", ["jugend"], ["bildung", "begegnung"], ["jugendliche"], None),
    ("Berufsorientierung", ["jugend", "beruf"], ["ausbildung"], ["jugendliche", "eltern"], None),
    ("Bewerbungstraining", ["beruf"], ["ausbildung", "bildung"], ["jugendliche", "junge_erwachsene"], None),
    ("Ausbildungsberatung", ["jugend", "beruf"], ["ausbildung", "beratung"],
     ["jugendliche", "junge_erwachsene"], None),
    ("Erziehungsberatung", ["alle"], ["beratung"], ["eltern"], None),
    ("Elternkurs Starke Eltern – Starke Kinder", ["kita", "grundschule", "jugend"], ["bildung", "beratung"],
     ["eltern"], None),
    ("Deutschkurs mit Kinderbetreuung", ["baby", "kleinkind", "kita"], ["sprache", "betreuung"],
     ["neuzugewanderte", "muetter"], None),
    ("Ankommensgruppe für neu zugewanderte Familien", ["fruehe_hilfen"], ["sprache", "begegnung"],
     ["neuzugewanderte", "eltern"], None),
    ("Sozialberatung für Familien", ["alle"], ["geld_recht", "beratung"], ["eltern"], None),
    ("Schuldnerberatung", ["alle"], ["geld_recht", "beratung"], ["eltern", "alleinerziehende"], None),
    ("Alleinerziehenden-Treff", ["fruehe_hilfen", "kita"], ["begegnung"], ["alleinerziehende"], None),
    ("Väter-Kind-Samstag", ["kita", "grundschule"], ["begegnung", "freizeit"], ["vaeter", "kinder"], None),
    ("Familiencafé", ["fruehe_hilfen", "kita"], ["begegnung"], ["eltern", "grosseltern"], None),
    ("Elterntelefon", ["alle"], ["beratung", "schutz"], ["eltern"], ["telefon", "online"]),
    ("Online-Elternberatung", ["alle"], ["beratung"], ["eltern"], ["online"]),
    ("Kinderschutz-Beratung", ["alle"], ["schutz", "beratung"], ["eltern", "fachkraefte"], None),
]

QUALIFIERS = ["am Vormittag", "am Nachmittag", "für Berufstätige", "auf Türkisch und Deutsch",
              "für Einsteiger", "in den Ferien", "mit Kinderbetreuung", "im Quartier", "offene Gruppe",
              "für Familien mit wenig Zeit", "mit Frühstück", "auf Arabisch und Deutsch"]

PLACE_TYPES = ["Familienzentrum", "Kita", "Stadtteilzentrum", "Gemeindehaus", "Jugendzentrum", "Bürgerhaus",
               "Grundschule", "Stadtteilbibliothek", "Sporthalle", "Beratungsstelle", "Begegnungsstätte",
               "Nachbarschaftstreff"]
PLACE_NAMES = ["Sonnenblume", "Regenbogen", "Löwenzahn", "Pusteblume", "Kunterbunt", "Sternschnuppe",
               "Arche", "Zechenkinder", "Glückauf", "Lindenhof", "Brückenschlag", "Am Park", "Am Kanal",
               "Kleine Strolche", "Wirbelwind", "Schatzkiste", "Abenteuerland", "Sonnenschein",
               "Am Förderturm", "Kastanienhof", "Rabenest", "Kleeblatt", "Morgenstern", "Seepferdchen"]

PROVIDER_TYPES = ["Familienbildungsstätte", "Kinder- und Jugendhilfe", "Bildungswerk", "Sportverein",
                  "Kirchengemeinde", "Migrationsdienst", "Lernwerkstatt", "Hebammenpraxis", "Kita-Verbund",
                  "Familienhilfe", "Jugendwerk", "Nachbarschaftsverein", "Beratungszentrum",
                  "Musikschule"]
PROVIDER_FORMS = ["e. V.", "gGmbH", "e. V.", "", "Stiftung"]

STREETS = ["Bahnhofstraße", "Hauptstraße", "Kirchstraße", "Schulstraße", "Lindenstraße", "Gartenstraße",
           "Am Markt", "Zechenstraße", "Kanalstraße", "Parkallee", "Wiesenweg", "Bergmannstraße",
           "Kolpingstraße", "Hochstraße", "Marktplatz", "Ringstraße", "Emscherstraße", "Lindenallee",
           "Birkenweg", "Ahornstraße", "Friedrichstraße", "Wilhelminenstraße", "Am Stadtgarten",
           "Florastraße", "Uferstraße", "Bochumer Straße", "Cranger Straße", "Horster Straße"]

# Summaries: "what happens" + "what is special"; {kind} is the kind of offer.
SUMMARY_WHAT = [
    "Austausch, Spiel und Beratung in kleiner Runde",
    "Fachleute beantworten Ihre Fragen rund um Alltag, Gesundheit und Erziehung",
    "Gemeinsam spielen, singen und andere Familien aus dem Stadtteil kennenlernen",
    "Hilfe bei Anträgen, Formularen und Fragen zu Geld und Rechten",
    "Feste Gruppe mit erfahrener Leitung, in ruhiger Atmosphäre",
    "Offenes Angebot ohne Anmeldung: einfach vorbeikommen",
    "Kurs mit sechs Terminen, danach treffen sich viele Gruppen weiter",
    "Lernen, Fragen stellen und Kontakte knüpfen – in Ihrem Tempo",
    "Beratung vertraulich und auf Wunsch anonym",
    "Bewegung, Spaß und neue Freundschaften für Kinder",
]
SUMMARY_EXTRA = [
    "kostenlos und ohne Anmeldung",
    "mit Kinderbetreuung im Nebenraum",
    "auch auf Türkisch, Arabisch und Ukrainisch",
    "Kinderwagen können mitgebracht werden",
    "Dolmetscherinnen auf Anfrage",
    "mit Bildungs- und Teilhabepaket kostenlos",
    "in den Schulferien geschlossen",
    "jeden ersten Samstag im Monat auch für Väter",
]

# Description sentences; {kind} and {place} are filled in.
BODY_OPENERS = [
    "Im {place} treffen sich Familien, die Lust auf Austausch haben und Fragen loswerden möchten.",
    "Das Angebot {kind} richtet sich an Familien aus dem Stadtteil und aus der ganzen Stadt.",
    "Bei uns sind alle willkommen, egal welche Sprache Sie sprechen oder woher Sie kommen.",
    "Viele Eltern kennen das: Der Alltag ist voll, und für die eigenen Fragen bleibt wenig Zeit.",
    "Eine erfahrene Fachkraft leitet die Gruppe und nimmt sich Zeit für jede Familie.",
    "Hier können Kinder spielen und toben, während die Eltern in Ruhe einen Kaffee trinken.",
]
BODY_MIDDLE = [
    "Sie brauchen keine Vorkenntnisse und müssen nichts vorbereiten.",
    "Bitte bringen Sie bequeme Kleidung und etwas zu trinken mit.",
    "Getränke und ein kleiner Imbiss stehen bereit.",
    "Kinderwagen können im Flur abgestellt werden, ein Wickeltisch ist vorhanden.",
    "Wenn Sie Unterstützung beim Übersetzen brauchen, sagen Sie uns vorher Bescheid.",
    "Die Gruppe ist klein, damit für alle Fragen genug Zeit bleibt.",
    "In den Schulferien machen wir eine Pause; die genauen Termine stehen im Aushang.",
    "Geschwisterkinder dürfen gern mitkommen.",
    "Alles, was Sie erzählen, bleibt vertraulich.",
    "Auf Wunsch vermitteln wir Sie an weitere Stellen in der Stadt, zum Beispiel an Kitas oder Ärzte.",
    "Die Treffen finden in einem hellen Raum im Erdgeschoss statt.",
    "Wir spielen, singen und basteln – je nachdem, worauf die Kinder Lust haben.",
    "Einmal im Monat kommt eine Kinderärztin dazu und beantwortet Fragen zur Entwicklung.",
    "Bei gutem Wetter gehen wir gemeinsam auf den Spielplatz nebenan.",
]
BODY_CLOSERS = [
    "Rufen Sie einfach an, wenn Sie unsicher sind, ob das Angebot zu Ihnen passt.",
    "Wir freuen uns auf Sie und Ihre Kinder!",
    "Sie können jederzeit einsteigen, auch ohne die ersten Termine.",
    "**Tipp:** Kommen Sie beim ersten Mal etwas früher, dann zeigen wir Ihnen alles in Ruhe.",
    "*Hinweis:* Bei Krankheit der Kinder sagen Sie bitte kurz telefonisch ab.",
]
BODY_LIST_INTRO = "Was Sie erwartet:"
BODY_LIST_ITEMS = ["Spiel- und Bewegungsangebote", "Zeit für Gespräche", "Informationen zu Hilfen im Stadtteil",
                   "ein gemeinsames Frühstück", "Beratung zu Kita und Schule", "Tipps für den Familienalltag",
                   "Kontakt zu anderen Eltern"]

EASY_SUMMARIES = [
    "Hier treffen sich Eltern mit ihren Kindern. Sie können Fragen stellen. Das Angebot kostet kein Geld.",
    "Sie bekommen Hilfe. Eine Fachfrau hört Ihnen zu. Sie müssen sich nicht anmelden.",
    "Kinder spielen zusammen. Eltern trinken Kaffee und reden. Alle sind willkommen.",
    "Sie lernen Deutsch. Ihre Kinder werden in der Zeit betreut.",
]
# Rules ("nicht in den Schulferien") are schedule fields now; notes say what no field can.
SCHEDULE_NOTES = ["Eingang über den Hof", "Termine auch auf der Webseite", "Einstieg jederzeit möglich",
                  "Bitte pünktlich kommen", "Kursbeginn alle acht Wochen"]
REGISTRATION_HOW = ["Anmeldung telefonisch oder per E-Mail.", "Einfach vorbeikommen, eine Anmeldung ist "
                    "nicht nötig.", "Anmeldung im Büro, höchstens zehn Familien pro Gruppe.",
                    "Bitte melden Sie sich bis zum Vortag an."]
COST_NOTES = ["5 € pro Termin, mit Bildungs- und Teilhabepaket kostenlos", "30 € für den ganzen Kurs",
              "2 € für Getränke und Imbiss", "Beitrag nach Einkommen, niemand wird abgewiesen",
              "Vereinsbeitrag 8 € im Monat"]

DISTRICT_PREFIXES = ["Alt", "Neu", "Ober", "Nieder", "Klein", "Groß", "Nord", "Süd", "West", "Ost", ""]
DISTRICT_ROOTS = ["eichen", "linden", "birken", "buchen", "wiesen", "mühlen", "berg", "stein", "hagen",
                  "brunnen", "heiden", "kirch", "rosen", "wald", "holz", "moor", "sand", "bach"]
DISTRICT_ENDINGS = ["feld", "dorf", "hausen", "kamp", "heide", "bruch", "hof", "beck", "mark", "winkel"]
BOROUGHS = ["Mitte", "Nord", "Ost", "Süd", "West"]
