"""The Spanish catalog covers every patient string, and its compiled form matches."""

import gettext
import re

import pytest

from tests.translations import MO_FILE, patient_entries


def test_the_catalog_has_patient_strings_to_check():
    assert len(patient_entries()) > 200


@pytest.mark.parametrize(
    "entry", patient_entries(), ids=lambda entry: entry["msgid"][:40]
)
def test_every_patient_string_has_a_reviewed_spanish_translation(entry):
    assert "fuzzy" not in entry["flags"]
    assert entry["msgstr"] and all(form.strip() for form in entry["msgstr"])


def test_the_compiled_catalog_serves_every_patient_translation():
    assert MO_FILE.exists(), "run `make install` to compile the translations"
    with open(MO_FILE, "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"]
        for entry in patient_entries()
        if "msgid_plural" not in entry
        and compiled.gettext(entry["msgid"]) != entry["msgstr"][0]
    ]
    assert stale == []


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = [
        entry["msgid"]
        for entry in patient_entries()
        for form in entry["msgstr"]
        if set(placeholder.findall(form)) != set(placeholder.findall(entry["msgid"]))
    ]
    assert broken == []
