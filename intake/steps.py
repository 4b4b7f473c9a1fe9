"""The patient's steps: their forms, and how a draft is validated.

A step's draft is the raw form data the patient typed (kept even when invalid, so
nothing is lost); it is validated when they move on and again at submission.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clinic.cleaning import cleaned_data_dict, remove_control_characters
from intake.forms import patient as f
from intake.forms.errors import form_error_items
from intake.medication_names import suggestion_options
from procedures.localization import in_language
from procedures.models import Phase

ROW_PREFIX = "rows"
TOTAL_FORMS = f"{ROW_PREFIX}-TOTAL_FORMS"
INITIAL_FORMS = f"{ROW_PREFIX}-INITIAL_FORMS"
# Bounded: a row index of thousands of digits is not a row (and int() would refuse it).
ROW_KEY = re.compile(rf"{ROW_PREFIX}-([0-9]{{1,3}})-[a-z_]{{1,40}}")
MAX_ROWS = 30
BLANK_ROWS = 3
MAX_VALUE_LENGTH = 2000


class MedicationsForm(f.NoneForm):
    none = forms.BooleanField(label=_("I take no medications"), required=False)


class SupplementsForm(f.SupplementChecklistForm):
    none = forms.BooleanField(
        label=_("I take no herbal supplements or vitamins"), required=False
    )


class AllergiesForm(f.AllergyQuestionsForm):
    none = forms.BooleanField(label=_("I have no other allergies"), required=False)


@cache  # a form built with no data has the same fields every time
def _field_names(form_class):
    return frozenset(form_class().fields)


@cache  # one class per row form, not one per request
def _formset(form_class):
    return forms.formset_factory(
        form_class,
        extra=0,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type
    row_form: type | None = None
    # Shown when a list step has neither rows nor its explicit "none".
    empty_message: str = ""
    none_with_rows_message: str = ""
    row_label: str = ""
    # The row field that makes a row an entry (a filled row has it).
    row_key: str = "name"
    # What the step needs beyond its forms, each given the intake (or nothing):
    initial: Callable | None = None  # the first visit's values
    text_version: Callable | None = None  # fingerprint of the text the patient read
    # What its template shows besides the forms: only this step's page pays for it.
    extra_context: Callable | None = None

    def initial_for(self, intake):
        return self.initial(intake) if self.initial else None

    def text_version_for(self, intake):
        return self.text_version(intake) if self.text_version else None

    def context(self, intake):
        return self.extra_context(intake) if self.extra_context else {}

    @property
    def formset_class(self):
        return _formset(self.row_form) if self.row_form else None

    def field_names(self):
        return _field_names(self.form_class)

    def clean_draft(self, data):
        """Keep only this step's fields, with bounded sizes: posts are untrusted.

        The row counts are rebuilt from the rows present, so a tampered or missing
        count can never leave a step that the patient cannot save again.
        """
        names = self.field_names()
        kept = {}
        for key, values in data.items():
            row = ROW_KEY.fullmatch(key) if self.row_form else None
            if key in names or (row and int(row.group(1)) < MAX_ROWS):
                kept[key] = [
                    remove_control_characters(str(v))[:MAX_VALUE_LENGTH]
                    for v in values[:50]
                ]
            if len(kept) >= 400:
                break
        if self.row_form:
            kept[TOTAL_FORMS] = [str(self._row_count(data, kept))]
            kept[INITIAL_FORMS] = ["0"]
        return kept

    @staticmethod
    def _row_count(data, kept):
        present = [int(m.group(1)) + 1 for key in kept if (m := ROW_KEY.fullmatch(key))]
        try:
            count = int((data.get(TOTAL_FORMS) or [""])[0])
        except ValueError:
            count = 0
        return max(0, min(max([count, *present]), MAX_ROWS))


def shown_procedure(intake):
    """The appointment's procedure in the language the patient reads."""
    return in_language(intake.appointment.procedure, get_language())


def _known_phone(intake):
    return {"phone": intake.appointment.patient.phone}


def _procedure_text(intake):
    # The fingerprint of the text as the patient read it, in their language.
    return shown_procedure(intake).text_version()


def _who_and_when(intake):
    appointment = intake.appointment
    return {
        "patient": appointment.patient,
        "appointment": appointment,
        "procedure": shown_procedure(intake),
    }


def _procedure_page(intake):
    procedure = shown_procedure(intake)
    return {"procedure": procedure, **_instructions(procedure)}


def _day_instructions(intake):
    return _instructions(shown_procedure(intake))


def _instructions(procedure):
    return {"instructions": procedure.instructions.all(), "Phase": Phase}


def _medication_suggestions(intake):
    return {"medication_options": suggestion_options()}


