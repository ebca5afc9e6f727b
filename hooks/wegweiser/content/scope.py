"""`wegweiser check FILE…`: the problems of the named files and of every file that depends on them.

The whole directory is still loaded (cross-file rules need every file, and with the cache in
``.cache/`` that costs about a second); only what is reported narrows. What depends on what:

- ``vocabulary.yml`` (and its translations ``vocabulary.<lang>.yml``) and
  ``districts/boundaries.geojson``: every file (codes and polygons are read
  by all offers), so nothing is left out;
- a Stadtteil file (also a deleted one): itself, every offer that names its id, and every Stadtteil
  that names it as a neighbour;
- an offer file: itself, and every file whose problem names it (a duplicate, a former id).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .files import shown_path
from .problems import Problem


@dataclass
class Scope:
    files: set[str] | None  # shown paths reported; None: every file
    named: list[str]  # the named content files, as problems show paths
    ignored: list[str]  # named paths that are no content file

    def select(self, problems: list[Problem]) -> list[Problem]:
        if self.files is None:
            return problems
        return [p for p in problems if p.path in self.files or any(n in p.message for n in self.named)]


def scope(names: list[str], content: Path, links: dict[str, frozenset[str]]) -> Scope:
    root = Path(content).resolve()
    files: set[str] = set()
    named: list[str] = []
    ignored: list[str] = []
    for name in names:
        path = Path(name)
        try:
            rel = path.resolve().relative_to(root)
        except ValueError:
            ignored.append(name)
            continue
        shown = shown_path(Path(content) / rel)
        parts = rel.parts
        if parts == ("districts", "boundaries.geojson") or (len(parts) == 1 and parts[0].startswith("vocabulary.")
                                                             and parts[0].endswith(".yml")):
            return Scope(None, [shown], ignored)
        if len(parts) != 2 or parts[0] not in ("offers", "districts") or path.suffix != ".md":
            ignored.append(name)
            continue
        named.append(shown)
        files.add(shown)
        if parts[0] == "districts":
            files.update(f for f, ids in links.items() if path.stem in ids)
    return Scope(files, named, ignored)
