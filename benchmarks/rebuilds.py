"""`mkdocs serve --dirty` rebuilds in one process, without the server: what `make serve` does after a
save, timed in CPU seconds (the server's polling is measured by benchmarks.run.measure_serve).

    python -m benchmarks.rebuilds CONFIG --edit FILE [--edits 3 | --versions V1 V2 …] [--site DIR]

The first build, then per edit: FILE gets one more line (or the text of the next version file), the
configuration is loaded again and the site rebuilt as serve does it (`build(config, serve_url,
dirty=True)`). FILE is restored at the end unless ``--keep``.
With ``--edits 0`` it is one serve build of the content as it is (tests/test_rebuilds.py compares
the two).
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

URL = "http://127.0.0.1:8000/"


def main(argv=None) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--edit", type=Path, help="the file to change before each rebuild")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--versions", type=Path, nargs="*", default=[], help="texts FILE gets in turn")
    parser.add_argument("--site", help="site_dir (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="leave FILE as the last edit made it")
    parser.add_argument("--log", action="store_true", help="mkdocs' and Wegweiser's messages too")
    args = parser.parse_args(argv)
    if args.log:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").setLevel(logging.INFO)
    site_dir = args.site or tempfile.mkdtemp(prefix="rebuilds_")

    def config():
        c = load_config(config_file=args.config, site_dir=site_dir)
        c.site_url = URL
        return c

    def timed(label: str, c) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        build(c, serve_url=URL, dirty=True)
        print(f"{label}: {time.process_time() - cpu:.2f} s CPU, {time.perf_counter() - wall:.2f} s Wand",
              file=sys.stderr, flush=True)

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    original = args.edit.read_text(encoding="utf-8") if args.edit else None
    try:
        timed("erster Bau", first)
        texts = [v.read_text(encoding="utf-8") for v in args.versions] or \
            [original + f"\nGeändert für die Messung ({i + 1}).\n" for i in range(args.edits)]
        for i, text in enumerate(texts):
            args.edit.write_text(text, encoding="utf-8")
            timed(f"Neubau {i + 1}", config())
    finally:
        if original is not None and not args.keep:
            args.edit.write_text(original, encoding="utf-8")
        first.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
