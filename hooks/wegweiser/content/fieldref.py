"""The German field reference for contributors, rendered from the schema (docs/felder.md)."""
from __future__ import annotations

from .fileschemas import district_schema, holidays_schema
from .schema import offer_schema
from ..model.vocabulary import Vocabulary

_TYPES = {"string": "Text", "number": "Zahl", "integer": "ganze Zahl", "boolean": "true/false",
          "array": "Liste", "object": "Unterfelder"}


def _kind(spec: dict) -> str:
    kind = _TYPES.get(spec.get("type", ""), "")
    if spec.get("type") == "array" and isinstance(spec.get("items"), dict):
        item = spec["items"]
        if "enum" in item:
            return "Liste von Kennungen"
        return f"Liste ({_TYPES.get(item.get('type', ''), '')})"
    if spec.get("format") == "date":
        return "Datum JJJJ-MM-TT"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    return kind


def _rows(spec: dict, prefix: str = "") -> list[str]:
    rows = []
    required = set(spec.get("required", ()))
    recommended = set(spec.get("x-recommended", ()))
    for name, sub in spec.get("properties", {}).items():
        status = "Pflicht" if name in required else "empfohlen" if name in recommended else "optional"
        desc = sub.get("description", "")
        if sub.get("title") and not desc.lower().startswith(sub["title"].split()[0].lower()):
            desc = f"{sub['title']}: {desc}"
        example = f"`{sub['x-example']}`" if sub.get("x-example") else ""
        rows.append(f"| `{prefix}{name}` | {_kind(sub)} | {status} | {_cell(desc)} | {_cell(example)} |")
        nested = sub.get("items") if sub.get("type") == "array" else sub
        if isinstance(nested, dict) and nested.get("type") == "object":
            rows += _rows(nested, f"{prefix}{name}{'[].' if sub.get('type') == 'array' else '.'}")
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(title: str, spec: dict) -> str:
    head = ["| Feld | Art | Status | Bedeutung | Beispiel |", "|---|---|---|---|---|"]
    return f"## {title}\n\n{spec['description']}.\n\n" + "\n".join(head + _rows(spec)) + "\n"


def _codes(title: str, labels: dict[str, str]) -> str:
    return f"### {title}\n\n" + "\n".join(f"- `{c}`: {l}" for c, l in labels.items()) + "\n"


