import json
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots a person looks at (phone widths, error states); pytest-playwright owns
# test-results/ and empties it on every run, so they live beside it.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    """Run axe-core on the page and return its WCAG 2.2 A/AA violations."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.fixture(autouse=True)
def catalog(transactional_db):
    """Load the catalog: transactional tests flush what the data migration loaded."""
    from django.core.management import call_command

    call_command("load_catalog", verbosity=0)


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, indent=1)

    return check
