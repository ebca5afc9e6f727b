"""A scan of the built site: proof that no script, handler or foreign resource got in (P1, P2).

It reads every HTML, JSON, GeoJSON, XML and CSV file of the output the way a browser or a
spreadsheet would (entities decoded, schemes normalised) and names every finding. The build runs
it before the new site replaces the old one, so unsafe output is never published.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import csp
from ..content.markup import link_scheme
from ..data.spreadsheet import runs_as_formula

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
                  "cite", "ping", "srcset", "manifest", "codebase", "longdesc"}
RESOURCE_ATTRIBUTES = {"src", "poster", "data", "background", "srcset", "manifest", "codebase"}
NAVIGATION_RELS = {"", "alternate", "canonical", "next", "prev", "author", "license", "help", "search",
                   "noopener", "noreferrer", "nofollow", "external", "me", "bookmark", "tag"}
BAD_SCHEMES = {"javascript", "vbscript", "data", "file", "blob", "filesystem"}


@dataclass(frozen=True)
class Finding:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _foreign(url: str) -> bool:
    """A URL that makes the browser contact another origin (absolute or protocol-relative)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", url)
    return cleaned.startswith("//") or bool(link_scheme(cleaned))


# Browsers separate attributes by whitespace or "/", so "<svg/onload=…>" counts as a handler too.
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script\s*>)", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[\s/]+[^\s/>\"'=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)[\s/]*>")
_ATTR = re.compile(r"([^\s/>\"'=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")


def _tags(text: str):
    """(tag, {attribute: decoded value}) for every start tag outside comments and script bodies."""
    text = _SCRIPT_BODY.sub(r"\1\2", _COMMENT.sub("", text))
    for m in _TAG.finditer(text):
        attrs = {}
        for name, value in _ATTR.findall(m.group(2)):
            if value[:1] in ("'", '"'):
                value = value[1:-1]
            attrs.setdefault(name.lower(), html.unescape(value) if "&" in value else value)
        yield m.group(1).lower(), attrs