STEPS = (
    Step(
        "about",
        _("About you"),
        f.AboutForm,
        initial=_known_phone,
        extra_context=_who_and_when,
    ),
    Step(
        "procedure",
        _("Your procedure"),
        f.ProcedureReadForm,
        text_version=_procedure_text,
        extra_context=_procedure_page,
    ),
    Step(
        "medications",
        _("Medications"),
        MedicationsForm,
        f.MedicationForm,
        empty_message=_("List your medications, or tick “I take no medications”."),
        none_with_rows_message=_(
            "You ticked “I take no medications” but also listed some. "
            "Untick it or clear the list."
        ),
        row_label=_("Medication"),
        extra_context=_medication_suggestions,
    ),
    Step(
        "supplements",
        _("Supplements and vitamins"),
        SupplementsForm,
        f.OtherSupplementForm,
        empty_message=_(
            "Tick the supplements you take, add others, or tick “I take no herbal "
            "supplements or vitamins”."
        ),
        none_with_rows_message=_(
            "You ticked “I take none” but also chose some. Untick one of them."
        ),
        row_label=_("Supplement"),
    ),
    Step(
        "allergies",
        _("Allergies"),
        AllergiesForm,
        f.OtherAllergyForm,
        empty_message=_(
            "List your other allergies, or tick “I have no other allergies”."
        ),
        none_with_rows_message=_(
            "You ticked “I have no other allergies” but also listed some. Untick it "
            "or clear the list."
        ),
        row_label=_("Allergy"),
        row_key="substance",
    ),
    Step("health", _("Health questions"), f.HealthForm),
    Step(
        "day",
        _("The day of your procedure"),
        f.DayOfForm,
        extra_context=_day_instructions,
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


class StepForms:
    """The main form and the optional rows of one step, validated together."""

    def __init__(self, step, data=None, initial=None):
        self.step = step
        bound = cleaned_data_dict(data) if data is not None else None
        self.form = step.form_class(bound, initial=initial)
        self.rows = None
        if step.row_form:
            formset_class = step.formset_class
            if bound is None:
                # Always empty: blank rows are cached across patients (_rows.html),
                # so they must never carry one patient's initial values.
                self.rows = formset_class(prefix=ROW_PREFIX, initial=[{}] * BLANK_ROWS)
            else:
                self.rows = formset_class(bound, prefix=ROW_PREFIX)

    # For the templates: a formset answers any lookup by building every row form
    # first (it tries formset["name"] as an index), which blank rows never need.
    @property
    def rows_bound(self):
        return self.rows.is_bound

    @property
    def row_count(self):
        return self.rows.total_form_count()

    @property
    def management_form(self):
        return self.rows.management_form

    @property
    def row_list_errors(self):
        return self.rows.non_form_errors() if self.rows.is_bound else []

    def is_valid(self):
        valid = self.form.is_valid()
        if self.rows is None:
            return valid
        valid = self.rows.is_valid() and valid
        if valid:
            valid = self._check_none_against_rows()
        return valid

    def _check_none_against_rows(self):
        has_entries = bool(self.entries()) or bool(self.form.cleaned_data.get("common"))
        said_none = self.form.cleaned_data.get("none")
        if said_none and has_entries:
            self.form.add_error("none", self.step.none_with_rows_message)
            return False
        if not said_none and not has_entries:
            self.form.add_error("none", self.step.empty_message)
            return False
        return True

    def entries(self):
        """The filled rows' cleaned data."""
        key = self.step.row_key
        return [row for row in self.rows.cleaned_data if row.get(key)]

    def quiet(self):
        """Show the typed values without errors (a draft being resumed)."""
        for form in [self.form, *(self.rows.forms if self.rows else [])]:
            form._errors = forms.utils.ErrorDict()
            form.cleaned_data = {}
        if self.rows is not None:
            self.rows._errors = []
            self.rows._non_form_errors = self.rows.error_class()
        return self

    def error_items(self):
        """(label, message, anchor id) for each error, for the summary at the top."""
        items = list(form_error_items(self.form))
        if self.rows is not None and self.rows.is_bound:
            items += [(None, error, None) for error in self.rows.non_form_errors()]
            for number, row in enumerate(self.rows.forms, start=1):
                prefix = f"{self.step.row_label} {number}: "
                items += [
                    (prefix + str(label), error, anchor)
                    for label, error, anchor in form_error_items(row)
                ]
        return items

    def focus_last_row(self):
        """Put the cursor in the row just added (the no-script 'add another')."""
        first_field = next(iter(self.rows.forms[-1].fields.values()))
        first_field.widget.attrs["autofocus"] = True

    @property
    def has_errors(self):
        if self.form.is_bound and self.form.errors:
            return True
        return bool(
            self.rows is not None
            and self.rows.is_bound
            and self.rows.total_error_count()
        )


def with_extra_row(data):
    """Return draft data with one more blank row (the no-script 'add another')."""
    data = dict(data)
    total = int((data.get(f"{ROW_PREFIX}-TOTAL_FORMS") or ["0"])[0] or 0)
    data[f"{ROW_PREFIX}-TOTAL_FORMS"] = [str(min(total + 1, MAX_ROWS))]
    data.setdefault(f"{ROW_PREFIX}-INITIAL_FORMS", ["0"])
    return data
