"""`crispy_fast.as_crispy_field` writes what crispy's own filter writes.

Every field of every form a template renders field by field is rendered both ways,
unbound, with errors and with typed values; the markup must match once runs of
whitespace (which crispy's templates are full of) are ignored.
"""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import (
    as_crispy_field as crispy_field,
)
from django import forms
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.templatetags.crispy_fast import _renderer_for, as_crispy_field
from intake.forms import desk, review
from intake.forms import patient as p
from intake.steps import STEPS

pytestmark = pytest.mark.django_db

PROCEDURES = [("vertebroplasty", "Vertebroplasty")]


def _form_makers():
    """(name, make(data)) for each form rendered with as_crispy_field."""
    now = timezone.now()
    makers = {f"step {step.slug}": step.form_class for step in STEPS if step.form_class}
    makers.update(
        {
            f"row {step.slug}": step.row_form
            for step in STEPS
            if step.row_form is not None
        }
    )
    makers.update(
        {
            "date of birth": p.DateOfBirthForm,
            "registration": lambda data: desk.RegistrationForm(data, now=now),
            "queue filters": lambda data: review.QueueFilterForm(
                data, procedures=PROCEDURES
            ),
            "acknowledge": review.AcknowledgeForm,
            "resolve": lambda data: review.ResolveForm(data, code="ANTICOAGULANT"),
            "resolve row": lambda data: review.ResolveForm(
                data, code="CONTRAST_ALLERGY", optional=True
            ),
            "decision": lambda data: review.DecisionForm(data, open_flags=["a flag"]),
        }
    )
    return makers


FORMS = _form_makers()


def normalized(html):
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


def both_ways(make, data):
    """Render every field of two equal forms, one each way; twice, as pages may."""
    slow, fast = make(data), make(data)
    for _ in range(2):
        for name in slow.fields:
            yield name, crispy_field(slow[name]), as_crispy_field(fast[name])


def assert_same(make, data):
    for name, slow, fast in both_ways(make, data):
        assert normalized(fast) == normalized(slow), name


@pytest.mark.parametrize("form", FORMS)
def test_unbound_fields_match_crispy(form):
    assert_same(FORMS[form], None)


@pytest.mark.parametrize("form", FORMS)
def test_fields_with_errors_match_crispy(form):
    assert_same(FORMS[form], {"unknown": "x"})


def _typed(form):
    """Data with a value for every field of the form, drawn by Hypothesis."""
    names = list(FORMS[form](None).fields)
    values = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]))
    choice_values = st.sampled_from(["yes", "no", "unsure", "mild", "fish oil", ""])
    return st.fixed_dictionaries(
        {name: st.one_of(values, choice_values) for name in names}
    )


@pytest.mark.parametrize("form", FORMS)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_fields_with_typed_values_match_crispy(form, data):
    assert_same(FORMS[form], data.draw(_typed(form)))


def test_every_kind_of_field_on_these_forms_takes_the_fast_path():
    slow_ones = [
        (form, name)
        for form, make in FORMS.items()
        for name, field in make(None).fields.items()
        if _renderer_for(make(None)[name]) is None and not field.widget.is_hidden
    ]

    assert slow_ones == []


@pytest.mark.parametrize(
    "field",
    [
        forms.FileField(),
        forms.SplitDateTimeField(),
        forms.CharField(widget=forms.HiddenInput),
    ],
)
def test_other_fields_are_left_to_crispy(field):
    form = type("F", (forms.Form,), {"field": field})()

    assert _renderer_for(form["field"]) is None
    assert as_crispy_field(form["field"]) == crispy_field(form["field"])
