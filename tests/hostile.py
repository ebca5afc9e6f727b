"""Hostile but valid content: every payload must appear as text, never run (promise P1)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import MINI

# Each goes into every one-line field of its own offer (name, summary, provider, notes, places …).
TEXT_PAYLOADS = [
    "<script>window.__pwned=1</script>",
    "\"><img src=x onerror=\"window.__pwned=1\">",
    "'><svg onload='window.__pwned=1'>",
    "</script><script>window.__pwned=1</script>",
    "{{ config }} {% include 'main.html' %} {{ 7*7 }}",
    "javascript:window.__pwned=1",
    "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "<!--",
    "]]><script>window.__pwned=1</script>",
    "=HYPERLINK(\"https://evil.example\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "<style>*{display:none}</style><base href=\"https://evil.example/\">",
    "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e",
]

# Valid Markdown that tries to smuggle markup through the description.
BODY_PAYLOADS = [
    "Code zeigt nur Text: `<script>window.__pwned=1</script>`",
    "[Hilfe](https://example.org/\"onmouseover=\"window.__pwned=1 \"t\\\" onmouseover=\\\"x\")",
    "<https://example.org/\"onmouseover=\"window.__pwned=1>",
    "Zeichen: &#60;script&#62;window.__pwned=1&#60;/script&#62; und &lt;b&gt;",
    "    <script>window.__pwned=1</script> (eingerückt = Code)",
    "--8<-- \".git/config\"\n\n{!.git/config!}",
    "**[fett](tel:+492091234)** und *[kursiv](mailto:info@example.org?subject=Hallo)*",
]


def offer_text(payload: str, body: str) -> str:
    q = json.dumps(payload, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    return f"""---
name: {q}
summary: {q}
provider: {{name: {q}}}
life_stages: [kita]
categories: [bildung]
age: {{min: 3, max: 6}}
audiences: [kinder]
districts: [altstadt]
locations:
  - {{name: {q}, street: {q}, postal_code: "45879", city: {q}, district: altstadt, lat: 51.52, lon: 7.05}}
delivery: [vor_ort]
cost: {{free: false, note: {q}}}
languages: [de]
schedule:
  - {{days: [mo], opens: "09:00", closes: "10:00", note: {q}}}
schedule_note: {q}
registration: {{required: true, how: {q}}}
contact: {{phone: "0209 123456"}}
easy_language: {{summary: {q}}}
last_reviewed: 2026-10-01
status: active
---
{body}
"""


def hostile_content(target: Path) -> Path:
    """The mini fixture plus one offer per payload."""
    shutil.copytree(MINI, target)
    for i, payload in enumerate(TEXT_PAYLOADS):
        (target / "offers" / f"text-{i}.md").write_text(offer_text(payload, f"Angebot {i}."), encoding="utf-8")
    for i, body in enumerate(BODY_PAYLOADS):
        (target / "offers" / f"body-{i}.md").write_text(offer_text(f"Beschreibung {i}", body), encoding="utf-8")
    district = target / "districts" / "ostend.md"
    district.write_text(district.read_text(encoding="utf-8").replace(
        "Das Ostend liegt im Osten.", "Das Ostend: `<script>window.__pwned=1</script>` &lt;b&gt;"), encoding="utf-8")
    return target
