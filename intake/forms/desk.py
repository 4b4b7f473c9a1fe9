"""The front desk's forms: register a patient with a procedure, send a fresh link."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import SpinalLevel
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


class RegistrationForm(forms.Form):
    """A new patient and the procedure they are booked for.

    Takes `now`, so "not in the past" is checked against the caller's clock. The
    scheduled date and time are read in the clinic's time zone (settings.TIME_ZONE).
    """

    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
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
    scheduled_date = forms.DateField(
        label=_("Procedure date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
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


class FreshLinkForm(forms.Form):
    """Issue a new link; offer to email it when the patient gave an address."""

    send_email = forms.BooleanField(
        label=_("Email the new link to the patient"), required=False
    )

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        if not patient.email:
            del self.fields["send_email"]
