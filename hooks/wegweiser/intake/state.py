"""What the last import wrote, kept beside the mapping file, so a re-import can tell a provider's
edit from a change in the spreadsheet.

content/ accepts only content files, so the state lives next to the mapping (``import.yml`` ->
``import.stand.json``), in git with it. Per source row it records the file it went to and the
value of every field the mapping owns, as the source said at that import. On a re-import, for each
owned field:

- the file still has the recorded value -> nobody edited it: the new source value is written;
- the file has another value, the source did not change -> a provider's edit: it stays;
- both changed (to different values) -> a conflict: the file's value stays, the report names both.

Fields the mapping does not own are never touched.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1
_ABSENT = object()


def state_path(mapping: Path) -> Path:
    return mapping.with_name(mapping.stem + ".stand.json")


@dataclass
class Record:
    id: str
    fields: dict  # dotted field ("cost.free", "body") -> value as the source gave it


@dataclass
class State:
    path: Path
    records: dict[str, Record] = field(default_factory=dict)  # source key -> record

    @classmethod
    def read(cls, path: Path) -> "State":
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            records = {k: Record(v["id"], v["fields"]) for k, v in data["offers"].items()}
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path.name} ist beschädigt ({err}). Stellen Sie die Datei aus git wieder her; "
                             "ohne sie kann der Import Änderungen der Träger nicht erkennen.") from None
        return cls(path, records)

    def text(self) -> str:
        offers = {k: {"id": r.id, "fields": r.fields} for k, r in sorted(self.records.items())}
        return json.dumps({"version": VERSION, "offers": offers}, ensure_ascii=False, indent=1,
                          sort_keys=False) + "\n"

    def ids(self) -> set[str]:
        return {r.id for r in self.records.values()}


def flatten(data: dict, body: str) -> dict:
    """The owned-field view of an offer: objects one level down as dotted keys, plus the body."""
    out = {}
    for key, value in data.items():
        if isinstance(value, dict) and key != "locations":
            out.update({f"{key}.{sub}": v for sub, v in value.items()})
        else:
            out[key] = value
    out["body"] = body.strip()
    return out


def unflatten(flat: dict) -> tuple[dict, str]:
    data: dict = {}
    for key, value in flat.items():
        if key == "body":
            continue
        head, _, tail = key.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[head] = value
    return data, flat.get("body", "")


@dataclass
class Conflict:
    field: str
    in_file: object
    in_source: object


def merge(current: dict, recorded: dict, incoming: dict, owned: set[str]) -> tuple[dict, list[Conflict], list[str]]:
    """(merged flat fields, conflicts, fields kept as the provider edited them).

    ``current``: the file now (flat); ``recorded``: the source at the last import; ``incoming``: the
    source now; ``owned``: the fields this mapping fills.
    """
    merged = dict(current)
    conflicts, kept = [], []
    for key in sorted(owned | set(incoming)):
        now = current.get(key, _ABSENT)
        before = recorded.get(key, _ABSENT)
        new = incoming.get(key, _ABSENT)
        if now == before or now == new:
            if new is _ABSENT:
                merged.pop(key, None)
            else:
                merged[key] = new
        elif new == before:
            kept.append(key)
        else:
            conflicts.append(Conflict(key, None if now is _ABSENT else now, None if new is _ABSENT else new))
    return merged, conflicts, kept
