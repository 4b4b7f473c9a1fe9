import base64
import hashlib
import secrets
import statistics
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac
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
# Intakes a radiologist may open and act on: submitted, with or without a decision.
REVIEWABLE = FROZEN


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
# The rank of an intake with no unresolved flag (and of an unknown severity).
NO_OPEN_FLAG = 9


def severity_rank(field="severity"):
    """Return a SQL expression ranking a flag's severity, 0 critical .. 3 info."""
    return Case(
        *(
            When(**{field: severity}, then=Value(rank))
            for severity, rank in SEVERITY_RANK.items()
        ),
        default=Value(NO_OPEN_FLAG),
        output_field=IntegerField(),
    )


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
# Submitted and not yet cleared: no decision yet, or one needing follow-up.
WAITING = Q(status=Status.SUBMITTED) | Q(
    status=Status.REVIEWED, decision=Decision.NEEDS_FOLLOW_UP
)
# What the review queue lists by default: waiting, for an appointment still on.
IN_QUEUE = WAITING & Q(cancelled=False)
# The queue's status filter: "" is the default queue, the others decided intakes.
QUEUE_STATUS_DECISIONS = {
    Decision.NEEDS_FOLLOW_UP.value: (Decision.NEEDS_FOLLOW_UP,),
    Decision.POSTPONED.value: (Decision.POSTPONED,),
    "cleared": CLEARING,
}


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
        return _on_local_days(self, start, end)

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


class IntakeQuerySet(models.QuerySet):
    def awaiting_review(self):
        """Submitted and not yet cleared, for an appointment that is not cancelled."""
        return self.filter(IN_QUEUE)

    def open_to_patient(self, pk, *, link, now):
        """Return the intake a patient session holds, or None (one query).

        The appointment must not be cancelled, and the link the patient proved
        who they are on must still work (`link` None: a clinic tablet, no link).
        """
        try:
            if link is None:
                intake = self.select_related("appointment").get(pk=pk)
                return intake if intake.appointment.cancelled_at is None else None
            # Through the link by its key: the cheapest query to build, and
            # is_usable() is the one rule for a link that still opens.
            link = IntakeLink.objects.select_related("appointment__intake").get(pk=link)
            intake = link.appointment.intake
        except (self.model.DoesNotExist, IntakeLink.DoesNotExist):
            return None
        return intake if link.is_usable(now=now) and intake.pk == pk else None

    def in_queue(self, *, status="", start=None, end=None, procedure=""):
        """The intakes the review queue lists under its filters (severity aside).

        `status` is "" for the waiting ones, else a key of QUEUE_STATUS_DECISIONS;
        `start` and `end` are local days of the procedure, `procedure` a slug.
        Every filter reads the intake's own columns but the procedure's slug.
        """
        if status in QUEUE_STATUS_DECISIONS:
            queryset = self.filter(
                status=Status.REVIEWED,
                decision__in=QUEUE_STATUS_DECISIONS[status],
                cancelled=False,
            )
        else:
            queryset = self.awaiting_review()
        queryset = _on_local_days(queryset, start, end)
        if procedure:
            queryset = queryset.filter(appointment__procedure__slug=procedure)
        return queryset

    def queue_order(self):
        """Earliest procedure first, then the worst unresolved flag."""
        return self.order_by("scheduled_at", "worst_rank", "pk")

    def queue_rows(self):
        """What a row of the review queue shows (no answers), in queue order."""
        return (
            self.select_related("appointment__patient", "appointment__procedure")
            .only(*QUEUE_ROW_FIELDS)
            .queue_order()
        )

    def with_unresolved_flags(self):
        """Prefetch each intake's unresolved flags, worst first, as `unresolved`."""
        flags = (
            Flag.objects.unresolved()
            .only("intake_id", "code", "severity", "status", "message", "evidence")
            .worst_first()
        )
        return self.prefetch_related(
            models.Prefetch("flags", queryset=flags, to_attr="unresolved")
        )

    def rank_counts(self):
        """Return ({worst_rank: intakes with flags}, intakes with no flags at all).

        One GROUP BY over the stored ranks: no join to the flags, so its cost
        follows the intakes counted, not their flags or the cleared history.
        """
        by_rank = dict.fromkeys([*SEVERITY_RANK.values(), NO_OPEN_FLAG], 0)
        no_findings = 0
        rows = self.order_by().values_list("has_flags", "worst_rank")
        for has_flags, rank, count in rows.annotate(count=Count("pk")):
            if has_flags:
                by_rank[rank] = by_rank.get(rank, 0) + count
            else:
                no_findings += count
        return by_rank, no_findings

    def refresh_queue_fields(self):
        """Store on each intake what the queue sorts, filters and counts by.

        From the flags: the worst unresolved rank (an acknowledged flag still
        ranks: it has been seen, not dealt with) and whether there are any. From
        the appointment: the procedure time and whether it is cancelled. A
        service that changes flags calls this in its transaction once it holds
        the intake's row: a refresh that has to wait for that lock computes from
        what was there before the lock holder's work (PostgreSQL re-reads only
        the row it waited for). Rescheduling and cancelling write their own
        column.
        """
        worst = (
            Flag.objects.filter(intake=OuterRef("pk"))
            .unresolved()
            .order_by()
            .values("intake")
            .annotate(rank=Min(severity_rank()))
            .values("rank")
        )
        appointment = Appointment.objects.filter(pk=OuterRef("appointment_id"))
        return self.update(
            worst_rank=Coalesce(Subquery(worst), Value(NO_OPEN_FLAG)),
            has_flags=Exists(Flag.objects.filter(intake=OuterRef("pk"))),
            scheduled_at=Subquery(appointment.values("scheduled_at")[:1]),
            cancelled=Exists(appointment.filter(cancelled_at__isnull=False)),
        )


