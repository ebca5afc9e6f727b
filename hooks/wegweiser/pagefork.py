"""`mkdocs build` renders the generated pages on every core.

mkdocs builds its pages one after the other in one process, and rendering them (Wegweiser's
templates, Material's frame, the output scan) is most of a large build: at 50,000 offers one of two
cores idles for minutes. Each page depends only on the state before the page loop, so once mkdocs
is about to render (`on_env`), forked workers render a share of the generated pages each, with the
same state, and write them into the same output folder; this process renders the rest.

In this process a page of another share gets a template that renders nothing and an empty output,
which mkdocs does not write. A worker sends back what the build must know (the output scan's
findings, its warnings for `--strict`), and the build fails as a whole if any worker failed.
`mkdocs serve` stays in one process (its server and watcher threads must not be forked), and so
does a build on a machine whose free memory would not carry the workers' copies (`affordable`).
"""
from __future__ import annotations

import gc
import json
import logging
import os
import signal
from typing import Callable

from mkdocs.exceptions import Abort

ELSEWHERE_TEMPLATE = "wegweiser-andernorts.html"  # overrides/: renders nothing
MIN_PAGES = 400  # fewer generated pages: forking costs more than it saves
VARIABLE = "WEGWEISER_PROCESSES"  # how many processes render pages (1: this one only); unset: the cores, up to 4


def processes() -> tuple[int, bool]:
    """How many processes render pages, and whether WEGWEISER_PROCESSES asked for that number (then
    even a small site is shared out: the tests' way to the workers)."""
    wanted = os.environ.get(VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted), True
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return min(cores, 4), False


def proc_kb(path: str, key: str) -> int | None:
    """A `key: N kB` line of a /proc file (meminfo, status, smaps_rollup); None where it is missing."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def affordable(n: int, available_kb: int | None = None, own_kb: int | None = None) -> int:
    """As many processes as the free memory carries. A worker shares this process's memory but
    copies what it touches: at 50,000 offers 1.0 of 1.37 GB (the tree then holds 2.4 GB instead of
    1.4 GB), so each worker counts as this process's whole size again. Unknown sizes: one process."""
    available_kb = proc_kb("/proc/meminfo", "MemAvailable") if available_kb is None else available_kb
    own_kb = proc_kb("/proc/self/status", "VmRSS") if own_kb is None else own_kb
    if not available_kb or not own_kb:
        return 1
    reserve = 256 * 1024  # for the rest of the build and the machine
    return max(1, min(n, 1 + (available_kb - reserve) // own_kb))


class _Warnings(logging.Handler):
    """What a worker logs at WARNING and above: the parent logs it again, so `--strict` counts it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


class _QuietSkips(logging.Filter):
    """mkdocs says "Page skipped … Generated empty output." for every page another process renders."""

    def __init__(self, shares: "PageShares") -> None:
        super().__init__()
        self.shares = shares

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.shares.active and str(record.msg).startswith("Page skipped: "))


class PageShares:
    def __init__(self) -> None:
        self.share: dict[str, int] = {}  # src_uri -> the process that renders it (0: this one)
        self.me = 0
        self.workers: list[tuple[int, int]] = []  # (pid, read end of its pipe)
        self._filter = _QuietSkips(self)
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)

    @property
    def active(self) -> bool:
        return bool(self.share)

    def plan(self, src_uris: list[str], command: str, threads: int) -> None:
        """Deal the generated pages out to the processes, before mkdocs reads them."""
        self.stop()
        self.share, self.me = {}, 0
        n, asked = processes()
        if not asked:
            n = affordable(n)
        if (command != "build" or n < 2 or (len(src_uris) < MIN_PAGES and not asked) or threads > 1
                or not hasattr(os, "fork")):
            return
        # Interleaved: neighbouring pages are alike in cost (an offer page, the pages of one Stadtteil).
        self.share = {uri: i % n for i, uri in enumerate(src_uris)}

    def elsewhere(self, src_uri: str) -> bool:
        return self.share.get(src_uri, self.me) != self.me

    def start(self, render: Callable[[int], dict]) -> None:
        """One forked worker per share but this process's own; each runs render(share), sends its
        result and exits without running the rest of the build."""
        gc.freeze()  # the inherited objects stay out of the workers' collections: fewer pages copied
        try:
            for share in range(1, max(self.share.values(), default=0) + 1):
                self._fork(share, render)
        finally:
            gc.unfreeze()

    def _fork(self, share: int, render: Callable[[int], dict]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid:
            os.close(write)
            self.workers.append((pid, read))
            return
        # the worker: its share of the pages, then its result through the pipe, then gone
        os.close(read)
        status, result = 0, {}
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            self.me, self.workers = share, []
            result = render(share)
        except BaseException as err:  # noqa: BLE001 - reported to the parent, which fails the build
            # An Abort carries the build's own German message (engine._no_traceback); pass it on as is.
            status, result = 1, {"error": str(err) if isinstance(err, Abort) else f"{type(err).__name__}: {err}"}
        result["warnings"] = warnings.records
        try:
            with os.fdopen(write, "w", encoding="utf-8") as out:
                json.dump(result, out)
        finally:
            os._exit(status)

    def finish(self) -> list[dict]:
        """Wait for every worker; what each sent. A worker that failed or died: an "error" entry."""
        results = []
        for pid, read in self.workers:
            with os.fdopen(read, encoding="utf-8") as inbox:
                text = inbox.read()
            _, status = os.waitpid(pid, 0)
            try:
                result = json.loads(text)
            except ValueError:
                result = {}
            if status != 0 and "error" not in result:
                result["error"] = f"Prozess {pid} endete mit Status {status}"
            results.append(result)
        self.workers = []
        return results

    def stop(self) -> None:
        """A build that failed in this process: the workers are stopped, their output discarded."""
        for pid, read in self.workers:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            os.close(read)
        self.workers = []


def build_share(share: int, shares: PageShares, config, files, env, nav) -> None:
    """In a worker: mkdocs' own page step for each page of the share (mkdocs<2 is pinned; the step
    is mkdocs 1.6's `_build_page`, which the page loop of `mkdocs build` calls)."""
    from mkdocs.commands.build import _build_page
    from mkdocs.structure.files import InclusionLevel

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if shares.share.get(file.src_uri) == share:
            file.page.meta.pop("template", None)
            _build_page(file.page, config, doc_files, nav, env)
