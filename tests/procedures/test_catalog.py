import pytest

from procedures.catalog import read_catalog
from procedures.models import Phase, Procedure

SLUGS = [
    "vertebroplasty",
    "facet-joint-injection",
    "sacroiliac-coccyx-injection",
    "hip-joint-injection",
    "upper-limb-joint-injection",
    "lower-limb-joint-injection",
]

pytestmark = pytest.mark.django_db


def test_migrate_loads_the_six_published_procedures():
    assert sorted(
        Procedure.objects.published().values_list("slug", flat=True)
    ) == sorted(SLUGS)


# slug, bleeding risk, level-dependent, sedation, contrast, steroid, cement, trunk
ATTRIBUTES = [
    ("vertebroplasty", "high", False, "iv", True, False, True, True),
    ("facet-joint-injection", "low", True, "local", True, True, False, True),
    ("sacroiliac-coccyx-injection", "low", False, "local", True, True, False, True),
    ("hip-joint-injection", "low", False, "local", True, True, False, True),
    ("upper-limb-joint-injection", "low", False, "local", True, True, False, False),
    ("lower-limb-joint-injection", "low", False, "local", True, True, False, False),
]


@pytest.mark.parametrize(
    "slug,bleeding,by_level,sedation,contrast,steroid,cement,trunk", ATTRIBUTES
)
def test_clinical_attributes_follow_clinical_md(
    slug, bleeding, by_level, sedation, contrast, steroid, cement, trunk
):
    attributes = Procedure.objects.get(slug=slug).clinical_attributes()

    assert attributes == {
        "slug": slug,
        "bleeding_risk": bleeding,
        "depends_on_spinal_level": by_level,
        "sedation": sedation,
        "uses_contrast": contrast,
        "uses_steroid": steroid,
        "uses_cement": cement,
        "uses_fluoroscopy": True,
        "beam_on_trunk": trunk,
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_each_procedure_has_benefits_risks_and_every_instruction_phase(slug):
    procedure = Procedure.objects.get(slug=slug)

    assert procedure.benefits.count() >= 2
    assert procedure.risks.filter(frequency__icontains="1,000").exists()
    phases = set(procedure.instructions.values_list("phase", flat=True))
    assert phases == {Phase.BEFORE, Phase.DAY_OF, Phase.AFTER}


def test_vertebroplasty_carries_the_leaflet_facts():
    procedure = Procedure.objects.get(slug="vertebroplasty")
    text = " ".join(
        [procedure.what_it_is, procedure.what_to_expect, procedure.recovery]
        + [i.text for i in procedure.instructions.all()]
    ).lower()

    assert procedure.duration_minutes == 60
    assert procedure.duration_text == "about 1 hour"
    for fact in ("sedation", "cement", "six hours", "juice", "milk", "drive you home"):
        assert fact in text, fact
    assert "48 hours" in procedure.expected_results


def test_loading_the_catalog_again_updates_in_place(capsys):
    from django.core.management import call_command

    Procedure.objects.filter(slug="hip-joint-injection").update(name="Edited")

    call_command("load_catalog")

    assert Procedure.objects.count() == len(read_catalog())
    assert (
        Procedure.objects.get(slug="hip-joint-injection").name == "Hip joint injection"
    )
    assert Procedure.objects.get(slug="hip-joint-injection").risks.count() == len(
        read_catalog()[3]["risks"]
    )


@pytest.mark.parametrize(
    "minutes,words",
    [
        (60, "about 1 hour"),
        (120, "about 2 hours"),
        (30, "about 30 minutes"),
        (1, "about 1 minute"),
        (90, "about 90 minutes"),
    ],
)
def test_duration_is_said_in_words(minutes, words):
    assert Procedure(duration_minutes=minutes).duration_text == words
