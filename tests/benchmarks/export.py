"""Benchmark the exports of one submitted intake: FHIR bundle and chart PDF.

Run: DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python tests/benchmarks/export.py

Targets (issue 11): a bundle builds and serialises in under 0.5 s median once the
knowledge base is loaded; a chart PDF renders in under 3 s (the radiologist waits
for the download). Uses the decided example of the export tests (4 medications and
supplements, 3 allergies, 4 flags) and a 30-medication one; no database.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

BUNDLE_TARGET_S = 0.5
PDF_TARGET_S = 3.0
RUNS = 5


def _median_seconds(function, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _measure(label, steps):
    """Print one example's figures; return whether they are within target."""
    from intake.export.fhir import bundle_json
    from intake.export.pdf import render_chart_pdf
    from tests.intake.export_support import EXPORTED, bundle_of, decide, make_intake

    intake, flags = decide(*make_intake(steps))

    def pdf():
        return render_chart_pdf(
            intake, flags=flags, printed_by=intake.decided_by, now=EXPORTED
        )

    first = time.perf_counter()
    pdf()
    first = time.perf_counter() - first
    bundle_s, text = _median_seconds(lambda: bundle_json(bundle_of(intake, flags)))
    pdf_s, document = _median_seconds(pdf)
    print(
        f"{label}: bundle {bundle_s * 1000:.0f} ms, {len(text.encode()) / 1024:.1f} "
        f"KiB; PDF {pdf_s:.2f} s median (first {first:.2f} s), "
        f"{len(document) / 1024:.1f} KiB"
    )
    return bundle_s <= BUNDLE_TARGET_S and pdf_s <= PDF_TARGET_S


def main():
    import django

    django.setup()
    from intake.screening import default_knowledge_base
    from tests.intake.export_support import ALLERGIC_STEPS
    from tests.intake.test_export_pdf import LONG_STEPS

    default_knowledge_base()
    results = [
        _measure("example", ALLERGIC_STEPS),
        _measure("30 medications", LONG_STEPS),
    ]
    if not all(results):
        print("FAILED: over target")
        sys.exit(1)


if __name__ == "__main__":
    main()
