"""The memory of a whole process tree: the sum of its processes' PSS, sampled while it runs.

/usr/bin/time reports the largest single process. A build that forks workers (pagefork.py) shares
most pages between them; PSS (proportional set size) counts a shared page once in all, so the sum
is what the tree holds of the machine's memory.
"""
from __future__ import annotations

import os
import threading

from wegweiser.pagefork import proc_kb


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _pss_kb(pid: int) -> int:
    return proc_kb(f"/proc/{pid}/smaps_rollup", "Pss") or 0


class TreePeak(threading.Thread):
    """Samples the tree below `pid` every `interval` seconds until stop(); `peak_mb` is the largest sum."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))

    def stop(self) -> float | None:
        self._done.set()
        self.join()
        return self.peak_kb / 1024 if self.peak_kb else None
