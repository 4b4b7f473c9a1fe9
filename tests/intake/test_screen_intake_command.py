"""`manage.py screen_intake FILE|-`: the screening contract from the command line."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intake import medication_names
from intake.models import LocalMedicationName
from tests.screening.support import CONTRACT_EXAMPLE


@pytest.fixture(autouse=True)
def fresh_local_names():
    medication_names.invalidate()
    yield
    medication_names.invalidate()


def screen_intake(text, path="-"):
    stdout = io.StringIO()
    call_command("screen_intake", path, stdin=io.StringIO(text), stdout=stdout)
    return json.loads(stdout.getvalue())


def bad_input(text=None, path="-"):
    with pytest.raises(CommandError) as raised:
        screen_intake(text or "", path)
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    return str(raised.value)


@pytest.mark.django_db
def test_it_prints_the_flags_of_the_contract_example(tmp_path):
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(CONTRACT_EXAMPLE), encoding="utf-8")
    result = screen_intake("", str(path))
    assert list(result) == ["procedure", "flags"]
    assert result["procedure"] == "vertebroplasty"
    assert [(f["code"], f["severity"]) for f in result["flags"]] == [
        ("ANTICOAGULANT", "high"),
        ("CONTRAST_ALLERGY", "high"),
        ("BLEEDING_SUPPLEMENT", "moderate"),
    ]
    flag = result["flags"][0]
    assert list(flag) == ["code", "severity", "message", "action", "source", "evidence"]
    assert flag["evidence"] == "Eliquis 5 mg twice a day"
    assert "apixaban" in flag["message"] and "vertebroplasty" in flag["message"]


@pytest.mark.django_db
def test_it_reads_standard_input():
    result = screen_intake(
        json.dumps(
            {
                "procedure": "lower-limb-joint-injection",
                "medications": [{"name": "warfarin"}],
            }
        )
    )
    assert [(f["code"], f["severity"]) for f in result["flags"]] == [
        ("ANTICOAGULANT", "moderate")
    ]


@pytest.mark.django_db
def test_it_reads_the_spinal_level_of_a_facet_injection():
    data = {"procedure": "facet-joint-injection", "medications": [{"name": "Eliquis"}]}
    assert screen_intake(json.dumps(data))["flags"][0]["severity"] == "high"
    data["spinal_level"] = "lumbar"
    assert screen_intake(json.dumps(data))["flags"][0]["severity"] == "info"


@pytest.mark.django_db
def test_it_prints_no_flags_for_a_clean_intake():
    assert screen_intake('{"procedure": "hip-joint-injection"}')["flags"] == []


@pytest.mark.django_db
def test_it_uses_the_clinic_local_names():
    medication_names.connect_signals()
    data = json.dumps(
        {"procedure": "vertebroplasty", "medications": [{"name": "Zorbax"}]}
    )
    assert screen_intake(data)["flags"][0]["code"] == "UNRECOGNIZED_MEDICATION"
    LocalMedicationName.objects.create(name="Zorbax", generic="apixaban")
    assert screen_intake(data)["flags"][0]["code"] == "ANTICOAGULANT"


@pytest.mark.django_db
def test_deleting_a_local_name_takes_effect_at_once():
    medication_names.connect_signals()
    local = LocalMedicationName.objects.create(name="Zorbax", generic="apixaban")
    assert medication_names.get_knowledge_base().lookup("zorbax") is not None
    local.delete()
    assert medication_names.get_knowledge_base().lookup("zorbax") is None


@pytest.mark.django_db
def test_other_workers_see_a_new_local_name_within_the_cache_lifetime():
    medication_names.get_knowledge_base(now=1000.0)
    # bulk_create sends no signal: like a save made by another worker process
    LocalMedicationName.objects.bulk_create(
        [LocalMedicationName(name="Zorbax", generic="apixaban")]
    )
    assert medication_names.get_knowledge_base(now=1059.0).lookup("zorbax") is None
    assert medication_names.get_knowledge_base(now=1061.0).lookup("zorbax") is not None


@pytest.mark.django_db
def test_suggestion_options_include_local_names():
    LocalMedicationName.objects.create(name="Zorbax", generic="apixaban")
    assert '<option value="Zorbax">' in medication_names.suggestion_options()


@pytest.mark.django_db
def test_suggestion_options_follow_a_new_local_name():
    medication_names.connect_signals()
    medication_names.suggestion_options()
    LocalMedicationName.objects.create(name="Zorbax", generic="apixaban")
    assert '<option value="Zorbax">' in medication_names.suggestion_options()


def test_not_json_is_bad_input():
    assert "not JSON" in bad_input("{not json")


def test_a_json_value_that_is_not_an_object_is_bad_input():
    assert "must be a JSON object" in bad_input("[1, 2]")


@pytest.mark.django_db
def test_an_unknown_procedure_is_bad_input():
    assert "unknown procedure 'knee-replacement'" in bad_input(
        '{"procedure": "knee-replacement"}'
    )


@pytest.mark.parametrize(
    "data",
    [
        {"procedure": "vertebroplasty", "medications": "Eliquis"},
        {"procedure": "vertebroplasty", "medications": [{"name": 5}]},
        {"procedure": "vertebroplasty", "answers": {"has_escort": "yes"}},
        {"procedure": "vertebroplasty", "answers": {"pregnant": "maybe"}},
        {
            "procedure": "vertebroplasty",
            "allergies": [{"substance": "x", "category": "dust"}],
        },
        {"procedure": 7},
        {"medications": []},
    ],
)
def test_wrong_types_are_bad_input(data):
    assert "invalid intake" in bad_input(json.dumps(data))


def test_a_missing_file_is_bad_input(tmp_path):
    assert "cannot read" in bad_input(path=str(tmp_path / "missing.json"))


def test_a_directory_is_bad_input(tmp_path):
    assert "cannot read" in bad_input(path=str(tmp_path))


def test_a_file_that_is_not_utf8_is_bad_input(tmp_path):
    path = tmp_path / "intake.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert "cannot read" in bad_input(path=str(path))


def test_bad_input_exits_2_with_one_line_and_no_traceback():
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    completed = subprocess.run(
        [sys.executable, str(manage), "screen_intake", "-"],
        input="{not json",
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "Traceback" not in completed.stderr


@pytest.mark.django_db
def test_a_warmed_up_worker_builds_the_suggestions_without_a_query(
    django_assert_num_queries,
):
    medication_names.warm_up()

    with django_assert_num_queries(0):
        assert '<option value="Eliquis">' in medication_names.suggestion_options()
