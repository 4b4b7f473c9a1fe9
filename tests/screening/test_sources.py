"""Flag citations name guidelines a radiologist can look up, never project documents."""

import pytest

from intake.screening import sources
from tests.screening.support import VERTEBRO, run

CITATIONS = {
    name: value
    for name, value in vars(sources).items()
    if name.isupper() and isinstance(value, str)
}


@pytest.mark.parametrize("name", sorted(CITATIONS))
def test_a_citation_never_points_at_the_projects_own_documents(name):
    assert ".md" not in CITATIONS[name]
    assert "§" not in CITATIONS[name]


def test_every_finding_cites_one_of_the_guideline_sources():
    findings = run(
        VERTEBRO,
        meds=["Eliquis 5 mg", "blue pill"],
        allergies=["latex", "Betadine"],
    )

    assert findings
    assert {finding.source for finding in findings} <= set(CITATIONS.values())
