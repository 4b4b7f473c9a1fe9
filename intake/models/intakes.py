"""Intakes, their flags, and the reads the patient pages and the review queue make."""

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from intake.dispositions import Disposition, flag_title
from intake.models.appointments import Appointment, on_local_days
from intake.models.link_read import read_link
from intake.models.states import (
    FROZEN,
    IN_QUEUE,
    NO_OPEN_FLAG,
    QUEUE_STATUS_DECISIONS,
    SEVERITY_RANK,
    Decision,
    Severity,
    Status,
    severity_rank,
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
        if link is None:
            try:
                intake = self.select_related("appointment").get(pk=pk)
            except self.model.DoesNotExist:
                return None
            return intake if intake.appointment.cancelled_at is None else None
        # Through the link by its key, with a statement built once (link_read);
        # is_usable() is the one rule for a link that still opens.
        link = read_link(link)
        if link is None or not link.is_usable(now=now):
            return None
        intake = link.appointment.intake
        return intake if intake.pk == pk else None

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
        queryset = on_local_days(queryset, start, end)
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


class Intake(models.Model):
    """A patient's answers for one appointment: a draft, then frozen at submission."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="intake"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_OPENED
    )
    draft = models.JSONField(_("draft"), default=dict, blank=True)
    # Moved on by every save of the draft: a save applies only at the revision it
    # read, so one made in between (another tab) is never overwritten.
    draft_revision = models.PositiveIntegerField(default=0, editable=False)
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
