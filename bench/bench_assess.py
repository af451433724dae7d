"""Benchmark of the clinical core: ``assess()`` and a full JSON round trip.

Run: ``python bench/bench_assess.py`` (add ``--quick`` for a short run).
Prints median and p99 per call and their ratio to the targets of issue 14: assess()
median at most 300 µs (with the trace of every recommendation) and p99 under 1 ms. A
ratio below 1.0 meets the target. The core keeps nothing between calls (no caches), so
every call is computed afresh. To compare with an older version, run this script from a
checkout of it (``git worktree add /tmp/before <commit>``) in the same minute.
Not a test: wall-clock figures vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from collections.abc import Callable

from leukodesk.core import assess, parse_inputs

CASES = [
    {"wbc": 6.2, "anc": 3.9},
    {"wbc": 3.4, "anc": 1.8, "platelets": 160, "hemoglobin_g_dl": 13.1, "age_years": 34},
    {"wbc": 1.1, "differential": {"segs_pct": 45, "bands_pct": 0, "lymphs_pct": 40,
                                  "monos_pct": 10},
     "temperature_c": 38.6, "age_years": 70, "platelets": 15, "hemoglobin_g_dl": 7.5,
     "weight_kg": 78, "diagnosis": "aml", "expected_neutropenia_days": 12,
     "anthracycline_chemo": True, "myelosuppressive_chemo": True},
    {"wbc": 0.6, "anc": 0.2, "systemic_infection_signs": True, "platelets": 40,
     "planned_procedure": "lumbar_puncture", "weight_kg": 62.5},
    {"wbc": 2100, "anc": 300, "platelets": 8000, "temperature_c": 100.9,
     "fever_sustained_1h": True, "units": {"counts": "cells/uL", "temperature": "F"},
     "anc_expected_below_0_5_within_48h": None},
    {"wbc": 150, "anc": 20, "diagnosis": "apl", "platelets": 22, "active_bleeding": True},
]

TARGET_MEDIAN_US = 300.0
TARGET_P99_US = 1000.0


def _time(fn: Callable[[], object], rounds: int,
          before: Callable[[], None] = lambda: None) -> list[float]:
    """Per-call wall times in µs, with the garbage collector paused while timing;
    ``before`` runs before each call, untimed."""
    for _ in range(min(200, rounds)):
        before()
        fn()
    samples = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            before()
            start = time.perf_counter_ns()
            fn()
            samples.append((time.perf_counter_ns() - start) / 1000)
    finally:
        if gc_was_enabled:
            gc.enable()
    return samples


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    rounds = 500 if parser.parse_args().quick else 5000

    validated = [parse_inputs(c) for c in CASES]
    texts = [json.dumps(c) for c in CASES]
    counter = iter(range(10**9))

    def one_assess() -> object:
        return assess(validated[next(counter) % len(validated)])

    def one_round_trip() -> object:
        text = texts[next(counter) % len(texts)]
        return json.dumps(assess(json.loads(text)).model_dump(mode="json"), ensure_ascii=False)

    print(f"LeukoDesk core benchmark: {len(CASES)} cases, {rounds} calls each measurement")
    print(f"{'measurement':<34}{'median µs':>11}{'p99 µs':>10}{'median/target':>15}"
          f"{'p99/target':>12}")
    for name, fn, before, has_target in (
            ("assess(validated inputs)", one_assess, lambda: None, True),
            ("JSON text -> assess -> JSON text", one_round_trip, lambda: None, False)):
        samples = _time(fn, rounds, before)
        med, p99 = statistics.median(samples), _p99(samples)
        ratios = (f"{med / TARGET_MEDIAN_US:>15.2f}{p99 / TARGET_P99_US:>12.2f}" if has_target
                  else f"{'(no target)':>15}{'':>12}")
        print(f"{name:<34}{med:>11.1f}{p99:>10.1f}{ratios}")
    print(f"targets (issue 14): assess() median ≤ {TARGET_MEDIAN_US:.0f} µs, "
          f"p99 < {TARGET_P99_US:.0f} µs; ratios below 1.00 meet them")


if __name__ == "__main__":
    main()
