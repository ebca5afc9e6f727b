"""Precompressed ``.gz`` siblings of the built text files (``extra.wegweiser.precompress``).

A web server with nginx's ``gzip_static`` (or Apache's rewrite rules in docs/betrieb.md, or GitLab
Pages) sends ``x.html.gz`` for ``x.html`` to a browser that accepts gzip: compressed once at the
best level, instead of on every request at a fast one. The files are deterministic (no name, time
0 in the header), so the same input still builds byte-identical output (P9).
"""
from __future__ import annotations

import gzip
from pathlib import Path

SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".geojson", ".svg", ".xml", ".csv", ".txt",
                      ".map", ".webmanifest"})
MIN_BYTES = 256  # smaller files gain nothing that outweighs a second file and a lookup


def compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_siblings(site_dir: Path) -> int:
    """Write ``name.gz`` next to every text file that gzip makes smaller; returns how many."""
    written = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix.lower() not in SUFFIXES or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        packed = compress(data)
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
    return written
