"""The states an intake moves through and the decisions that end them."""

from django.db import models
from django.db.models import (
    Case,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _


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
