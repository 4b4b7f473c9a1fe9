"""The procedure step: key facts first, the rest in sections that open on request."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_key_facts_come_before_the_longer_sections(patient):
    client, appointment = patient
    procedure = appointment.procedure
    day_of = procedure.instructions.get(phase="day_of").text

    page = client.get("/intake/procedure/").content.decode()

    facts = page.index("Key facts")
    assert facts < page.index(procedure.summary) < page.index("<details")
    assert facts < page.index(day_of) < page.index("<details")
    assert "An adult must drive you home afterwards." in page
    assert page.count('<details class="procedure-more">') == 3
    assert page.index("<details") < page.index(procedure.what_it_is.split("\n")[0])


def test_every_before_instruction_is_still_on_the_step(patient):
    client, appointment = patient

    page = client.get("/intake/procedure/").content.decode()

    for instruction in appointment.procedure.instructions.filter(phase="before"):
        assert instruction.text in page
