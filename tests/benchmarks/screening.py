"""Benchmark the screening engine: knowledge-base load, then per-intake latency.

Run: .venv/bin/python tests/benchmarks/screening.py [--runs N]

Targets (issue 3): load under 3 s, once per process; after that, an intake with 12
medications (a third misspelled), 4 supplements and 4 allergies screens in under
1 ms median and under 5 ms at the 99th percentile, on one core. Timings include
rendering every finding to plain strings (what the command and the web flow store).
Needs no database and no Django settings.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.screening.support import ATTRIBUTES  # noqa: E402

INTAKE = {
    "procedure": "vertebroplasty",
    "medications": [
        {"name": "Eliquis 5 mg twice a day"},
        {"name": "elequis"},
        {"name": "Lisinopril 10 mg daily"},
        {"name": "atorvastatin 40mg at night"},
        {"name": "metformine 500 mg BID"},
        {"name": "Janumet XR"},
        {"name": "asprin 81 mg"},
        {"name": "Plavix, stopped 2021"},
        {"name": "ibuprofin as needed"},
        {"name": "Ozempic 0.5 mg weekly"},
        {"name": "Tylenol Extra Strength"},
        {"name": "blood thinner"},
    ],
    "supplements": [
        {"name": "fish oil 1000 mg"},
        {"name": "tumeric"},
        {"name": "vitamin D3 2000 IU"},
        {"name": "ginkgo biloba"},
    ],
    "allergies": [
        {"substance": "CT dye", "reaction": "hives", "severity": "moderate"},
        {"substance": "shellfish", "reaction": "throat swelling"},
        {"substance": "novacaine"},
        {"substance": "latex gloves", "reaction": "rash"},
    ],
    "answers": {"pregnant": "no", "kidney_disease": True, "has_escort": True},
}
VERTEBROPLASTY = {"slug": "vertebroplasty", **ATTRIBUTES["vertebroplasty"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5000)
    runs = parser.parse_args().runs
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    from intake.screening import (
        ProcedureProfile,
        default_knowledge_base,
        intake_from_dict,
        screen,
    )

    kb = default_knowledge_base()
    load = time.perf_counter() - started

    procedure = ProcedureProfile.from_attributes(VERTEBROPLASTY)

    def once():
        intake = intake_from_dict(INTAKE)
        return [finding.as_dict() for finding in screen(intake, procedure)]

    started = time.perf_counter()
    flags = once()
    first = time.perf_counter() - started
    timings = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        once()
        timings.append((time.perf_counter_ns() - started) / 1e6)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"knowledge base load (imports + data + broad names): {load:.3f} s")
    print(f"first screening (cold caches): {first * 1000:.3f} ms")
    print(
        f"screening, {runs} runs, 12 medications (4 misspelled), 4 supplements, "
        f"4 allergies -> {len(flags)} findings"
    )
    print(f"median: {statistics.median(timings):.3f} ms")
    print(f"p99:    {p99:.3f} ms")
    print(f"max:    {timings[-1]:.3f} ms")
    print(f"broad names loaded: {len(kb._broad_table)}")


if __name__ == "__main__":
    main()
