"""GitLab's code-quality report (a subset of the Code Climate format) from the check's problems.

GitLab shows the entries that a merge request adds or fixes compared with the target branch, matched
by ``fingerprint``. So a fingerprint must not change when unrelated lines move: it is made from the
file, the field, the kind and the message, plus a counter for identical problems in one file, and
never from the line number.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from ..content.problems import Problem

SEVERITY = {"error": "critical", "warning": "minor"}


def check_name(problem: Problem) -> str:
    return "wegweiser." + (problem.kind or ("fehler" if problem.is_error else "hinweis"))


def entries(problems: list[Problem]) -> list[dict]:
    seen: Counter = Counter()
    out = []
    for p in sorted(problems):
        key = (p.path, p.field, p.kind, p.severity, p.message)
        seen[key] += 1
        digest = hashlib.sha256(json.dumps([*key, seen[key]], ensure_ascii=False).encode("utf-8"))
        out.append({
            "type": "issue",
            "description": f"{p.field}: {p.message}" if p.field else p.message,
            "check_name": check_name(p),
            "fingerprint": digest.hexdigest(),
            "severity": SEVERITY[p.severity],
            "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
        })
    return out


def dumps(problems: list[Problem]) -> str:
    """The report as GitLab reads it: a JSON array, UTF-8 without a byte-order mark."""
    return json.dumps(entries(problems), ensure_ascii=False, indent=1) + "\n"
