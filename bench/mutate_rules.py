"""Mutation testing for the pure rules in journal/rules/.

Each mutant changes one thing in one module, on a copy of its syntax tree:

* a comparison operator flipped (< and <=, > and >=, == and !=, is and is not, in and not in);
* ``and`` swapped for ``or`` and back;
* a number that a comparison uses, or a threshold's default, moved by +1 and by -1 (0.5 for fractions).

The mutated module is loaded in place of the real one (nothing is written to disk) and tests/rules runs
in-process, stopping at the first failure. A mutant is caught when a test fails (or it runs too long);
the rest survived, and are listed so that a test can be written for them.

    .venv/bin/python bench/mutate_rules.py            # every module
    .venv/bin/python bench/mutate_rules.py pain load  # some modules
    .venv/bin/python bench/mutate_rules.py --list     # the mutants, without running
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib.abc
import importlib.util
import io
import pathlib
import signal
import sys
import time
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent
RULES = ROOT / "journal" / "rules"
TESTS = ROOT / "tests" / "rules"
MUTANT_TIMEOUT_S = 60

FLIPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
SYMBOLS = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}


@dataclass(frozen=True)
class Mutant:
    module: str  # e.g. "pain"
    index: int  # which site in the module, in ast.walk order
    kind: str  # "compare", "boolop", "constant"
    line: int
    description: str
    delta: float = 0


def _is_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


def _constant_sites(tree: ast.AST) -> list[ast.Constant]:
    # Numbers compared with something, and the defaults of dataclass fields (the thresholds).
    sites: list[ast.Constant] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sites += [n for n in (node.left, *node.comparators) if _is_number(n)]  # type: ignore[misc]
        elif isinstance(node, ast.AnnAssign) and node.value is not None and _is_number(node.value):
            sites.append(node.value)  # type: ignore[arg-type]
    return sites


def _sites(tree: ast.AST) -> list[tuple[str, ast.AST, int]]:
    """(kind, node, operator position) for every place a mutant can be made, in a stable order."""
    sites: list[tuple[str, ast.AST, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sites += [("compare", node, i) for i, op in enumerate(node.ops) if type(op) in FLIPS]
        elif isinstance(node, ast.BoolOp):
            sites.append(("boolop", node, 0))
    sites += [("constant", node, 0) for node in _constant_sites(tree)]
    return sites


def _skip(node: ast.AST, lines: list[str]) -> bool:
    # Validation in __post_init__ and the like only guards against programming errors.
    line = lines[node.lineno - 1]  # type: ignore[attr-defined]
    return "raise" in line or "mutation: skip" in line


def mutants_for(module: str) -> list[Mutant]:
    source = (RULES / f"{module}.py").read_text()
    lines = source.splitlines()
    found: list[Mutant] = []
    for index, (kind, node, position) in enumerate(_sites(ast.parse(source))):
        line = node.lineno  # type: ignore[attr-defined]
        if _skip(node, lines) or (line < len(lines) and "raise ValueError" in lines[line]):
            continue
        if kind == "compare":
            op = type(node.ops[position])  # type: ignore[attr-defined]
            text = f"{SYMBOLS[op]} -> {SYMBOLS[FLIPS[op]]}"
            found.append(Mutant(module, index, kind, line, text))
        elif kind == "boolop":
            text = "and -> or" if isinstance(node.op, ast.And) else "or -> and"  # type: ignore[attr-defined]
            found.append(Mutant(module, index, kind, line, text))
        else:
            value = node.value  # type: ignore[attr-defined]
            step = 0.5 if isinstance(value, float) and value != int(value) else 1
            for delta in (step, -step):
                new = value + delta
                found.append(Mutant(module, index, kind, line, f"{value} -> {new}", delta))
    return found


def mutated_source(mutant: Mutant) -> ast.Module:
    tree = ast.parse((RULES / f"{mutant.module}.py").read_text())
    tree = copy.deepcopy(tree)
    kind, node, position = _sites(tree)[mutant.index]
    if kind == "compare":
        node.ops[position] = FLIPS[type(node.ops[position])]()  # type: ignore[attr-defined]
    elif kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()  # type: ignore[attr-defined]
    else:
        node.value = node.value + mutant.delta  # type: ignore[attr-defined]
    return ast.fix_missing_locations(tree)


class _MutantFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, fullname: str, tree: ast.Module, path: pathlib.Path) -> None:
        self.fullname, self.tree, self.path = fullname, tree, path

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.fullname:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=str(self.path))

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        module.__file__ = str(self.path)
        exec(compile(self.tree, str(self.path), "exec"), module.__dict__)  # noqa: S102


def _forget_rules() -> None:
    for name in list(sys.modules):
        if name.startswith(("journal.rules", "tests.rules")):
            del sys.modules[name]


class _TooLong(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLong


def run_tests(first: str | None = None) -> int:
    import pytest

    files = sorted(TESTS.glob("test_*.py"))
    if first:
        files.sort(key=lambda p: p.stem != f"test_{first}")
    args = [*map(str, files), "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-n", "0"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return int(pytest.main(args))


def caught(mutant: Mutant) -> bool:
    finder = _MutantFinder(
        f"journal.rules.{mutant.module}", mutated_source(mutant), RULES / f"{mutant.module}.py"
    )
    _forget_rules()
    sys.meta_path.insert(0, finder)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(MUTANT_TIMEOUT_S)
    try:
        return run_tests(first=mutant.module) != 0
    except _TooLong:
        return True
    except Exception:  # a mutant that cannot even load is caught
        return True
    finally:
        signal.alarm(0)
        sys.meta_path.remove(finder)
        _forget_rules()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modules", nargs="*", help="modules of journal/rules to mutate (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    modules = options.modules or sorted(p.stem for p in RULES.glob("*.py") if p.stem != "__init__")
    mutants = [m for module in modules for m in mutants_for(module)]
    if options.list:
        for m in mutants:
            print(f"{m.module}.py:{m.line}  {m.description}")
        print(f"{len(mutants)} mutants")
        return 0
    if run_tests() != 0:
        print("tests/rules fails without any mutant; fix that first")
        return 2
    started = time.monotonic()
    survivors = []
    for n, mutant in enumerate(mutants, 1):
        if not caught(mutant):
            survivors.append(mutant)
            print(f"survived  {mutant.module}.py:{mutant.line}  {mutant.description}", flush=True)
        if n % 50 == 0:
            print(f"... {n}/{len(mutants)}", flush=True)
    total = len(mutants)
    score = (total - len(survivors)) / total * 100 if total else 100.0
    elapsed = time.monotonic() - started
    print(f"caught {total - len(survivors)}/{total} mutants ({score:.1f}%) in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
