"""The patient's forms, one per step. Validation only: the views save and move on."""

import datetime as dt
import unicodedata

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.cleaning import SafeForm

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
SEVERITY_CHOICES = [
    ("", _("Choose one")),
    ("mild", _("Mild: a small rash or itching")),
    ("moderate", _("Moderate: hives all over, wheezing, or needed treatment")),
    ("severe", _("Severe: swelling of the throat or face, fainting")),
    ("anaphylaxis", _("Anaphylaxis: needed an EpiPen, an ambulance or hospital")),
    ("unknown", _("I don't know")),
]
# The bleeding-risk supplements of CLINICAL.md, as patients name them.
COMMON_SUPPLEMENTS = [
    ("fish oil", _("Fish oil or omega-3")),
    ("ginkgo", _("Ginkgo")),
    ("garlic", _("Garlic tablets")),
    ("ginseng", _("Ginseng")),
    ("vitamin E", _("Vitamin E")),
    ("turmeric", _("Turmeric or curcumin")),
    ("ginger", _("Ginger tablets")),
    ("dong quai", _("Dong quai")),
    ("feverfew", _("Feverfew")),
    ("saw palmetto", _("Saw palmetto")),
    ("green tea extract", _("Green tea extract")),
    ("St John's wort", _("St John's wort")),
]


def radio(label, choices=YES_NO, **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
        **kwargs,
    )


def text(label, max_length=120, required=False, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"required": _("Fill in this box.")},
        **kwargs,
    )


def tick(label):
    return forms.BooleanField(
        label=label, error_messages={"required": _("Tick this box to go on.")}
    )


def date_part(label, low, high, required_message, *, autocomplete):
    digits = len(str(high))
    widget = forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "pattern": "[0-9]*",
            "size": digits,
            "maxlength": digits,
            "autocomplete": autocomplete,
            "aria-describedby": "dob-hint",
        }
    )
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=widget,
        error_messages={"required": required_message, "invalid": _("Enter a number.")},
    )


