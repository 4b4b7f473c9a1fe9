"""The radiologist's forms: queue filters, flag actions and the clearance decision.

They validate only; the services in `intake.services.review` apply the review rules
(stale versions, no clearance with an unresolved critical flag) under a lock.
"""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.cleaning import SafeForm
from intake.models import SEVERITY_RANK, Decision, Disposition, Intake, Severity, Status
from intake.services.review import CLEARING, NO_OPEN_FLAG

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

    def intakes(self):
        """Return the intakes matching every filter but the severity one."""
        status = self._value("status") or AWAITING
        if status == AWAITING:
            queryset = Intake.objects.awaiting_review()
        else:
            decisions = CLEARING if status == "cleared" else (status,)
            queryset = Intake.objects.filter(
                status=Status.REVIEWED,
                decision__in=decisions,
                appointment__cancelled_at__isnull=True,
            )
        if start := self._value("date_from"):
            queryset = queryset.filter(appointment__scheduled_at__gte=_midnight(start))
        if end := self._value("date_to"):
            end = _midnight(end + dt.timedelta(days=1))
            queryset = queryset.filter(appointment__scheduled_at__lt=end)
        if procedure := self._value("procedure"):
            queryset = queryset.filter(appointment__procedure__slug=procedure)
        return queryset

    def worst_rank(self):
        """Return the worst-open-flag rank to show, or None for all."""
        return SEVERITY_FILTERS.get(self._value("severity") or "")


def _midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AcknowledgeForm(SafeForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = VersionField()


class ResolveForm(SafeForm):
    disposition = forms.ChoiceField(
        label=_("Disposition"),
        choices=[("", _("Choose one")), *Disposition.choices],
        error_messages={"required": _("Choose how this flag is resolved.")},
    )
    hold_days = forms.IntegerField(
        label=_("Days to hold the drug"),
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

    def clean(self):
        data = super().clean()
        disposition = data.get("disposition")
        if disposition == Disposition.HOLD_DRUG and not data.get("hold_days"):
            self.add_error(
                "hold_days",
                forms.ValidationError(
                    _("Say for how many days the drug is held."), code="required"
                ),
            )
        if disposition == Disposition.OTHER and not data.get("note"):
            self.add_error(
                "note",
                forms.ValidationError(
                    _("Explain the disposition in the note."), code="required"
                ),
            )
        return data


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
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The patient reads these on their intake link. Required unless the "
            "decision is “cleared”. Write plainly; no abbreviations."
        ),
    )
    version = VersionField()

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
