"""Problems found in content files, and how they are printed for providers."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"
# The kind of a problem that is a bug of Wegweiser met while checking a file, not a provider's mistake.
INTERNAL = "internal"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # repository-relative, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based
    field: str  # dotted field path as the provider wrote it ("age.max", "locations[1].lat"), or ""
    message: str  # German, with a hint how to fix it
    severity: str = ERROR
    # a stable name for the kind of warning ("stale", "expired", …) so staff views can group them
    kind: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        where = f"{self.path}:{max(self.line, 1)}:{max(self.col, 1)}"
        label = "Warnung: " if self.severity == WARNING else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {label}{self.message}"

    def format_github(self) -> str:
        kind = "error" if self.is_error else "warning"
        title = self.field or "Datei"
        # GitHub's workflow-command syntax needs these escaped, or a message is cut short.
        def esc(text: str, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if prop else text
        return (f"::{kind} file={esc(self.path, True)},line={max(self.line, 1)},"
                f"col={max(self.col, 1)},title={esc(title, True)}::{esc(self.message)}")


def field_path(path: Iterable) -> str:
    """("locations", 0, "lat") -> "locations[1].lat": list positions counted from 1, as people count."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def internal(path: str, err: BaseException, what: str = "dieser Datei") -> Problem:
    """A bug of ours, met while checking one file: named at that file, so the others still count."""
    return Problem(path, 0, 0, "", f"Interner Fehler in Wegweiser beim Prüfen {what} (kein Fehler in "
                   f"Ihren Angaben): {type(err).__name__}: {err}. Bitte melden Sie ihn dem "
                   "Koordinationsbüro; mit WEGWEISER_DEBUG=1 erscheinen Details.", ERROR, INTERNAL)


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    bugs = sum(p.kind == INTERNAL for p in problems)
    text = (f"{plural(errors, 'Fehler', 'Fehler')}, {plural(warnings, 'Warnung', 'Warnungen')} "
            f"in {plural(files, 'Datei', 'Dateien')}")
    if bugs:
        text += (f", davon {plural(bugs, 'interner Fehler', 'interne Fehler')} in Wegweiser "
                 "(bitte melden)")
    return text
