"""The intake app's models, one module per part of the record; import them from here."""

from intake.models.appointments import (
    LINK_LIFETIME,
    MAX_DOB_ATTEMPTS,
    NEEDS_ATTENTION_WITHIN,
    Appointment,
    IntakeLink,
    Notification,
    SpinalLevel,
    hash_token,
    working_link,
)
from intake.models.intakes import QUEUE_ROW_FIELDS, Flag, Intake
from intake.models.patients import LocalMedicationName, Patient
from intake.models.states import (
    CLEARING,
    FROZEN,
    IN_QUEUE,
    NO_OPEN_FLAG,
    QUEUE_STATUS_DECISIONS,
    REVIEWABLE,
    SEVERITY_RANK,
    WAITING,
    Decision,
    Severity,
    Status,
    severity_rank,
)

__all__ = [
    "CLEARING",
    "FROZEN",
    "IN_QUEUE",
    "LINK_LIFETIME",
    "MAX_DOB_ATTEMPTS",
    "NEEDS_ATTENTION_WITHIN",
    "NO_OPEN_FLAG",
    "QUEUE_ROW_FIELDS",
    "QUEUE_STATUS_DECISIONS",
    "REVIEWABLE",
    "SEVERITY_RANK",
    "WAITING",
    "Appointment",
    "Decision",
    "Flag",
    "Intake",
    "IntakeLink",
    "LocalMedicationName",
    "Notification",
    "Patient",
    "Severity",
    "SpinalLevel",
    "Status",
    "hash_token",
    "severity_rank",
    "working_link",
]
