"""Who the clinic sees: patients, and the medication names the clinic adds."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LocalMedicationName(models.Model):
    """A clinic-local medication name (a new brand, a local abbreviation)."""

    name = models.CharField(_("name as patients write it"), max_length=80, unique=True)
    generic = models.CharField(
        _("generic name"),
        max_length=80,
        help_text=_("A generic the screening knowledge base knows, e.g. apixaban."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clinic-local medication name")
        verbose_name_plural = _("clinic-local medication names")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} → {self.generic}"


class Patient(models.Model):
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    medical_record_number = models.CharField(
        _("medical record number"), max_length=40, blank=True
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Used for the intake link and emails; blank: the browser's."),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"
