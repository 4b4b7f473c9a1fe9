import hashlib

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords


class BleedingRisk(models.TextChoices):
    LOW = "low", _("Low")
    HIGH = "high", _("High")


class Sedation(models.TextChoices):
    NONE = "none", _("None")
    LOCAL = "local", _("Local anesthetic only")
    IV = "iv", _("IV sedation and local anesthetic")


class Phase(models.TextChoices):
    BEFORE = "before", _("Before the day")
    DAY_OF = "day_of", _("On the day")
    AFTER = "after", _("After the procedure")


# The patient text of a procedure, and the attributes screening reads; the admin, the
# catalog loader and clinical_attributes() all follow these lists.
PATIENT_TEXT_FIELDS = (
    "what_it_is",
    "what_to_expect",
    "duration_minutes",
    "recovery",
    "expected_results",
)
# The Spanish of the patient text: a field named like its English one plus "_es".
# Each has a database default, so migrations writing with older model states work.
SPANISH_TEXT_FIELDS = tuple(
    f"{name}_es"
    for name in ("name", "summary", *PATIENT_TEXT_FIELDS)
    if name != "duration_minutes"
)
CLINICAL_FIELDS = (
    "bleeding_risk",
    "depends_on_spinal_level",
    "sedation",
    "uses_contrast",
    "uses_steroid",
    "uses_cement",
    "uses_fluoroscopy",
    "beam_on_trunk",
)
# Only holders of this permission may change CLINICAL_FIELDS; change_procedure covers
# the rest (text, publishing, retiring).
CLINICAL_PERMISSION = "procedures.change_clinical_attributes"


class ProcedureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def offered(self):
        """Return what the public list shows and new appointments may use."""
        return self.published().filter(retired=False)


class Procedure(models.Model):
    """A procedure the clinic performs: patient text and screening attributes."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=200)
    what_it_is = models.TextField(_("what it is"))
    what_to_expect = models.TextField(_("what to expect"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    recovery = models.TextField(_("recovery"))
    expected_results = models.TextField(_("expected results"))
    name_es = models.CharField(
        _("name (Spanish)"), max_length=120, blank=True, db_default=""
    )
    summary_es = models.CharField(
        _("summary (Spanish)"), max_length=200, blank=True, db_default=""
    )
    what_it_is_es = models.TextField(
        _("what it is (Spanish)"), blank=True, db_default=""
    )
    what_to_expect_es = models.TextField(
        _("what to expect (Spanish)"), blank=True, db_default=""
    )
    recovery_es = models.TextField(_("recovery (Spanish)"), blank=True, db_default="")
    expected_results_es = models.TextField(
        _("expected results (Spanish)"), blank=True, db_default=""
    )
    published = models.BooleanField(_("published"), default=False)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "No longer offered: hidden from new appointments and the public list, "
            "still shown on existing appointments."
        ),
    )

    bleeding_risk = models.CharField(
        _("bleeding-risk category"),
        max_length=8,
        choices=BleedingRisk.choices,
        help_text=_("SIR 2019 tier for the procedure (see CLINICAL.md)."),
    )
    depends_on_spinal_level = models.BooleanField(
        _("depends on spinal level"),
        default=False,
        help_text=_(
            "Facet injections: cervical or unknown level is treated as high bleeding "
            "risk, and cervical keeps the X-ray beam off the trunk."
        ),
    )
    sedation = models.CharField(_("sedation"), max_length=8, choices=Sedation.choices)
    uses_contrast = models.BooleanField(_("iodinated contrast used"), default=False)
    uses_steroid = models.BooleanField(_("corticosteroid injected"), default=False)
    uses_cement = models.BooleanField(_("bone cement injected"), default=False)
    uses_fluoroscopy = models.BooleanField(_("fluoroscopy used"), default=False)
    beam_on_trunk = models.BooleanField(
        _("X-ray beam on trunk or pelvis"),
        default=False,
        help_text=_("Decides how a possible pregnancy is flagged."),
    )

    history = HistoricalRecords()
    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["name"]
        permissions = [
            (
                "change_clinical_attributes",
                _("Can change the clinical attributes screening reads"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("procedures:detail", args=[self.slug])

    @property
    def duration_text(self):
        """Say the duration in words: 'about 1 hour', 'about 30 minutes'."""
        minutes = self.duration_minutes
        if minutes >= 60 and minutes % 60 == 0:
            hours = minutes // 60
            return ngettext("about %(n)d hour", "about %(n)d hours", hours) % {
                "n": hours
            }
        return ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {
            "n": minutes
        }

    def text_version(self):
        """Fingerprint the patient text, to record which version a patient read."""
        parts = [
            self.name,
            self.summary,
            self.what_it_is,
            self.what_to_expect,
            str(self.duration_minutes),
            self.recovery,
            self.expected_results,
            *(b.text for b in self.benefits.all()),
            *(f"{r.text}|{r.frequency}" for r in self.risks.all()),
            *(f"{i.phase}|{i.text}" for i in self.instructions.all()),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def clinical_attributes(self):
        """Return the plain attributes the screening engine reads."""
        return {
            "slug": self.slug,
            **{name: getattr(self, name) for name in CLINICAL_FIELDS},
        }


class Benefit(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="benefits"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    text_es = models.TextField(_("text (Spanish)"), blank=True, db_default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:60]


class Risk(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="risks"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    frequency = models.CharField(
        _("frequency"),
        max_length=80,
        blank=True,
        help_text=_('Where known, e.g. "less than 1 in 1,000".'),
    )
    text_es = models.TextField(_("text (Spanish)"), blank=True, db_default="")
    frequency_es = models.CharField(
        _("frequency (Spanish)"), max_length=80, blank=True, db_default=""
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:60]


class Instruction(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="instructions"
    )
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("text"))
    text_es = models.TextField(_("text (Spanish)"), blank=True, db_default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:60]
