"""The radiologist's forms: queue filters, flag actions and the clearance decision.

They validate only; the services in `intake.services.review` own the review rules
(dispositions per code, decisions the flags allow) and apply them again under a
lock. Forms ask the same functions, so a rule is never written twice.
"""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from clinic.cleaning import SafeForm
from intake.dispositions import disposition_choices
from intake.models import (
    NO_OPEN_FLAG,
    SEVERITY_RANK,
    Decision,
    Severity,
)
from intake.services.review import ReviewRefused, check_resolution

NO_OPEN = "none"
SEVERITY_FILTERS = {severity.value: rank for severity, rank in SEVERITY_RANK.items()}
SEVERITY_FILTERS[NO_OPEN] = NO_OPEN_FLAG

AWAITING = ""
STATUS_FILTERS = {
    AWAITING: _("Not yet cleared (no decision, or needs follow-up)"),
    Decision.NEEDS_FOLLOW_UP.value: _("Decided: needs follow-up"),
    Decision.POSTPONED.value: _("Decided: postponed"),
    "cleared": _("Decided: cleared"),
}


class VersionField(forms.IntegerField):
    """The intake version the page was built from, to refuse stale writes."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)


# Dates far outside any schedule would overflow when turned into datetimes.
DATE_BOUNDS = [
    MinValueValidator(dt.date(2000, 1, 1)),
    MaxValueValidator(dt.date(2100, 12, 31)),
]


class QueueFilterForm(SafeForm):
    date_from = forms.DateField(
        label=_("Procedure from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_BOUNDS,
    )
    date_to = forms.DateField(
        label=_("Procedure to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_BOUNDS,
    )
    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    severity = forms.ChoiceField(
        label=_("Worst unresolved flag"),
        required=False,
        choices=[("", _("Any"))]
        + [(severity.value, severity.label) for severity in Severity]
        + [(NO_OPEN, _("No unresolved flag"))],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=list(STATUS_FILTERS.items())
    )

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", _("All procedures")), *procedures]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(
                _("The end date is before the start date."), code="date_order"
            )
        return data

    def _value(self, name):
        self.is_valid()  # a bad field is ignored (and shown); the others still apply
        return self.cleaned_data.get(name)

    def filters(self):
        """Return the keyword arguments of Intake.objects.in_queue() chosen here."""
        return {
            "status": self._value("status") or AWAITING,
            "start": self._value("date_from"),
            "end": self._value("date_to"),
            "procedure": self._value("procedure") or "",
        }

    def worst_rank(self):
        """Return the worst-open-flag rank to show, or None for all."""
        return SEVERITY_FILTERS.get(self._value("severity") or "")


class AcknowledgeForm(SafeForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()


ALL_FORM_ID = "resolve-all"


class ResolveForm(SafeForm):
    """Resolve one flag; `optional` rows (the resolve-all form) may stay blank."""

    disposition = forms.ChoiceField(
        label=_("Disposition"),
        error_messages={"required": _("Choose how this flag is resolved.")},
    )
    hold_days = forms.IntegerField(
        label=_("Days to hold"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("Only when holding the drug."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()

    # Where the service's refusals belong on the form.
    REFUSAL_FIELDS = {
        "disposition_unfit": "disposition",
        "hold_days_missing": "hold_days",
        "note_missing": "note",
    }

    def __init__(self, *args, code, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        empty = _("Leave as it is") if optional else _("Choose one")
        self.fields["disposition"].choices = [("", empty), *disposition_choices(code)]
        self.fields["disposition"].required = not optional
        self.code = code
        if optional:
            # A row of the resolve-all form: its inputs sit in the flag's card and
            # join the one form element by its id.
            del self.fields["version"]
            self.fields["note"].widget = forms.TextInput()
            for name, field in self.fields.items():
                css = "form-select" if name == "disposition" else "form-control"
                field.widget.attrs.update({"form": ALL_FORM_ID, "class": css})

    def clean(self):
        data = super().clean()
        if not data.get("disposition") or self.errors:
            return data
        try:
            check_resolution(
                self.code,
                disposition=data["disposition"],
                hold_days=data.get("hold_days"),
                note=data.get("note", ""),
            )
        except ReviewRefused as refusal:
            self.add_error(self.REFUSAL_FIELDS.get(refusal.code), refusal)
        return data

    def full_clean(self):
        super().full_clean()
        # The compact rows render bare widgets: mark the invalid ones for
        # assistive technology and tie them to their message.
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{self.add_prefix(name)}-error",
                    }
                )

    @property
    def chosen(self):
        return bool(self.cleaned_data.get("disposition"))

    def resolution(self):
        """Return the service's keyword arguments for this row."""
        return {
            key: self.cleaned_data.get(key)
            for key in ("disposition", "hold_days", "note")
        }


class ResolveAllForm(SafeForm):
    """Resolve every unresolved flag of the page in one submission."""

    version = VersionField()

    def __init__(self, data=None, *, flags, **kwargs):
        super().__init__(data, prefix="all", **kwargs)
        self.rows = []
        for flag in flags:
            initial = {"note": flag.note}
            row = ResolveForm(
                data,
                prefix=f"all-{flag.pk}",
                code=flag.code,
                optional=True,
                initial=initial,
            )
            self.rows.append((flag, row))

    def clean(self):
        data = super().clean()
        rows_valid = all(row.is_valid() for _flag, row in self.rows)
        if rows_valid and not any(row.chosen for _flag, row in self.rows):
            raise forms.ValidationError(
                _("Choose a disposition for at least one flag."), code="empty"
            )
        return data

    def is_valid(self):
        return super().is_valid() and all(row.is_valid() for _flag, row in self.rows)

    def resolutions(self):
        """Return {flag: service arguments} for the rows given a disposition."""
        return {flag: row.resolution() for flag, row in self.rows if row.chosen}


class DecisionForm(SafeForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    instructions = forms.CharField(
        label=_("Instructions for the patient"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The patient reads these on their intake link. Required unless the "
            "decision is “cleared”. Write plainly; no abbreviations."
        ),
    )
    seen_open_flags = forms.BooleanField(
        label=_("I have seen these open flags, and they do not stop the procedure"),
        required=False,
    )
    version = VersionField()

    def __init__(self, *args, offered=tuple(Decision), open_flags=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Any decision may be posted, so that the service can say why it is refused;
        # only the ones the flags allow are offered.
        self.fields["decision"].widget.choices = [
            (value, label) for value, label in Decision.choices if value in offered
        ]
        self.open_flags = list(open_flags)
        if not self.open_flags:
            del self.fields["seen_open_flags"]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and decision != Decision.CLEARED and not data.get("instructions"):
            self.add_error(
                "instructions",
                forms.ValidationError(
                    _("Write the instructions the patient will read."),
                    code="required",
                ),
            )
        return data
