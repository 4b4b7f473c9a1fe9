"""The front desk's forms: register a patient with a procedure, send a fresh link."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.cleaning import ControlCharactersRemoved, SafeForm
from intake.models import Patient, SpinalLevel, Status
from procedures.models import Procedure

OLDEST_AGE_YEARS = 130
PATIENT_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "medical_record_number",
    "preferred_language",
)


MAX_BOOKING_AHEAD = dt.timedelta(days=2 * 366)


def date_field(label, **kwargs):
    """A date typed in the browser's date picker (ISO in the form data)."""
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, widget=widget, **kwargs)


class RegistrationForm(SafeForm):
    """A new patient and the procedure they are booked for.

    Takes `now`, so "not in the past" is checked against the caller's clock. The
    scheduled date and time are read in the clinic's time zone (settings.TIME_ZONE).
    """

    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    date_of_birth = date_field(_("Date of birth"))
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("Give an email address, a phone number, or both."),
    )
    medical_record_number = forms.CharField(
        label=_("Medical record number (optional)"), required=False, max_length=40
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("", _("Not asked: follow the patient's browser"))]
        + settings.LANGUAGES,
        required=False,
        help_text=_("The intake pages and emails use this language."),
    )
    procedure = forms.ModelChoiceField(
        label=_("Procedure"),
        queryset=Procedure.objects.offered(),
        to_field_name="slug",
        empty_label=_("Choose a procedure"),
        error_messages={"invalid_choice": _("Choose a procedure from the catalog.")},
    )
    spinal_level = forms.ChoiceField(
        label=_("Spinal level"),
        choices=[("", _("Choose when the procedure needs it"))] + SpinalLevel.choices,
        required=False,
        help_text=_("Required for facet joint injections."),
    )
    scheduled_date = date_field(_("Procedure date"))
    scheduled_time = forms.TimeField(
        label=_("Procedure time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    send_email = forms.BooleanField(
        label=_("Email the link to the patient"), required=False
    )

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["scheduled_time"].help_text = _("Clinic time (%(zone)s).") % {
            "zone": settings.TIME_ZONE
        }

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localtime(self.now).date()
        if born > today:
            raise forms.ValidationError(
                _("The date of birth cannot be in the future."), code="future"
            )
        if born.year < today.year - OLDEST_AGE_YEARS:
            raise forms.ValidationError(_("Check the year of birth."), code="too_old")
        return born

    def clean(self):
        data = super().clean()
        email, phone = data.get("email"), data.get("phone")
        if "email" not in self.errors and not email and not phone:
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Enter an email address or a phone number."), code="no_contact"
                ),
            )
        elif data.get("send_email") and not email and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Enter an email address to email the link."), code="no_email"
                ),
            )
        self._clean_spinal_level(data)
        self._clean_scheduled_at(data)
        return data

    def _clean_spinal_level(self, data):
        procedure = data.get("procedure")
        if procedure is None:
            return
        if not procedure.depends_on_spinal_level:
            data["spinal_level"] = ""
        elif not data.get("spinal_level") and "spinal_level" not in self.errors:
            self.add_error(
                "spinal_level",
                forms.ValidationError(
                    _("Choose the spinal level for this procedure."), code="required"
                ),
            )

    def _clean_scheduled_at(self, data):
        day, time = data.get("scheduled_date"), data.get("scheduled_time")
        if day is None or time is None:
            return
        clinic_zone = timezone.get_default_timezone()
        scheduled_at = timezone.make_aware(dt.datetime.combine(day, time), clinic_zone)
        if scheduled_at <= self.now:
            self.add_error(
                "scheduled_date",
                forms.ValidationError(
                    _("The procedure date and time cannot be in the past."),
                    code="past",
                ),
            )
        elif scheduled_at > self.now + MAX_BOOKING_AHEAD:
            self.add_error(
                "scheduled_date",
                forms.ValidationError(
                    _("Book at most two years ahead."), code="too_far"
                ),
            )
        data["scheduled_at"] = scheduled_at

    def patient_fields(self):
        """The cleaned values that make the Patient row."""
        return {name: self.cleaned_data[name] for name in PATIENT_FIELDS}


def _check_period(form, data):
    """Refuse a period that ends before it starts, next to the end date."""
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        form.add_error(
            "end",
            forms.ValidationError(
                _("The end date is before the start date."), code="reversed"
            ),
        )
    return data


def bootstrap_classes(form):
    """Give a hand-laid form's widgets Bootstrap's classes (they then fit a phone)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


class FiguresForm(SafeForm):
    """The period the completion figures cover (procedure dates, both included)."""

    start = date_field(_("Procedures from"))
    end = date_field(_("to"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self)

    def clean(self):
        return _check_period(self, super().clean())


class RescheduleForm(RegistrationForm):
    """A new date, time and spinal level for a booked procedure."""

    KEPT = ("scheduled_date", "scheduled_time", "spinal_level")

    def __init__(self, *args, appointment, now, **kwargs):
        super().__init__(*args, now=now, **kwargs)
        for name in [name for name in self.fields if name not in self.KEPT]:
            del self.fields[name]
        self.procedure = appointment.procedure
        if not self.procedure.depends_on_spinal_level:
            del self.fields["spinal_level"]

    def clean(self):
        data = forms.Form.clean(self)
        data["procedure"] = self.procedure
        self._clean_spinal_level(data)
        self._clean_scheduled_at(data)
        return data


class ContactForm(ControlCharactersRemoved, forms.ModelForm):
    """The patient's email and phone, as the desk corrects them."""

    class Meta:
        model = Patient
        fields = ["email", "phone"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                _("Enter an email address or a phone number."), code="no_contact"
            )
        return data


class FreshLinkForm(SafeForm):
    """Issue a new link; offer to email it when the patient gave an address."""

    send_email = forms.BooleanField(
        label=_("Email the new link to the patient"), required=False
    )

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        if not patient.email:
            del self.fields["send_email"]


class WorklistForm(SafeForm):
    """The desk's search and filters (a GET form: nothing here is written)."""

    STATUS_CHOICES = [
        ("", _("Any status")),
        *Status.choices,
        ("cancelled", _("Cancelled")),
    ]

    q = forms.CharField(
        label=_("Name, date of birth or record number"),
        required=False,
        max_length=80,
        help_text=_("A date of birth as YYYY-MM-DD or MM/DD/YYYY."),
    )
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)
    procedure = forms.ModelChoiceField(
        label=_("Procedure"),
        queryset=Procedure.objects.order_by("name"),
        required=False,
        empty_label=_("Any procedure"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False
    )
    attention = forms.BooleanField(
        label=_("Only those needing attention"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap_classes(self)

    def clean(self):
        return _check_period(self, super().clean())

    def criteria(self):
        """The valid filters as keyword arguments for AppointmentQuerySet.worklist."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
