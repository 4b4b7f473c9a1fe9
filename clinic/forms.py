from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.cleaning import SafeForm


class SecondFactorForm(SafeForm):
    """One code: six digits from the authenticator app, or a recovery code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isalnum():
            raise forms.ValidationError(
                _("Enter the code with letters and digits only."), code="invalid"
            )
        return token


class EnrollmentForm(SecondFactorForm):
    """The first code from a newly added authenticator app."""

    token = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("The 6-digit code the app shows after you scan the QR code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_token(self):
        token = super().clean_token()
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(
                _("Enter the 6 digits the app shows."), code="invalid"
            )
        return token
