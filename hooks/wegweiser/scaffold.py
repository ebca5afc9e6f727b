"""`wegweiser new`: a valid offer file from a few answers, for staff (providers use /mitmachen/).

The answers come from flags or, on a terminal, from questions. The file is written the way the form
writes it (every string in double quotes, so the strict loader reads each value as written) and then
checked with the same loader as `wegweiser check`.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from .content.schema import CITYWIDE, ID


def slug(text: str) -> str:
    """The id from a name, like form.js: ä -> ae, ß -> ss, other marks dropped, hyphens between words."""
    s = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if len(s) > 80:
        s = s[:80].rsplit("-", 1)[0]
    return s


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = json.dumps(str(value), ensure_ascii=False)  # JSON's escapes are YAML's too
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _flow(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar(value)


def dump(data: dict, indent: int = 0) -> str:
    """Block YAML in the order of ``data`` (form-data.js writes the same shape)."""
    pad, lines = " " * indent, []
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            for item in value:
                inner = dump(item, indent + 4).split("\n")
                inner[0] = pad + "  - " + inner[0][indent + 4:]
                lines.extend(inner)
        elif isinstance(value, dict) and value:
            lines.append(f"{pad}{key}:")
            lines.append(dump(value, indent + 2))
        else:
            lines.append(f"{pad}{key}: {_flow(value)}")
    return "\n".join(lines)


def file_text(data: dict, body: str) -> str:
    return "---\n" + dump(data) + "\n---\n" + body.rstrip("\n") + "\n"


def offer(answers: dict, today: dt.date) -> dict:
    """The front matter, in the schema's order, from the answers (lists already split)."""
    data: dict = {"name": answers["name"], "summary": answers["summary"],
                  "provider": {"name": answers["provider"]},
                  "life_stages": answers["stages"], "categories": answers["categories"],
                  "districts": answers["districts"]}
    if answers.get("place"):
        name, street, postal_code, city, district, lat, lon = answers["place"]
        data["locations"] = [{"name": name, "street": street, "postal_code": postal_code, "city": city,
                              "district": district, "lat": float(lat), "lon": float(lon)}]
        data["delivery"] = ["vor_ort"]
    else:
        data["delivery"] = answers.get("delivery") or ["online"]
    data["cost"] = {"free": answers["free"]}
    contact = {k: answers[k] for k in ("phone", "email", "website") if answers.get(k)}
    data["contact"] = contact
    data["last_reviewed"] = today.isoformat()
    data["status"] = "active"
    return data


QUESTIONS = [  # (answer, flag, question, how to read it)
    ("name", "--name", "Name des Angebots", str),
    ("summary", "--summary", "Kurzbeschreibung (eine Zeile)", str),
    ("provider", "--provider", "Name des Trägers", str),
    ("stages", "--stages", "Lebensphasen, mit Komma getrennt (z. B. baby,kleinkind)", "list"),
    ("categories", "--categories", "Themen, mit Komma getrennt (z. B. beratung)", "list"),
    ("districts", "--districts", f"Stadtteile, mit Komma getrennt, oder {CITYWIDE}", "list"),
    ("free", "--free", "Kostenlos? (ja/nein)", "bool"),
    ("email", "--email", "E-Mail-Adresse der Einrichtung (leer lassen, wenn keine)", str),
]


def read_answer(kind, text: str):
    text = text.strip()
    if kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind == "bool":
        if text.lower() in ("ja", "j", "true", "yes"):
            return True
        if text.lower() in ("nein", "n", "false", "no"):
            return False
        raise ValueError("Antworten Sie mit ja oder nein.")
    return text


def target(content: Path, name: str, wanted_id: str | None) -> tuple[str, Path]:
    oid = wanted_id or slug(name)
    if not re.match(ID, oid) or len(oid) > 80:
        raise ValueError(f"„{oid}“ ist keine gültige Kennung: nur a–z, 0–9 und einzelne Bindestriche.")
    path = content / "offers" / f"{oid}.md"
    if path.exists():
        raise ValueError(f"{path} gibt es schon. Ändern Sie die Datei, oder wählen Sie mit --id eine andere Kennung.")
    return oid, path
