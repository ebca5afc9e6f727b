"""The report: tables in German number format, written into docs/benchmarks.md between the markers,
keeping the hand-written notes around them."""
from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shlex
import statistics
import subprocess
from importlib.metadata import version
from pathlib import Path

from . import phone
from .commands import ROOT, Run, SizeResult
from .generate import REFERENCE_DAY
from .searchbench import CPU_SLOWDOWN, PHONE_QUERY, QUERY
from .targets import target_lines

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def phone_lines(demo: dict | None, results: list[SizeResult]) -> list[str]:
    lines = []
    if demo and demo.get("lighthouse"):
        lines += [f"Lighthouse {phone.LIGHTHOUSE.split('@')[1]} (mobile Voreinstellung, simuliert gedrosselt), das "
                  "Beispielverzeichnis mit gzip von 127.0.0.1; Leistung schwankt auf dem geteilten Rechner um einige "
                  "Punkte.", "",
                  "| Seite | Pfad | Leistung | Barrierefreiheit | Best Practices | FCP | LCP | TBT | CLS | Bytes | DOM |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in demo["lighthouse"]:
            if "error" in row:
                lines.append(f"| {row['page']} | `{row['path']}` | {row['error']} |||||||||")
                continue
            lines.append(f"| {row['page']} | `{row['path']}` | {row['performance']} | {row['accessibility']} "
                         f"| {row['best_practices']} | {de(row['fcp_ms'] / 1000)} s | {de(row['lcp_ms'] / 1000)} s "
                         f"| {de(row['tbt_ms'], 0)} ms | {de(row['cls'], 3)} | {kb(row['bytes'])} | {de(row['dom'], 0)} |")
        lines.append("")
    rows = []
    sized = ([("Beispiel", demo)] if demo and demo.get("phone") else []) + [
        (de(r.offers, 0), r.finder) for r in results if r.finder and r.finder.get("phone")]
    for label, block in sized:
        for key, name in (("finder", "Wegweiser-Finder"), ("pagefind", "Pagefind")):
            f = block["phone"].get(key)
            if not f:
                continue
            rows.append(f"| {label} | {name} | {de(f['first_s'])} s | {kb(f['bytes_first'])} | {f['requests']} "
                        f"| {de(f['cls'], 3)} | {', '.join(de(x) for x in f['all_first_s'])} |")
    if rows:
        lines += [f"Gedrosseltes Handy (Chromium über CDP: {PHONE_NET_TEXT}, CPU {phone.PHONE_CPU}× langsamer, "
                  f"{phone.PHONE_VIEWPORT['width']} × {phone.PHONE_VIEWPORT['height']}): die Startseite ist offen "
                  f"(ihr CSS im Cache, `Cache-Control: max-age=600` wie GitHub Pages), dann „Suchen“ mit "
                  f"„{PHONE_QUERY}“: Zeit bis zum ersten Treffer auf dem Schirm, Bytes (gzip) bis dahin, "
                  "Median aus drei Läufen. Pagefind: dieselbe Abfrage aus der Adresse, über die Angebotsseiten "
                  "desselben Baus.", "",
                  "| Angebote | Suche | erster Treffer | Bytes bis dahin | Anfragen | CLS | alle Läufe |",
                  "|---:|---|---:|---:|---:|---:|---|", *rows, ""]
    return lines


PHONE_NET_TEXT = (f"{phone.PHONE_NETWORK['downloadThroughput'] * 8 / 1000:.0f} kbit/s, "
                  f"{phone.PHONE_NETWORK['latency']} ms Latenz")



def de(value: float | None, digits: int = 1) -> str:
    """German number format: 1.234,5"""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def ratio(a: Run | None, b: Run | None) -> str:
    """Wall-clock ratio, and the CPU-time ratio in brackets (steadier when other jobs share the cores)."""
    if not a or not b or not a.ok or not b.ok or b.seconds == 0:
        return "–"
    cpu = f" (CPU {de(a.cpu / b.cpu, 2)}×)" if a.cpu and b.cpu else ""
    return de(a.seconds / b.seconds, 2) + "×" + cpu


def secs(run: Run | None) -> str:
    if run is None:
        return "–"
    cpu = f" (CPU {de(run.cpu, 1)})" if run.cpu is not None else ""
    return de(run.seconds, 1) + " s" + cpu + ("" if run.ok else " – Fehler")


def rss(run: Run | None) -> str:
    """The largest process; with the whole tree's PSS where it forked (pagefork.py) and that is more."""
    if not run or not run.rss_mb:
        return "–"
    tree = f" (alle Prozesse {de(run.pss_mb, 0)} MB)" if run.pss_mb and run.pss_mb > run.rss_mb * 1.05 else ""
    return f"{de(run.rss_mb, 0)} MB{tree}"


def build_table(results: list[SizeResult]) -> list[str]:
    rows = ["| Angebote | Stadtteile | Seiten | `check` | `check`, 2. Lauf | Wegweiser-Bau | Spitzen-RSS | Ausgabe "
            "| Dateien | Material, kurze Nav. | RSS | Hugo | Wegweiser ÷ Material | Wegweiser ÷ Hugo | ms je Angebot |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        per_offer = r.build.seconds * 1000 / r.offers if r.build and r.build.ok else None
        rows.append(f"| {de(r.offers, 0)} | {r.districts} | {de(r.pages, 0)} | {secs(r.check)} | {secs(r.check_warm)} | {secs(r.build)} "
                    f"| {rss(r.build)} | {de(r.output_bytes / 1e6, 0)} MB | {de(r.output_files, 0)} "
                    f"| {secs(r.floor)} | {rss(r.floor)} | {secs(r.hugo) if r.hugo else 'nicht installiert'} "
                    f"| {ratio(r.build, r.floor)} | {ratio(r.build, r.hugo)} | {de(per_offer, 2)} |")
    return rows


def growth_lines(results: list[SizeResult]) -> list[str]:
    ok = [r for r in results if r.build and r.build.ok]
    if len(ok) < 2:
        return []
    lines = []
    for a, b in zip(ok, ok[1:]):
        factor = b.offers / a.offers

        def grow(x: Run | None, y: Run | None) -> str:
            if not (x and y and x.ok and y.ok and x.seconds):
                return "–"
            cpu = f" (CPU {de(y.cpu / x.cpu, 1)}×)" if x.cpu and y.cpu else ""
            return de(y.seconds / x.seconds, 1) + "×" + cpu
        per = lambda r: de(r.build.seconds * 1000 / r.offers, 2)  # noqa: E731
        lines.append(f"- {de(a.offers, 0)} → {de(b.offers, 0)} Angebote (linear wäre ×{de(factor, 1)}): "
                     f"Wegweiser-Bau {grow(a.build, b.build)}, `check` {grow(a.check, b.check)}, "
                     f"Material {grow(a.floor, b.floor)}, Hugo {grow(a.hugo, b.hugo)}; "
                     f"Zeit je Angebot {per(a)} → {per(b)} ms.")
    biggest = [f"{de(r.offers, 0)} Angebote: `{r.largest[1]}` {de(r.largest[0] / 1e6, 1)} MB"
               for r in ok if r.largest[0]]
    return ["Wachstum:", "", *lines, "", "Größte Seite: " + "; ".join(biggest) + "."]


def serve_lines(serves: list[dict]) -> list[str]:
    if not serves:
        return ["(nicht gemessen)"]
    out = []
    for serve in serves:
        command = "`mkdocs serve --dirty`" if serve["dirty"] else "`mkdocs serve`"
        command += (" mit allen Sprachen der mitgelieferten `mkdocs.yml` (wie `make serve`)"
                    if serve.get("all_languages") else ", nur Deutsch,")
        if not serve["rebuilds"]:
            out.append(f"- {command}: Fehler: {serve.get('error', 'keine Messung')}")
            continue
        med = statistics.median(serve["rebuilds"])
        builds = (f"; davon Bau laut mkdocs-Log {de(statistics.median(serve['builds']), 2)} s"
                  if serve["builds"] else "")
        out.append(f"- {command} bei {de(serve['offers'], 0)} Angeboten: ein Angebot gespeichert → neu gebaut nach "
                   f"**{de(med, 2)} s** (Median aus {len(serve['rebuilds'])}: "
                   f"{', '.join(de(x, 2) for x in serve['rebuilds'])} s{builds})")
    out += ["", "Gemessen vom Speichern der Datei bis zur Log-Zeile „Reloading browsers“; darin bis zu 0,5 s "
            "Abfrageintervall des Dateibeobachters und 0,1 s Wartezeit von mkdocs. CPU je Neubau ohne Server: "
            "`python -m benchmarks.rebuilds` (Abschnitt „Vorschau: Neubau nach dem Speichern eines Angebots“)."]
    return out


def kb(n: int | None) -> str:
    return f"{de(n / 1024, 0)} KB" if n is not None else "–"


def finder_table(results: list[SizeResult]) -> list[str]:
    rows = ["| Angebote | Suche | Index roh | Index gzip | bis bereit | Such-Bytes bis bereit | letzte Taste → Treffer "
            "| Such-Bytes nach der Abfrage |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if not r.finder:
            continue
        for key, label in (("finder", "Wegweiser-Finder"), ("material", "Material-Suche (lunr.js)"),
                           ("pagefind", "Pagefind")):
            f = r.finder.get(key, {})
            if f.get("missing"):
                rows.append(f"| {de(r.offers, 0)} | {label} | – | – | – | – | – | noch nicht vorhanden: "
                            "die Seite liefert unter suche/ keinen Index |")
                continue
            gz = kb(f.get("gzip")) if "gzip" in f else "(bereits komprimiert)"
            ms = lambda k: f"{de(f[k], 0)} ms" if k in f else "–"  # noqa: E731
            note = f" ({f['error']})" if f.get("error") else ""
            rows.append(f"| {de(r.offers, 0)} | {label} | {kb(f.get('raw'))} | {gz} | {ms('ready_ms')} "
                        f"| {kb(f.get('bytes_ready'))} | {ms('query_ms')} | {kb(f.get('bytes_total'))}{note} |")
    return rows if len(rows) > 2 else []


def machine_facts() -> list[str]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        kbytes = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {de(kbytes / 1024 / 1024, 0)} GB RAM"
    except (OSError, AttributeError):
        pass

    def tool(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "nicht installiert"
    versions = ", ".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "jinja2", "pyyaml",
                                                                "jsonschema", "markdown", "pagefind"))
    return [f"- Datum: {dt.date.today().isoformat()}; Rechner: {os.cpu_count()} Kerne (`nproc`), {cpu}{mem}, "
            f"geteilt mit anderen Aufgaben (±20 % Rauschen)",
            f"- Python {platform.python_version()}; {versions}",
            f"- {tool(['hugo', 'version'])}; {tool([phone.CHROMIUM, '--version'])}",
            f"- Inhalt: `python -m benchmarks.generate` (Saat 1), heute = {REFERENCE_DAY.isoformat()}"]


def report(results: list[SizeResult], serve: list[dict], argv: list[str], demo: dict | None = None,
           also: list[str] = ()) -> str:
    """``also``: the commands of further runs whose figures were merged in (run.rewrite_report)."""
    lines = [START, "", "## Ergebnisse", "", *machine_facts(),
             f"- Befehl: `python -m benchmarks.run {shlex.join(argv)}`",
             *(f"- dazu: `python -m benchmarks.run {a}`" for a in also), "",
             "### Bauen", "", *build_table(results), "", *growth_lines(results), "",
             "### Vorschau (`mkdocs serve`)", "", *serve_lines(serve), ""]
    targets = target_lines(results, serve)
    if targets:
        lines += ["### Ziele aus Issue 17", "", *targets, ""]
    finder = finder_table(results)
    if finder:
        lines += ["### Suche", "", f"Headless Chromium, CPU per CDP `Emulation.setCPUThrottlingRate` {CPU_SLOWDOWN}× "
                  f"gebremst, Cache aus; Abfrage „{QUERY}“ Taste für Taste. „bis bereit“: ab Seitenstart; Bytes: "
                  "was der Messserver für die Suche selbst (Skripte, Index, Daten; nicht die Seite drumherum) "
                  "unkomprimiert sendet, Anfragen der Web Worker eingeschlossen; die CSP der Seiten "
                  "ist für die Messung abgeschaltet (Playwright `bypass_csp`).", "", *finder, ""]
    handy = phone_lines(demo, results)
    if handy:
        lines += ["### Auf dem günstigen Handy", "", *handy]
    lines.append(END)
    return "\n".join(lines)


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Messungen\n\n" + START + "\n" + END + "\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
