from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LocalMedicationName(models.Model):
    """A clinic-local medication name (new brand, local abbreviation) and its generic."""

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