def _check_tag(tag: str, a: dict) -> list[str]:
    found = []
    if tag in FORBIDDEN_TAGS:
        found.append(f"Element <{tag}> ist nicht erlaubt")
    if tag == "meta" and "http-equiv" in a and a["http-equiv"].lower() != "content-security-policy":
        found.append(f"<meta http-equiv=\"{a['http-equiv']}\"> ist nicht erlaubt")
    for name, value in a.items():
        if name.startswith("on"):
            found.append(f"Ereignis-Attribut {name} an <{tag}>")
        if name in URL_ATTRIBUTES:
            urls = [u.strip().split(" ")[0] for u in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                scheme = link_scheme(url)
                if scheme in BAD_SCHEMES:
                    found.append(f"{scheme}:-URL in {name} an <{tag}>")
                elif _foreign(url) and (name in RESOURCE_ATTRIBUTES or (tag == "link" and set(
                        a.get("rel", "").lower().split()) - NAVIGATION_RELS)):
                    found.append(f"Fremde Quelle {url!r} in {name} an <{tag}>")
    if tag == "form" and _foreign(a.get("action", "")):
        found.append(f"Formular sendet an {a['action']!r}")
    return found


@lru_cache(maxsize=1 << 17)
def _tag_findings(raw: str) -> tuple[str, ...]:
    """Findings for one start tag as written. Cached: the same tag text recurs on page after page
    (every card, every list of offers), and its verdict cannot differ."""
    m = _TAG.match(raw)
    attrs: dict[str, str] = {}
    for name, value in _ATTR.findall(m.group(2)):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.setdefault(name.lower(), html.unescape(value) if "&" in value else value)
    return tuple(_check_tag(m.group(1).lower(), attrs))


def scan_fragment(text: str) -> list[str]:
    """Elements and attributes only: for a page's content, which is all that content can shape."""
    text = _SCRIPT_BODY.sub(r"\1\2", _COMMENT.sub("", text))
    return [f for m in _TAG.finditer(text) for f in _tag_findings(m.group(0))]


def scan_scripts(text: str, allowed: set[str] | None = None) -> list[str]:
    """Every inline script of a whole page is a data block or on the allowlist.

    The allowlist is the page's own CSP unless the build passes the one it computed from the
    theme's templates (the preview policy of `mkdocs serve` lists no hashes).
    """
    m = re.search(r"<meta\s+http-equiv=\"Content-Security-Policy\"\s+content=\"([^\"]*)\"", text)
    findings = [] if m else ["Content-Security-Policy fehlt"]
    if allowed is None:
        allowed = set(re.findall(r"'(sha256-[A-Za-z0-9+/=]+)'", html.unescape(m.group(1)) if m else ""))
    for kind, code in csp.inline_scripts(text):
        if kind in csp.DATA_TYPES:
            try:
                json.loads(code)
            except ValueError:
                findings.append(f"Datenblock <script type=\"{kind}\"> ist kein gültiges JSON")
        elif csp.sha256(code) not in allowed:
            findings.append(f"Inline-Skript nicht in der Freigabeliste: {code[:60]!r}")
    return findings


def scan_html(text: str) -> list[str]:
    return scan_fragment(text) + scan_scripts(text)


def _strings(value) -> list[str]:
    """Every key and string of decoded JSON. A loop, not a recursive generator: the exports of a
    big directory hold millions of strings, and one generator frame per value cost three times the
    parsing (2.9 s against 0.8 s for the 74 MB of JSON of 5,000 offers)."""
    out: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            out.extend(v)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def _script_urls(strings: list[str]) -> list[str]:
    # no colon, no scheme (link_scheme): the test first skips the many plain strings cheaply
    return [f"{link_scheme(s)}:-URL {s[:60]!r}" for s in strings
            if ":" in s and link_scheme(s.strip()) in BAD_SCHEMES]


def scan_json(text: str) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return ["kein gültiges JSON"]
    return _script_urls(_strings(data))


# --- reading big output files as they stream ----------------------------------------------------
# A big directory's exports are hundreds of MB (compiled/service.json: 7.5 KB per offer). Parsed
# whole, one file became gigabytes of Python objects; read a value at a time, a scan holds one
# object of the file and a chunk of its text. The findings are the same strings' findings.

_CHUNK = 1 << 20  # characters read at a time
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_AFTER_VALUE = frozenset(" \t\n\r,]}:")


class _JsonStream:
    """A JSON text read chunk by chunk, one value at a time (json's raw_decode on a sliding buffer)."""

    def __init__(self, file):
        self.file, self.buf, self.pos, self.eof = file, "", 0, False

    def _more(self) -> bool:
        chunk = "" if self.eof else self.file.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0
        return True

    def peek(self) -> str:
        while True:
            self.pos = _SPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos:self.pos + 1]

    def value(self):
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except ValueError:
                if self._more():
                    continue  # cut off by the chunk's end (or truly broken: found at the end)
                raise
            if (end == len(self.buf) or self.buf[end] not in _AFTER_VALUE) and self._more():
                continue  # a number cut by the chunk's end ("51." of "51.5") reads as a shorter one
            self.pos = end
            return value

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            raise ValueError(f"expected {expected!r}")
        self.pos += 1

    def parts(self, depth: int):
        """The values of the text: objects down to `depth` levels are opened (their keys and
        members come one at a time), and so is an array at those levels, whose elements come
        whole: our exports are arrays of objects, or objects holding such arrays (GeoJSON). An
        element decoded whole by json's C scanner costs a tenth of one taken apart here."""
        opening = self.peek()
        if depth <= 0 or opening not in ("[", "{"):
            yield self.value()
            return
        closing = "]" if opening == "[" else "}"
        self.pos += 1
        if self.peek() == closing:
            self.pos += 1
            return
        while True:
            if opening == "{":
                key = self.value()
                if not isinstance(key, str):
                    raise ValueError("key")
                yield key
                self.take(":")
            if opening == "{":
                yield from self.parts(depth - 1)
            else:
                yield self.value()
            separator = self.peek()
            self.pos += 1
            if separator == closing:
                return
            if separator != ",":
                raise ValueError("separator")


def scan_json_file(path: Path) -> list[str]:
    """scan_json for a file, reading it as it streams: a JSON array of objects (the HSDS exports),
    or an object whose members are such arrays (GeoJSON's "features"), one element at a time."""
    found: list[str] = []
    try:
        with open(path, encoding="utf-8", errors="replace", newline="\n") as file:
            if path.stat().st_size <= _CHUNK:  # most files: one read, one parse
                return scan_json(file.read())
            stream = _JsonStream(file)
            for value in stream.parts(depth=2):
                found += _script_urls(_strings(value))
            if stream.peek() != "":
                raise ValueError("trailing data")
    except ValueError:
        return ["kein gültiges JSON"]
    return found