QUEUE_ROW_FIELDS = (
    "status",
    "submitted_at",
    "decision",
    "worst_rank",
    "has_flags",
    "scheduled_at",
    "appointment__spinal_level",
    "appointment__patient__first_name",
    "appointment__patient__last_name",
    "appointment__procedure__name",
)


def _on_local_days(queryset, start, end):
    """Keep rows whose scheduled_at falls on local days from start to end."""
    if start:
        queryset = queryset.filter(scheduled_at__gte=_local_midnight(start))
    if end:
        end = _local_midnight(end + timedelta(days=1))
        queryset = queryset.filter(scheduled_at__lt=end)
    return queryset


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


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
    # Copied from the flags and the appointment by
    # IntakeQuerySet.refresh_queue_fields() whenever the services change them, so
    # the queue orders, filters and counts from this table alone, through the
    # partial indexes below.
    worst_rank = models.PositiveSmallIntegerField(default=NO_OPEN_FLAG, editable=False)
    has_flags = models.BooleanField(default=False, editable=False)
    scheduled_at = models.DateTimeField(_("procedure time"), editable=False)
    cancelled = models.BooleanField(
        _("appointment cancelled"), default=False, editable=False
    )

    objects = IntakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        permissions = [("review_intake", _("Can read clinical answers and review"))]
        # Only the intakes in the queue: its counts and pages never walk the
        # cleared history, and a page reads its 50 rows in order, without a sort.
        indexes = [
            models.Index(
                fields=["has_flags", "scheduled_at", "worst_rank", "id"],
                condition=IN_QUEUE,
                name="intake_queue_by_date",
            ),
            # The severity filter and the counts, by rank first.
            models.Index(
                fields=["has_flags", "worst_rank", "scheduled_at", "id"],
                condition=IN_QUEUE,
                name="intake_queue_by_rank",
            ),
        ]

    def __str__(self):
        return f"Intake {self.pk}"

    @property
    def is_frozen(self):
        return self.status in FROZEN


class FlagQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status=Flag.State.RESOLVED)

    def worst_first(self):
        """Order by severity (critical first), then as the engine listed them."""
        return self.annotate(rank=severity_rank()).order_by("rank", "position", "pk")


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

    objects = FlagQuerySet.as_manager()

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
