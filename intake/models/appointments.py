"""Appointments, the links that open their intake, and the messages sent about them."""

import base64
import hashlib
import secrets
import statistics
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from intake.models.patients import Patient
from intake.models.states import Status

LINK_LIFETIME = timedelta(days=14)
MAX_DOB_ATTEMPTS = 3


class SpinalLevel(models.TextChoices):
    CERVICAL = "cervical", _("Cervical (neck)")
    THORACIC = "thoracic", _("Thoracic (mid back)")
    LUMBAR = "lumbar", _("Lumbar (low back)")
    SACRAL = "sacral", _("Sacral")


class AppointmentQuerySet(models.QuerySet):
    def upcoming(self, *, now):
        start = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
        return self.filter(scheduled_at__gte=start, cancelled_at__isnull=True)

    def search(self, text):
        """Match a last or first name, a record number, or a date of birth typed."""
        text = (text or "").strip()
        if not text:
            return self
        born = _parse_date(text)
        if born is not None:
            return self.filter(patient__date_of_birth=born)
        match = Q(patient__medical_record_number__iexact=text)
        for word in text.replace(",", " ").split():
            match |= Q(patient__last_name__istartswith=word) | Q(
                patient__first_name__istartswith=word
            )
        return self.filter(match)

    def scheduled_between(self, start=None, end=None):
        """Keep appointments on local days from start to end (either may be None)."""
        return on_local_days(self, start, end)

    def with_status(self, status):
        """Keep one intake status, or cancelled appointments for "cancelled"."""
        if status == "cancelled":
            return self.filter(cancelled_at__isnull=False)
        if status:
            return self.filter(intake__status=status, cancelled_at__isnull=True)
        return self

    def with_signals(self, *, now):
        """Annotate what the desk must notice: a locked or dead link, failing mail."""
        current = IntakeLink.objects.filter(
            appointment=models.OuterRef("pk"), revoked_at__isnull=True
        )
        failing = Notification.objects.filter(
            appointment=models.OuterRef("pk"), state=Notification.State.FAILED
        )
        return self.annotate(
            link_locked=models.Exists(current.filter(locked_at__isnull=False)),
            link_working=models.Exists(current.filter(working_link(now=now))),
            mail_failing=models.Exists(failing),
        )

    def needs_attention(self, *, now):
        """Upcoming and not cancelled, where the desk should act now.

        The procedure is within 3 days and the intake is not submitted, or the link
        is locked or no longer works before submission, or an email failed.
        """
        soon = now + NEEDS_ATTENTION_WITHIN
        unsent = Q(intake__status__in=[Status.NOT_OPENED, Status.IN_PROGRESS])
        return (
            self.upcoming(now=now)
            .with_signals(now=now)
            .filter(
                (unsent & Q(scheduled_at__lte=soon))
                | Q(link_locked=True)
                | (unsent & Q(link_working=False))
                | Q(mail_failing=True)
            )
        )

    def worklist(
        self,
        *,
        now,
        q="",
        start=None,
        end=None,
        procedure=None,
        status="",
        attention=False,
    ):
        """The desk's list: upcoming by default, narrowed by the filters given."""
        if attention:
            queryset = self.needs_attention(now=now)
        elif start or end or status == "cancelled":
            queryset = self.with_signals(now=now)
        else:
            queryset = self.upcoming(now=now).with_signals(now=now)
        queryset = queryset.search(q).scheduled_between(start, end).with_status(status)
        return queryset.filter(procedure=procedure) if procedure else queryset

    def completion_figures(self):
        """Count invited, opened, submitted (and early) and reminders sent; median.

        The median is hours from the first link to submission, None when nobody
        submitted. Three queries whatever the number of appointments.
        """
        live = self.filter(cancelled_at__isnull=True)
        submitted = Q(intake__submitted_at__isnull=False)
        early = submitted & Q(
            intake__submitted_at__lte=models.F("scheduled_at") - timedelta(days=1)
        )
        figures = live.aggregate(
            invited=models.Count("pk"),
            opened=models.Count("pk", filter=~Q(intake__status=Status.NOT_OPENED)),
            submitted=models.Count("pk", filter=submitted),
            submitted_early=models.Count("pk", filter=early),
        )
        figures["reminders"] = Notification.objects.filter(
            appointment__in=live,
            kind__startswith="reminder_",
            state=Notification.State.SENT,
        ).count()
        figures["median_hours"] = _median_hours(live.filter(submitted))
        return figures

    def reminder_candidates(self, *, now):
        """Upcoming, unsubmitted, not opted out, with a link that still works."""
        working = IntakeLink.objects.filter(
            working_link(now=now), appointment=models.OuterRef("pk")
        )
        return self.filter(
            models.Exists(working),
            scheduled_at__gt=now,
            cancelled_at__isnull=True,
            reminders_stopped_at__isnull=True,
            intake__status__in=[Status.NOT_OPENED, Status.IN_PROGRESS],
        )