def _csv_rows(text: str) -> list[list[str]]:
    """The cells as a spreadsheet reads them: with the delimiter that gives every row the header's
    number of fields. (csv.Sniffer guessed from the first 4 KB and gave up on a long export whose
    descriptions hold line breaks; read with the wrong delimiter, every line of a Markdown list in a
    quoted cell looked like a cell starting with "-".) One column: the default reading."""
    for delimiter in (";", ",", "\t"):
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
        if rows and len(rows[0]) > 1 and all(len(row) == len(rows[0]) for row in rows):
            return rows
    return list(csv.reader(io.StringIO(text)))


def _formulas(rows) -> list[str]:
    return [f"Zelle könnte als Formel laufen: {cell[:40]!r}" for row in rows for cell in row
            if runs_as_formula(cell)]


def scan_csv(text: str) -> list[str]:
    return _formulas(_csv_rows(text.lstrip("\ufeff")))


def scan_csv_file(path: Path) -> list[str]:
    """scan_csv for a file, a row at a time: one pass per delimiter tried (_csv_rows' rule, every
    row as wide as the header), the first that fits gives the findings."""
    def lines():
        with open(path, encoding="utf-8", errors="replace", newline="\n") as file:
            first = True
            for line in file:
                yield line.lstrip("\ufeff") if first else line
                first = False

    for delimiter in (";", ",", "\t"):
        width, found, fits = None, [], True
        for row in csv.reader(lines(), delimiter=delimiter):
            if not row:
                continue
            if width is None:
                width = len(row)
            if width < 2 or len(row) != width:
                fits = False
                break
            found += _formulas([row])
        if fits and width is not None:
            return found
    return _formulas(csv.reader(lines()))


_REFRESH = re.compile(r"<meta\s+http-equiv=\"refresh\"\s+content=\"0; url=([^\"]*)\">", re.I)
_REFRESH_FINDING = "<meta http-equiv=\"refresh\"> ist nicht erlaubt"


def scan_redirect(text: str) -> list[str]:
    """A generated redirect page (site/redirects.py): one refresh to a same-site address, else as any page."""
    targets = _REFRESH.findall(text)
    findings = scan_html(text)
    found = [f for f in findings if f != _REFRESH_FINDING]
    if len(targets) != 1 or findings.count(_REFRESH_FINDING) != 1:
        found.append("Weiterleitungsseite ohne genau eine Weiterleitung")
    for target in targets:
        url = html.unescape(target)
        if _foreign(url) or link_scheme(url):
            found.append(f"Weiterleitung zu einer fremden Adresse: {url!r}")
    return found


def scan_file(name: str, text: str, redirect: bool = False) -> list[str]:
    """Findings for one output file, chosen by its ending. ``redirect``: the build generated this file
    as a redirect page, the only kind that may carry a refresh."""
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        return scan_redirect(text) if redirect else scan_html(text)
    if suffix in (".json", ".geojson"):
        return scan_json(text)
    if suffix == ".csv":
        return scan_csv(text)
    if suffix in (".xml", ".svg"):  # no scripts, handlers or script URLs at all
        found = []
        if re.search(r"<script\b", text, re.I):
            found.append("<script> in XML/SVG")
        if re.search(r"[\s/\"']on[a-z]+\s*=", text, re.I):
            found.append("Ereignis-Attribut in XML/SVG")
        if re.search(r"(?:java|vb)script\s*:", text, re.I):
            found.append("Skript-URL in XML/SVG")
        return found
    return []


def scan_path(name: str, path: Path, redirect: bool = False) -> list[str]:
    """scan_file for a file on disk; JSON and CSV are read as they stream, not whole."""
    suffix = Path(name).suffix.lower()
    if suffix in (".json", ".geojson"):
        return scan_json_file(path)
    if suffix == ".csv":
        return scan_csv_file(path)
    with open(path, encoding="utf-8", errors="replace", newline="\n") as file:
        return scan_file(name, file.read(), redirect)


def scan_asset(uri: str, content: "bytes | str | Path", redirect: bool = False) -> list[str]:
    """Findings for a generated file: in the spool (read as it streams) or in memory."""
    if isinstance(content, Path):
        return scan_path(uri, content, redirect)
    return scan_file(uri, content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content,
                     redirect)


def scan_site(site: Path, redirects: frozenset[str] = frozenset()) -> list[Finding]:
    """Every file of a built site (used by the tests and `wegweiser scan`); ``redirects``: the
    site-relative paths of its generated redirect pages."""
    findings: list[Finding] = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.is_symlink():
            text = path.read_text(encoding="utf-8", errors="replace")
            rel = path.relative_to(site).as_posix()
            findings += [Finding(rel, f) for f in scan_file(path.name, text, rel in redirects)]
    return findings
