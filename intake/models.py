import hashlib
import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.dispositions import Disposition, flag_title

LINK_LIFETIME = timedelta(days=14)
MAX_DOB_ATTEMPTS = 3


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


class SpinalLevel(models.TextChoices):
    CERVICAL = "cervical", _("Cervical (neck)")
    THORACIC = "thoracic", _("Thoracic (mid back)")
    LUMBAR = "lumbar", _("Lumbar (low back)")
    SACRAL = "sacral", _("Sacral")


class Status(models.TextChoices):
    NOT_OPENED = "not_opened", _("Not opened")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")


# Submitted answers are frozen: no draft change, and open to the radiologists.
FROZEN = (Status.SUBMITTED, Status.REVIEWED)


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MODERATE = "moderate", _("Moderate")
    INFO = "info", _("Info")


SEVERITY_RANK = {
    Severity.CRITICAL: 0,
    Severity.HIGH: 1,
    Severity.MODERATE: 2,
    Severity.INFO: 3,
}


class Decision(models.TextChoices):
    CLEARED = "cleared", _("Cleared")
    CLEARED_WITH_INSTRUCTIONS = (
        "cleared_with_instructions",
        _("Cleared with instructions"),
    )
    NEEDS_FOLLOW_UP = "needs_follow_up", _("Needs follow-up")
    POSTPONED = "postponed", _("Postponed")


# The decisions that send the patient to the procedure.
CLEARING = (Decision.CLEARED, Decision.CLEARED_WITH_INSTRUCTIONS)


class AppointmentQuerySet(models.QuerySet):
    def upcoming(self, *, now):
        start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
        return self.filter(scheduled_at__gte=start, cancelled_at__isnull=True)


class Appointment(models.Model):
    """A procedure from the catalog scheduled for a patient; owns one intake."""

    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="appointments"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), db_index=True)
    spinal_level = models.CharField(
        _("spinal level"),
        max_length=10,
        choices=SpinalLevel.choices,
        blank=True,
        help_text=_("For facet joint injections."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["scheduled_at", "id"]

    def __str__(self):
        return f"{self.procedure} {self.scheduled_at:%Y-%m-%d %H:%M}"

    def link_expiry(self, issued_at):
        """The earlier of 14 days after issue and the end of the procedure day."""
        day = timezone.localtime(self.scheduled_at).date()
        end_of_day = timezone.make_aware(datetime.combine(day, time.max))
        return min(issued_at + LINK_LIFETIME, end_of_day)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class IntakeLink(models.Model):
    """One invitation link; only the token's hash is stored."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("intake link")
        verbose_name_plural = _("intake links")

    def __str__(self):
        return f"Link {self.pk}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)  # 256 bits

    def is_usable(self, *, now):
        return (
            self.locked_at is None
            and self.revoked_at is None
            and self.appointment.cancelled_at is None
            and now < self.expires_at
        )


class IntakeQuerySet(models.QuerySet):
    def awaiting_review(self):
        """Submitted and not yet cleared: no decision yet, or one needing follow-up."""
        needs_work = Q(status=Status.SUBMITTED) | Q(
            status=Status.REVIEWED, decision=Decision.NEEDS_FOLLOW_UP
        )
        return self.filter(needs_work, appointment__cancelled_at__isnull=True)


class Intake(models.Model):
    """A patient's answers for one appointment: a draft, then frozen at submission."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="intake"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_OPENED
    )
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    answers = models.JSONField(_("submitted answers"), default=dict, blank=True)
    procedure_text_version = models.CharField(max_length=64, blank=True)
    signature = models.CharField(_("signature"), max_length=160, blank=True)
    language = models.CharField(
        _("language the patient used"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    rules_version = models.CharField(
        _("screening rules version"), max_length=40, blank=True
    )

    decision = models.CharField(
        _("decision"), max_length=32, choices=Decision.choices, blank=True
    )
    instructions = models.TextField(_("instructions for the patient"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every staff write, so a stale form is refused rather than overwriting.
    version = models.PositiveIntegerField(default=0)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        permissions = [("review_intake", _("Can read clinical answers and review"))]

    def __str__(self):
        return f"Intake {self.pk}"

    @property
    def is_frozen(self):
        return self.status in FROZEN


class Flag(models.Model):
    """One screening finding stored at submission, then acted on by a radiologist."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RESOLVED = "resolved", _("Resolved")

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="flags")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("code"), max_length=40)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    message = models.TextField(_("finding"))
    action = models.TextField(_("recommended action"))
    source = models.TextField(_("guideline source"))
    evidence = models.TextField(_("patient's words"), blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.OPEN
    )
    disposition = models.CharField(
        _("disposition"), max_length=40, choices=Disposition.choices, blank=True
    )
    hold_days = models.PositiveSmallIntegerField(
        _("days to hold the drug"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.code} ({self.severity})"

    @property
    def title(self):
        """Return the human title ("Blood thinner: Eliquis (apixaban)")."""
        return flag_title(self)