def _median_hours(appointments):
    first_link = IntakeLink.objects.filter(appointment=models.OuterRef("pk")).order_by(
        "issued_at"
    )
    pairs = appointments.annotate(
        invited_at=models.Subquery(first_link.values("issued_at")[:1])
    ).values_list("invited_at", "intake__submitted_at")
    hours = [
        (submitted - invited).total_seconds() / 3600
        for invited, submitted in pairs
        if invited is not None
    ]
    return statistics.median(hours) if hours else None


def _parse_date(text):
    """Return the date typed as YYYY-MM-DD or MM/DD/YYYY, or None."""
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def on_local_days(queryset, start, end):
    """Keep rows whose scheduled_at falls on local days from start to end."""
    if start:
        queryset = queryset.filter(scheduled_at__gte=local_midnight(start))
    if end:
        end = local_midnight(end + timedelta(days=1))
        queryset = queryset.filter(scheduled_at__lt=end)
    return queryset


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


NEEDS_ATTENTION_WITHIN = timedelta(days=3)


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
    # The date before the desk last moved it, shown to the radiologist.
    rescheduled_from = models.DateTimeField(
        _("previously scheduled for"), null=True, blank=True
    )
    reminders_stopped_at = models.DateTimeField(
        _("patient asked for no reminders"), null=True, blank=True
    )

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["scheduled_at", "id"]
        # The worklist pages through appointments in this order without a sort.
        indexes = [models.Index(fields=["scheduled_at", "id"], name="appt_schedule")]

    def __str__(self):
        return f"{self.procedure} {self.scheduled_at:%Y-%m-%d %H:%M}"

    def link_expiry(self, issued_at):
        """The earlier of 14 days after issue and the end of the procedure day."""
        day = timezone.localtime(self.scheduled_at).date()
        end_of_day = timezone.make_aware(datetime.combine(day, time.max))
        return min(issued_at + LINK_LIFETIME, end_of_day)


def working_link(*, now, prefix=""):
    """Return the condition for a link that still opens: not locked, revoked, expired.

    `prefix` reaches the link through a relation ("appointment__links__").
    """
    return Q(
        **{
            f"{prefix}revoked_at__isnull": True,
            f"{prefix}locked_at__isnull": True,
            f"{prefix}expires_at__gt": now,
        }
    )


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class IntakeLink(models.Model):
    """One invitation link; only the token's hash is stored."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The token is an HMAC of this nonce under SECRET_KEY: a reminder can carry the
    # same link again, and the database alone never yields a working token.
    nonce = models.CharField(max_length=64, blank=True)
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
    def new_nonce():
        return secrets.token_urlsafe(32)  # 256 bits

    @staticmethod
    def token_for(nonce):
        """Return the link's token, derived from its nonce and the secret key."""
        digest = salted_hmac("intake.link", nonce, algorithm="sha256").digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @property
    def token(self):
        """The token, for resending; None for a link issued before nonces."""
        return self.token_for(self.nonce) if self.nonce else None

    def is_usable(self, *, now):
        return (
            self.locked_at is None
            and self.revoked_at is None
            and self.appointment.cancelled_at is None
            and now < self.expires_at
        )


class Notification(models.Model):
    """One email about an appointment: what, to whom, sent or failed; never the body."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER_UNOPENED = "reminder_unopened", _("Reminder: link not opened")
        REMINDER_FIRST = "reminder_first", _("Reminder: first before the procedure")
        REMINDER_LAST = "reminder_last", _("Reminder: last before the procedure")
        CRITICAL_ALERT = "critical_alert", _("Critical-flag alert to radiologists")
        OUTCOME = "outcome", _("Decision notice")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("email"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.QUEUED
    )
    # The link an invitation or reminder carries; the token is derived, not stored.
    link = models.ForeignKey(
        IntakeLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("queued"))
    finished_at = models.DateTimeField(_("sent or given up"), null=True, blank=True)

    class Meta:
        verbose_name = _("email sent")
        verbose_name_plural = _("emails sent")
        ordering = ["created_at", "id"]
        constraints = [
            # Two schedulers running at once still send each reminder once.
            models.UniqueConstraint(
                fields=["appointment", "kind"],
                condition=Q(kind__startswith="reminder_"),
                name="one_reminder_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.state}"
