"""BLEEDING_SUPPLEMENT (ASRA 2015; Ang-Lee 2001) and BLEEDING_DISORDER."""

import pytest

from .support import FACET, KNEE, SLUGS, VERTEBRO, codes, only, run, severity

SUPPLEMENTS = [
    "fish oil",
    "Omega-3 1200 mg",
    "krill oil",
    "ginkgo biloba",
    "ginko",
    "garlic",
    "ginseng",
    "dong quai",
    "danshen",
    "vitamin E 400 IU",
    "turmeric",
    "tumeric",
    "curcumin",
    "ginger",
    "feverfew",
    "saw palmetto",
    "green tea extract",
    "St. John's wort",
]


@pytest.mark.parametrize("supplement", SUPPLEMENTS)
@pytest.mark.parametrize(
    ("procedure", "expected"),
    [(VERTEBRO, "moderate"), (KNEE, "info"), ("hip-joint-injection", "info")],
)
def test_bleeding_supplement_severity_by_tier(supplement, procedure, expected):
    assert severity(
        run(procedure, supplements=[supplement]), "BLEEDING_SUPPLEMENT"
    ) == (expected)


@pytest.mark.parametrize("procedure", SLUGS)
def test_a_supplement_never_reaches_high(procedure):
    findings = run(procedure, meds=["Eliquis", "Plavix"], supplements=SUPPLEMENTS)
    for finding in findings:
        if finding.code == "BLEEDING_SUPPLEMENT":
            assert str(finding.severity) in ("moderate", "info")


@pytest.mark.parametrize(
    ("supplement", "timing"),
    [
        ("garlic", "about 7 days"),
        ("ginkgo", "about 36 hours"),
        ("fish oil", "most herbs"),
    ],
)
def test_bleeding_supplement_gives_the_source_interval(supplement, timing):
    finding = only(run(VERTEBRO, supplements=[supplement]), "BLEEDING_SUPPLEMENT")
    assert timing in str(finding.action)


def test_a_supplement_listed_as_a_medication_counts_too():
    assert (
        severity(run(VERTEBRO, meds=["fish oil"]), "BLEEDING_SUPPLEMENT") == "moderate"
    )


def test_a_supplement_with_an_antithrombotic_says_so():
    finding = only(
        run(VERTEBRO, meds=["Plavix"], supplements=["ginkgo"]), "BLEEDING_SUPPLEMENT"
    )
    assert "antithrombotic drug is also listed" in str(finding.message)


@pytest.mark.parametrize(
    "supplement",
    [
        "vitamin D",
        "multivitamin",
        "calcium",
        "magnesium",
        "glucosamine",
        "melatonin",
        "probiotic",
        "none",
        "Garlic, stopped 2020",
    ],
)
def test_other_supplements_raise_nothing(supplement):
    assert codes(run(VERTEBRO, supplements=[supplement])) == []


@pytest.mark.parametrize(
    ("procedure", "level", "expected"),
    [
        (VERTEBRO, None, "high"),
        (FACET, "cervical", "high"),
        (FACET, None, "high"),
        (FACET, "lumbar", "moderate"),
        (KNEE, None, "moderate"),
        ("upper-limb-joint-injection", None, "moderate"),
    ],
)
def test_bleeding_disorder_severity_by_tier(procedure, level, expected):
    findings = run(procedure, level=level, bleeding_disorder=True)
    assert severity(findings, "BLEEDING_DISORDER") == expected


def test_bleeding_disorder_does_not_fire_when_answered_no():
    assert codes(run(VERTEBRO, bleeding_disorder=False)) == []
