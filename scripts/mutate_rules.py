"""Mutation study of the rule table: does the test suite notice a wrong condition?

The table is data (leukodesk/core/rules/table/), so each mutation is made on the data:
every comparison flipped (its boundary moved: < ↔ ≤, > ↔ ≥; and negated: < ↔ ≥, > ↔ ≤),
every All swapped for Any and back, every negation dropped, and every "how an unknown
counts" (Result) turned round. For each, pytest runs the rule tests in a fresh process
with the mutation applied (``-p scripts.mutate_rules`` reads ``LEUKODESK_MUTANT``); a
mutant is killed when a test fails.

    python scripts/mutate_rules.py                 # every mutant, 2 at a time
    python scripts/mutate_rules.py --list          # the mutants, numbered
    python scripts/mutate_rules.py --only 3 17     # some of them
    python scripts/mutate_rules.py --with-golden   # the golden record counts too

Prints each survivor and the kill rate. Not run by CI (it takes minutes).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from leukodesk.core.rules import logic, table  # noqa: E402  (after the path is set)
from leukodesk.core.rules.scores import ScoreCmp  # noqa: E402

# The tests that speak of the rules (the dose calculator's are left out: no rule of the
# table reaches them). The golden record, with --with-golden, comes last.
RULE_TESTS = ["tests/core/test_rule_table.py", "tests/core/test_rules_2026_2.py",
              "tests/core/test_fn_risk.py", "tests/core/test_trend.py",
              "tests/core/test_fever_fn.py",
              "tests/core/test_gcsf_and_risk.py", "tests/core/test_platelets_transfusion.py",
              "tests/core/test_grading_thresholds.py", "tests/core/test_content.py",
              "tests/core/test_advice_figures.py", "tests/core/test_properties.py",
              "tests/core/test_validation.py", "tests/core/test_note.py",
              "tests/test_cli.py", "tests/test_cases.py"]
GOLDEN = ["tests/golden"]

FLIPS = {"<": ("≤", "≥"), "≤": ("<", ">"), ">": ("≥", "≤"), "≥": (">", "<")}
Replace = Callable[[logic.Node], logic.Node]


@dataclasses.dataclass(frozen=True)
class Mutant:
    where: str        # "rule safety_net", "definition fn", ...
    what: str         # "Cmp anc < FN_ANC_BELOW → ≤"
    apply: Callable[[], None]


def _sites(node: logic.Node, rebuild: Replace) -> Iterator[tuple[str, logic.Node, Replace]]:
    """(description, mutated condition) for every mutation inside ``node``; ``rebuild``
    puts a replacement of ``node`` back into the whole condition."""
    if isinstance(node, logic.Cmp):
        for op in FLIPS[node.op]:
            yield (f"{node.fact} {node.op} {node.threshold} → {op}",
                   rebuild(dataclasses.replace(node, op=op)), rebuild)
    elif isinstance(node, (logic.All, logic.Any)):
        other = logic.Any if isinstance(node, logic.All) else logic.All
        if len(node.parts) > 1:
            yield (f"{type(node).__name__} → {other.__name__} ({len(node.parts)} parts)",
                   rebuild(other(node.parts)), rebuild)
        for i, part in enumerate(node.parts):
            def put(new: logic.Node, i: int = i, node: logic.Node = node) -> logic.Node:
                parts = (*node.parts[:i], new, *node.parts[i + 1:])
                return rebuild(dataclasses.replace(node, parts=parts))
            yield from _sites(part, put)
    elif isinstance(node, ScoreCmp):
        for op in FLIPS[node.op]:
            yield (f"{node.score.name} score {node.op} {node.threshold} → {op}",
                   rebuild(dataclasses.replace(node, op=op)), rebuild)
    elif isinstance(node, logic.Not):
        yield "Not dropped", rebuild(node.part), rebuild
        yield from _sites(node.part, lambda new, node=node: rebuild(logic.Not(new)))
    elif isinstance(node, logic.Result):
        turned = {(True,): (True, None), (False, None): (False,), (None,): (False, None),
                  (True, None): (True,)}[node.accept]
        yield (f"unknown counts {node.accept} → {turned}",
               rebuild(logic.Result(node.part, turned)), rebuild)
        yield from _sites(node.part,
                          lambda new, node=node: rebuild(logic.Result(new, node.accept)))
    elif isinstance(node, logic.Ask):
        yield from _sites(node.matters,
                          lambda new, node=node: rebuild(logic.Ask(node.fact, new)))


def mutants() -> list[Mutant]:
    """Every mutant of the table, in a fixed order."""
    out: list[Mutant] = []

    def add(where: str, condition: logic.Node, put: Callable[[logic.Node], None]) -> None:
        for what, mutated, _ in _sites(condition, lambda new: new):
            out.append(Mutant(where, what, lambda put=put, mutated=mutated: put(mutated)))

    for i, rule in enumerate(table.RULES):
        def put_rule(new: logic.Node, i: int = i) -> None:
            rules = list(table.RULES)
            rules[i] = dataclasses.replace(rules[i], when=new)
            table.RULES = tuple(rules)
        add(f"rule {rule.id}", rule.when, put_rule)
    for name, definition in table.DEFINITIONS.items():
        def put_definition(new: logic.Node, name: str = name) -> None:
            table.DEFINITIONS[name] = dataclasses.replace(table.DEFINITIONS[name],
                                                          condition=new)
        add(f"definition {name}", definition.condition, put_definition)
    for i, pitfall in enumerate(table.PITFALLS):
        def put_pitfall(new: logic.Node, i: int = i) -> None:
            pits = list(table.PITFALLS)
            pits[i] = dataclasses.replace(pits[i], when=new)
            table.PITFALLS = tuple(pits)
        add(f"pitfall {pitfall.id}", pitfall.when, put_pitfall)
    for i, entry in enumerate(table.NOT_ASSESSED):
        def put_missing(new: logic.Node, i: int = i) -> None:
            rows = list(table.NOT_ASSESSED)
            rows[i] = dataclasses.replace(rows[i], when=new)
            table.NOT_ASSESSED = tuple(rows)
        add(f"not assessed {entry.output}", entry.when, put_missing)
    return out


def pytest_configure(config: object) -> None:
    """As a pytest plugin: apply mutant number ``LEUKODESK_MUTANT`` before any test."""
    number = os.environ.get("LEUKODESK_MUTANT")
    if number is not None:
        mutants()[int(number)].apply()


def run_one(number: int, tests: list[str]) -> tuple[int, bool, float]:
    """(number, killed, seconds) for one mutant."""
    start = time.perf_counter()
    env = {**os.environ, "LEUKODESK_MUTANT": str(number), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
         "-p", "scripts.mutate_rules", *tests],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return number, done.returncode != 0, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--only", type=int, nargs="+", help="mutant numbers to run")
    parser.add_argument("--with-golden", action="store_true",
                        help="also count the golden record (tests/golden)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--tests", nargs="+", help="the test files to run (default: the rule "
                                                  "tests listed in this script)")
    args = parser.parse_args(argv)
    every = mutants()
    if args.list:
        for n, m in enumerate(every):
            print(f"{n:4d}  {m.where}: {m.what}")
        return 0
    tests = (args.tests or RULE_TESTS) + (GOLDEN if args.with_golden else [])
    chosen = args.only if args.only else list(range(len(every)))
    baseline = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p",
                               "no:cacheprovider", *tests], cwd=ROOT, capture_output=True,
                              text=True, check=False)
    if baseline.returncode != 0:
        print("the tests fail without any mutation:\n" + baseline.stdout[-2000:])
        return 1
    start = time.perf_counter()
    survivors = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for number, killed, seconds in pool.map(lambda n: run_one(n, tests), chosen):
            m = every[number]
            print(f"{'killed  ' if killed else 'SURVIVED'} {number:4d} {m.where}: {m.what} "
                  f"({seconds:.1f} s)", flush=True)
            if not killed:
                survivors.append(number)
    killed = len(chosen) - len(survivors)
    print(f"\n{killed} of {len(chosen)} mutants killed ({100 * killed / len(chosen):.1f} %) in "
          f"{time.perf_counter() - start:.0f} s; tests: "
          f"{'rule tests and golden record' if args.with_golden else 'rule tests'}")
    for number in survivors:
        print(f"  survived {number}: {every[number].where}: {every[number].what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