# Month names as people type them, in the languages patients read; accents and case
# are ignored, and any unambiguous start of three letters or more will do ("jun").
MONTH_NAMES = {
    "en": (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}
MONTH_SPELLINGS = {"setiembre": 9}


def month_number(typed):
    """Return 1-12 for "6", "06", "June", "jun", "junio" or "Jun."; else None."""
    text = unicodedata.normalize("NFKD", str(typed).strip().lower().rstrip("."))
    text = "".join(char for char in text if not unicodedata.combining(char))
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    if len(text) < 3 or not text.isalpha():
        return None
    spellings = dict(MONTH_SPELLINGS)
    for names in MONTH_NAMES.values():
        spellings.update({name: number for number, name in enumerate(names, start=1)})
    found = {number for name, number in spellings.items() if name.startswith(text)}
    return found.pop() if len(found) == 1 else None


class MonthField(forms.CharField):
    """A month typed as a number or a name, cleaned to its number."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        number = month_number(value)
        if number is None:
            raise forms.ValidationError(
                _(
                    "Enter the month as a number from 1 to 12 or as its name, "
                    "like June."
                ),
                code="invalid",
            )
        return number


class DateOfBirthForm(SafeForm):
    """Three boxes (month, day, year): easier than a date picker for a birth date."""

    # The month also takes its name ("June", "jun"): no numeric keypad for it.
    month = MonthField(
        label=_("Month"),
        error_messages={"required": _("Enter the month.")},
        widget=forms.TextInput(
            attrs={
                "size": 4,
                "maxlength": 12,
                "autocomplete": "bday-month",
                "aria-describedby": "dob-hint",
            }
        ),
    )
    day = date_part(_("Day"), 1, 31, _("Enter the day."), autocomplete="bday-day")
    year = date_part(
        _("Year"),
        1900,
        2100,
        _("Enter the year, for example 1950."),
        autocomplete="bday-year",
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["date_of_birth"] = dt.date(data["year"], data["month"], data["day"])
        except ValueError:
            raise forms.ValidationError(
                _("That date does not exist. Check the day and month."),
                code="invalid_date",
            ) from None
        return data


class AboutForm(SafeForm):
    details_correct = radio(
        _("Are your name and date of birth above correct?"),
        choices=[("yes", _("Yes")), ("no", _("No, something is wrong"))],
    )
    corrections = text(_("If something is wrong, tell us what"), max_length=200)
    phone = text(_("Your phone number"), max_length=30, required=True)
    emergency_name = text(_("Emergency contact: name"), max_length=120, required=True)
    emergency_phone = text(
        _("Emergency contact: phone number"), max_length=30, required=True
    )

    def clean(self):
        data = super().clean()
        if data.get("details_correct") == "no" and not data.get("corrections"):
            self.add_error(
                "corrections",
                forms.ValidationError(_("Tell us what is wrong."), code="required"),
            )
        return data


class ProcedureReadForm(SafeForm):
    has_read = tick(_("I have read about my procedure and how to prepare"))


class NoneForm(SafeForm):
    """The explicit 'none' answer of a list step; the label is set per step."""

    none = forms.BooleanField(required=False)


class MedicationForm(SafeForm):
    # Suggests known names as the patient types (a native combobox); free text stays.
    name = text(
        _("Medication name"),
        max_length=120,
        widget=forms.TextInput(
            attrs={"list": "medication-names", "autocomplete": "off"}
        ),
    )
    dose = text(_("Dose (for example 5 mg)"), max_length=60)
    frequency = text(_("How often (for example twice a day)"), max_length=60)
    last_dose = forms.DateField(
        label=_("Blood thinners only: date of your last dose"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_last_dose(self):
        value = self.cleaned_data["last_dose"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("The last dose cannot be in the future."), code="future"
            )
        return value

    def clean(self):
        data = super().clean()
        details = data.get("dose") or data.get("frequency") or data.get("last_dose")
        if details and not data.get("name"):
            self.add_error(
                "name", forms.ValidationError(_("Enter the name."), code="required")
            )
        return data


class SupplementChecklistForm(SafeForm):
    common = forms.MultipleChoiceField(
        label=_("Do you take any of these?"),
        choices=COMMON_SUPPLEMENTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class OtherSupplementForm(SafeForm):
    name = text(_("Other supplement or vitamin"), max_length=120)


ALLERGY_QUESTIONS = {
    "local_anesthetic": _(
        "Have you ever had an allergy or a bad reaction to a numbing medicine "
        "(local anesthetic, for example lidocaine or a dentist's injection)?"
    ),
    "general_anesthesia": _(
        "Have you ever had an allergy or a serious problem with sedation or a "
        "general anesthetic (being put to sleep)?"
    ),
    "iodinated_contrast": _(
        "Have you ever had an allergy to X-ray or CT dye (iodine contrast)?"
    ),
    "latex": _("Are you allergic to latex (for example rubber gloves or balloons)?"),
}


class AllergyQuestionsForm(SafeForm):
    """Yes / no for each allergy the procedure cares about, with what happened."""

    DETAILS = ("substance", "reaction", "severity")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in ALLERGY_QUESTIONS.items():
            self.fields[key] = radio(question)
            self.fields[f"{key}_substance"] = text(
                _("Which medicine or product, if you know"), max_length=120
            )
            self.fields[f"{key}_reaction"] = text(_("What happened?"), max_length=300)
            self.fields[f"{key}_severity"] = forms.ChoiceField(
                label=_("How bad was it?"), choices=SEVERITY_CHOICES, required=False
            )

    def questions(self):
        """Each question's field with the fields that say more about a yes."""
        return [
            (self[key], [self[f"{key}_{detail}"] for detail in self.DETAILS])
            for key in ALLERGY_QUESTIONS
        ]

    def clean(self):
        data = super().clean()
        for key in ALLERGY_QUESTIONS:
            if data.get(key) == "yes" and not data.get(f"{key}_reaction"):
                self.add_error(
                    f"{key}_reaction",
                    forms.ValidationError(
                        _("Tell us what happened, even in a few words."),
                        code="required",
                    ),
                )
        return data


class OtherAllergyForm(SafeForm):
    substance = text(_("Allergic to"), max_length=120)
    reaction = text(_("What happened?"), max_length=300)
    severity = forms.ChoiceField(
        label=_("How bad was it?"), choices=SEVERITY_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        if (data.get("reaction") or data.get("severity")) and not data.get("substance"):
            self.add_error(
                "substance",
                forms.ValidationError(_("Enter what you are allergic to."), "required"),
            )
        return data


HEALTH_QUESTIONS = {
    "bleeding_disorder": _(
        "Do you have a bleeding or clotting problem (for example hemophilia, "
        "low platelets, or you bleed or bruise very easily)?"
    ),
    "kidney_disease": _("Do you have kidney disease or are you on dialysis?"),
    "diabetes": _("Do you have diabetes?"),
    "fever_or_infection": _(
        "Do you have a fever or an infection now, or are you taking antibiotics "
        "for one?"
    ),
    "sleep_apnea": _("Do you have sleep apnea (you stop breathing in your sleep)?"),
    "malignant_hyperthermia": _(
        "Have you or a blood relative had malignant hyperthermia (a dangerous "
        "reaction to an anesthetic)?"
    ),
}


class HealthForm(SafeForm):
    pregnant = radio(
        _("Are you pregnant, or could you be pregnant?"),
        choices=[
            ("yes", _("Yes")),
            ("no", _("No")),
            ("unsure", _("I'm not sure")),
            ("not_applicable", _("This does not apply to me")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in HEALTH_QUESTIONS.items():
            self.fields[key] = radio(question)
            if key == "diabetes":
                self.fields["diabetes_poorly_controlled"] = radio(
                    _("If you have diabetes: is your blood sugar often high?"),
                    choices=[*YES_NO, ("unsure", _("I'm not sure"))],
                    required=False,
                )
        self.fields["details"] = text(
            _("Anything you want to tell us about these answers"),
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )


class DayOfForm(SafeForm):
    has_escort = radio(
        _("Will an adult take you home after the procedure and stay with you?"),
        choices=[("yes", _("Yes")), ("no", _("No, or I'm not sure yet"))],
    )
    escort_name = text(_("Their name"), max_length=120)
    escort_phone = text(_("Their phone number"), max_length=30)
    understood = tick(
        _("I have read the instructions above for the day of my procedure")
    )

    def clean(self):
        data = super().clean()
        if data.get("has_escort") == "yes":
            for field in ("escort_name", "escort_phone"):
                if not data.get(field):
                    self.add_error(
                        field,
                        forms.ValidationError(
                            _("Tell us who will take you home."), code="required"
                        ),
                    )
        return data


class SignatureForm(SafeForm):
    consent = tick(
        _(
            "I have read the benefits and risks above, and my answers are true "
            "to the best of my knowledge"
        )
    )
    signature = text(_("Type your full name to sign"), max_length=160, required=True)
    answers_version = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )

    def __init__(self, *args, patient_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient_name = patient_name

    def clean_signature(self):
        """Accept the registered name with extra names (a middle name) in between."""
        typed = " ".join(self.cleaned_data["signature"].split())
        words = iter(typed.casefold().replace(".", " ").split())
        wanted = self.patient_name.casefold().split()
        if not all(any(word == part for word in words) for part in wanted):
            raise forms.ValidationError(
                _("Type your full name, including %(name)s"),
                code="mismatch",
                params={"name": self.patient_name},
            )
        return typed
