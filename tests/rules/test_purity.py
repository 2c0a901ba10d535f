"""The rules are pure Python: they import nothing from Django or the rest of the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Any import of Django, or of a journal module outside journal.rules, fails in this interpreter.
PROBE = """
import importlib.abc, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top in {"django", "rest_framework", "injuries", "config"}:
            raise ImportError("the rules imported " + name)
        inside = name in {"journal", "journal.rules"} or name.startswith("journal.rules.")
        if top == "journal" and not inside:
            raise ImportError("the rules imported " + name)
        return None
sys.meta_path.insert(0, Refuse())
from datetime import date
from journal import rules
flags = rules.evaluate(rules.Journal(today=date(2026, 11, 20), checkins=(), runs=(), shoes=(), episode=None))
print("evaluated", len(flags))
"""


def _probe(code: str) -> subprocess.CompletedProcess:
    # Our own interpreter running our own fixed probe.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_rules_run_with_django_unavailable():
    done = _probe(PROBE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "evaluated 0"


def test_the_probe_would_catch_a_rule_that_imports_django():
    leaky = PROBE.replace("from journal import rules", "from journal import rules\nimport django")
    done = _probe(leaky)
    assert done.returncode != 0 and "the rules imported django" in done.stderr
