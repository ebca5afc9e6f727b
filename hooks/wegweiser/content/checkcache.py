"""What checking each content file found, kept in ``.cache/`` across runs of `wegweiser check`.

A file's own checks depend on nothing but its bytes, its path, the vocabulary, today and the code
doing the checking, so a digest of exactly those is the key: a file whose bytes changed has another
digest and is never answered from the cache, and a new Wegweiser (any changed source file or
library version) starts from an empty one. Cross-file rules always run afresh. The cache is a
convenience, never a source of truth: deleting ``.cache/`` only makes the next run slower.

It is a pickle because it holds our own objects (parsed files, problems) and is written and read
only on this machine; like every cache directory it is not committed (``.gitignore``) and a CI cache
must not be restored from a branch that could have written it maliciously.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CACHE_VARIABLE = "WEGWEISER_CACHE_DIR"
# What a file's check result may depend on besides our own code.
_LIBRARIES = ("markdown", "nh3", "pyyaml", "fastjsonschema", "jsonschema")
_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Wegweiser's version, every source file of the package, Python and the checking libraries."""
    h = hashlib.blake2b(digest_size=16)
    versions = []
    for name in ("wegweiser", *_LIBRARIES):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    h.update(("|".join(versions) + "|" + sys.version).encode())
    for path in sorted(_PACKAGE.rglob("*.py")) + sorted(_PACKAGE.rglob("*.yml")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def default_dir(content: Path) -> Path:
    """``.cache/wegweiser`` beside the content folder (the repository root), or WEGWEISER_CACHE_DIR."""
    pinned = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(pinned) if pinned else Path(content).resolve().parent / ".cache" / "wegweiser"


class DiskStore:
    """Check results by digest, in one file per content folder; read once, written once per run."""

    def __init__(self, directory: Path, content: Path):
        name = hashlib.blake2b(str(Path(content).resolve()).encode(), digest_size=8).hexdigest()
        self.path = Path(directory) / f"check-{name}.pickle"
        self._salt = code_digest()
        self._entries: dict[bytes, tuple] | None = None
        self._used: dict[bytes, tuple] = {}
        self._changed = False
        self._contexts: dict[tuple, bytes] = {}
        self.hits = 0  # files answered from the cache in this run

    def _load(self) -> dict[bytes, tuple]:
        if self._entries is None:
            self._entries = {}
            try:
                with open(self.path, "rb") as f:
                    salt, entries = pickle.load(f)
                if salt == self._salt and isinstance(entries, dict):
                    self._entries = entries
            except Exception:  # missing, truncated, from another version: start empty
                self._changed = True
        return self._entries

    def digest(self, key: tuple) -> bytes:
        """Key as load_directory builds it: (kind, shown path, bytes, *context)."""
        kind, shown, raw, *context = key
        ctx = tuple(context)
        if ctx not in self._contexts:
            self._contexts[ctx] = hashlib.blake2b(repr(ctx).encode(), digest_size=16).digest()
        h = hashlib.blake2b(digest_size=20)
        for part in (self._salt.encode(), kind.encode(), shown.encode(), self._contexts[ctx]):
            h.update(len(part).to_bytes(8, "little") + part)
        h.update(raw)
        return h.digest()

    def get(self, key: tuple):
        d = self.digest(key)
        found = self._load().get(d)
        if found is not None:
            self._used[d] = found
            self.hits += 1
        return found

    def put(self, key: tuple, result: tuple) -> None:
        self._used[self.digest(key)] = result
        self._changed = True

    def save(self) -> None:
        """Keep what this run used (a deleted or edited file's old entry goes); atomic, best effort."""
        entries = self._load()
        if not self._changed and len(self._used) == len(entries):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".check-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump((self._salt, self._used), f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only checkout still gets its check, only not faster next time
        self._entries, self._changed = dict(self._used), False
