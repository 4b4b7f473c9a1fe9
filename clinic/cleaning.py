"""Untrusted text in, storable text out: the one rule for control characters.

C0 controls (except tab, newline and carriage return), DEL and C1 controls are
removed from every value a form receives, before any field parses it and before a
draft stores it. They are invisible, carry no meaning in a name, a dose or a note,
and usually arrive by a paste from another program; PostgreSQL refuses NUL outright.
Removing them keeps everything the person can see of what they typed, whereas an
error about a character they cannot see would give them nothing to correct.
"""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.datastructures import MultiValueDict

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def remove_control_characters(value):
    """Return the text without control characters other than tab and line breaks."""
    return CONTROL_CHARACTERS.sub("", value)


class CleanedData(MultiValueDict):
    """Form data already cleaned, but for the fields in `kept`."""

    kept = frozenset()


def cleaned_data_dict(data, *, keep=()):
    """Return a copy of posted form data with control characters removed."""
    cleaned = CleanedData()
    cleaned.kept = frozenset(keep)
    for key in data:
        values = data.getlist(key) if hasattr(data, "getlist") else data[key]
        if not isinstance(values, list | tuple):
            values = [values]
        if key not in keep:
            values = [
                remove_control_characters(v) if isinstance(v, str) else v
                for v in values
            ]
        cleaned.setlist(key, list(values))  # a key no field has is never read
    return cleaned


class ControlCharactersRemoved:
    """Form mixin: bind the form to its data with control characters removed.

    Fields named in `keep_control_characters` (a password) are left as typed; Django
    still refuses a NUL in them with a message on the field.
    """

    keep_control_characters = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.keep_control_characters
        # The forms of one formset share their data: it is cleaned once.
        done = isinstance(self.data, CleanedData) and self.data.kept == set(keep)
        if self.is_bound and not done:
            self.data = cleaned_data_dict(self.data, keep=keep)


class StaffLoginForm(ControlCharactersRemoved, AuthenticationForm):
    """Django's login form, with the shared rule for control characters."""

    keep_control_characters = ("password",)


class SafeForm(ControlCharactersRemoved, forms.Form):
    """The base of every form the app binds to posted data."""
