"""The `wegweiser import` command: options to intake.run, the report to the terminal."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from ..model import ConfigError, today
from . import run as run_, sources, template


def configured_city(config: Path = Path("mkdocs.yml")) -> str:
    """extra.wegweiser.city of the project's mkdocs.yml, if there is one (the Python tags mkdocs
    configs may hold are not needed here, so a loader that ignores them reads it)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader) or {}
        return str(((data.get("extra") or {}).get("wegweiser") or {}).get("city") or "")
    except (OSError, yaml.YAMLError, AttributeError):
        return ""


def main(args) -> int:
    source = Path(args.source)
    city = args.city if args.city is not None else configured_city()
    if args.template:
        try:
            table = sources.read(source)
        except sources.SourceError as err:
            raise ConfigError(str(err)) from None
        text = template.render(table, city)
        if args.mapping:
            target = Path(args.mapping)
            if target.exists():
                raise ConfigError(f"{target} gibt es schon; die Vorlage überschreibt keine Zuordnung. Wählen "
                                  "Sie einen anderen Namen.")
            target.write_text(text, encoding="utf-8")
            print(f"geschrieben: {target}")
        else:
            sys.stdout.write(text)
        return 0
    if not args.mapping:
        raise ConfigError("Es fehlt --mapping: die Zuordnungsdatei. Eine Vorlage schreibt "
                          f"„wegweiser import {source} --template --mapping import.yml“.")
    mapping = run_.PACKAGED.get(args.mapping, Path(args.mapping))
    # a shipped mapping lives in the package: its state goes to the working directory instead
    state = Path(f"{args.mapping}.stand.json") if args.mapping in run_.PACKAGED else None
    content = Path(args.content)
    out = Path(args.out) if args.out else content / "offers"
    if not source.exists():
        raise ConfigError(f"Die Quelle {source} gibt es nicht.")
    code, report = run_.run(run_.Options(source, mapping, content, out, today(), city,
                                         args.dry_run, args.partial, state))
    for line in report.lines:
        print(line)
    return code