_RULES = """## Was die Prüfung außerdem verlangt

- **Anführungszeichen bei „ #“:** Ein „#“ nach einem Leerzeichen beginnt in YAML einen Kommentar; der
  Rest der Zeile würde nicht gelesen. Steht ein „ #“ in einem Wert ohne Anführungszeichen, ist das ein
  Fehler: schreiben Sie `summary: "Frühstück für Mütter #Bismarck"`. Eine Notiz nach einem Wert in
  Anführungszeichen oder nach einer geschlossenen Klammer (`languages: [de, tr]  # Notiz`), nach einem
  Feldnamen, unter dem eingerückte Felder folgen, und Zeilen, die mit „#“ beginnen, sind erlaubt, außer die
  Zeile ist unter einen Wert eingerückt (dann sähe sie wie seine Fortsetzung aus).
- **Typografische Anführungszeichen** („…“, “…”, ‚…‘, «…») um einen Wert, der eine feste Form hat (Uhrzeit,
  Telefonnummer, Postleitzahl, Datum, Zahl, true/false, Kennung), werden wie gerade Anführungszeichen
  gelesen, mit einer **Warnung**. In freiem Text (Name, Kurzbeschreibung, Hinweise) bleiben sie Text.
- **Besondere Leerzeichen** (geschütztes Leerzeichen aus Word oder E-Mail) beim Einrücken oder nach
  „feld:“ werden als normale Leerzeichen gelesen, mit einer **Warnung**. Ein **Tabulator** im Text ist ein
  Fehler.
- **Zahlen mit Punkt:** `min: 0.5`, nicht `0,5` (zwischen `{ }` trennt das Komma die Felder).
  **true/false** klein geschrieben, nicht `True`, `Ja` oder `Nein`.
- **Aufzählungen aus Word** („•“ mit Tabulator) in der Beschreibung sind ein Fehler: Markdown liest sie
  nicht als Liste. Schreiben Sie `- ` an den Zeilenanfang und lassen Sie vor der Liste eine Leerzeile.
- **Kennungen** (Stadtteile, Wortlisten, Dateinamen) ohne Umlaute und ohne Akzente: ä → ae, ö → oe, ü → ue,
  ß → ss, é → e, ğ → g, ş → s, ı → i, ç → c; klein, Wörter mit Bindestrich (Stadtteile, Dateinamen) oder
  Unterstrich (Wortlisten). Alte Schreibweisen mit Umlaut (`mütter`) werden noch gelesen, mit einer Warnung.
  Schreibt man den Namen statt der Kennung (`Türkisch`, `Schalke Nord`, `ganze Stadt`), nennt die Prüfung
  die Kennung (`tr`, `schalke-nord`, `gesamtstadt`).
- **Einrückung:** Steht ein Feld zu weit links (etwa `name:` direkt unter einem leeren `provider:`), sagt
  die Prüfung, wohin es gehört, statt es als doppelt zu melden.
- **Werte in der falschen Form** (ein Text, wo Unterfelder hingehören, eine Liste in der Liste …) werden an
  ihrer Zeile gemeldet, mit einem Beispiel zum Abschreiben; `age: 3-6` etwa mit `age: {min: 3, max: 6}`.
- **Umbenannte Angebote (`former_ids`):** Der Dateiname ist die Adresse des Angebots. Wird eine Datei
  umbenannt, tragen Sie die alte Kennung in der neuen Datei ein, z. B. `former_ids: [elterncafe-bismarck]`:
  Die alte Adresse führt dann zur neuen (gedruckte Flyer und Lesezeichen funktionieren weiter). Eine frühere
  Kennung darf keine bestehende Datei sein. `wegweiser check --base origin/main` vergleicht mit einer
  Git-Version und warnt vor Angeboten, deren Adresse verschwunden ist; die Prüfung eines Pull-Requests
  (Merge-Requests) tut das von selbst.
- **Hinweise für die Koordination** (Warnungen, im Qualitätsbericht gruppiert): wahrscheinlich doppelte
  Angebote (gleicher Name und Träger oder Ort), Kontakte, die privat aussehen (Handynummern 015x/016x/017x,
  Adressen bei kostenlosen E-Mail-Anbietern), und Dateien im falschen Ordner (Fehler).
"""


def render(vocab: Vocabulary) -> str:
    parts = [
        "# Feldreferenz\n",
        "<!-- Erzeugt mit `make schema` aus hooks/wegweiser/content/schema.py. Nicht von Hand ändern. -->\n",
        "Pflicht = ohne dieses Feld schlägt die Prüfung fehl. Empfohlen = die Prüfung warnt, wenn es "
        "fehlt. Listenpositionen werden in Meldungen ab 1 gezählt: `locations[1].lat` ist der "
        "Breitengrad des ersten Ortes.\n",
        _table("Angebot (content/offers/…md)", offer_schema(vocab)),
        _RULES,
        _table("Stadtteil (content/districts/…md)", district_schema()),
        _table("Ferien und Feiertage (content/holidays.yml)", holidays_schema()),
        "## Wortlisten (content/vocabulary.yml)\n",
        _codes("Lebensphasen (life_stages)", {s.code: s.label for s in vocab.life_stages}),
        _codes("Abkürzungen für Lebensphasen", {k: ", ".join(v) for k, v in vocab.life_stage_shortcuts.items()}),
        _codes("Themen (categories)", vocab.categories),
        _codes("Zielgruppen (audiences)", vocab.audiences),
        _codes("Barrierefreiheit (locations[].accessibility)", vocab.accessibility),
        _codes("Sprachen (languages)", vocab.languages),
    ]
    return "\n".join(parts)
