"""The patient's writes: save a step's draft; submit the intake in one transaction."""

import hashlib
import json

from django.db import connections, router, transaction

from clinic.services import record_event
from intake.answers import build_answers
from intake.medication_names import get_knowledge_base
from intake.models import Flag, Intake, Notification, Severity, Status
from intake.screening import (
    RULES_VERSION,
    ProcedureProfile,
    intake_from_dict,
    screen,
)
from intake.services.emails import queue_email
from intake.steps import STEPS, StepForms


class AlreadySubmitted(Exception):
    """The intake is frozen; drafts can no longer change."""


class StaleDraft(Exception):
    """An autosave from a page older than the last save; the newer save stands."""


class AnswersChanged(Exception):
    """The draft changed after the patient's check page was shown."""


def answers_fingerprint(draft):
    """Identify the answers a check page showed, to sign exactly those."""
    steps = (draft or {}).get("steps", {})
    return hashlib.sha256(json.dumps(steps, sort_keys=True).encode()).hexdigest()


class IncompleteIntake(Exception):
    """A step does not validate; `step` is the first one to fix."""

    def __init__(self, step):
        super().__init__(step.slug)
        self.step = step


# A draft can change only while the intake is not frozen.
DRAFTING = (Status.NOT_OPENED, Status.IN_PROGRESS)
SAVE_ATTEMPTS = 5
# What a save reads again when another save overtook it.
DRAFT_FIELDS = ("draft", "draft_revision", "status")


def save_step(intake, step, data, *, valid, text_version=None, expected_rev=None):
    """Store what the patient typed on a step, and whether it validated.

    Every save moves the draft's revision on, in one UPDATE that applies only while
    the draft is still at the revision this save started from: a save made in
    between (another tab) is read again and kept, never overwritten, and a
    submitted intake is never changed. An autosave names the revision its page
    last saw, so one that arrives after a newer save is refused, not applied.
    """
    saving = {
        "valid": valid,
        "text_version": text_version,
        "expected_rev": expected_rev,
    }
    for _attempt in range(SAVE_ATTEMPTS):
        if _save_once(intake, step, data, **saving):
            return
        intake.refresh_from_db(fields=DRAFT_FIELDS)
    if expected_rev is not None:
        raise StaleDraft
    # Saves from other windows keep overtaking this one: wait for them instead.
    with transaction.atomic():
        current = Intake.objects.select_for_update().only(*DRAFT_FIELDS)
        current = current.get(pk=intake.pk)
        for name in DRAFT_FIELDS:
            setattr(intake, name, getattr(current, name))
        if not _save_once(intake, step, data, **saving):
            raise StaleDraft


def _save_once(intake, step, data, *, valid, text_version, expected_rev):
    """Try the conditional UPDATE once; return whether it applied."""
    if intake.is_frozen:
        raise AlreadySubmitted
    revision = intake.draft_revision
    if expected_rev is not None and expected_rev != revision:
        raise StaleDraft
    saved = _with_step(intake.draft or {}, step, data, valid=valid)
    values = {
        "draft": saved,
        "draft_revision": revision + 1,
        "status": Status.IN_PROGRESS,
    }
    if text_version:
        values["procedure_text_version"] = text_version
    if not _update_draft(intake.pk, revision, values):
        return False
    intake.draft, intake.draft_revision, intake.status = (
        saved,
        revision + 1,
        Status.IN_PROGRESS,
    )
    return True


def _update_draft(pk, revision, values):
    """UPDATE the intake's `values` while it drafts at `revision`; True if it did.

    A plain statement rather than QuerySet.update(): this is the app's most
    frequent write (every step saved, every autosave), and building it through the
    ORM took more time than the database took to run it. Each value is prepared
    by its own field, as the ORM would (the draft as JSON for this database).
    """
    meta = Intake._meta
    alias = router.db_for_write(Intake)
    connection = connections[alias]
    quote = connection.ops.quote_name
    columns, params = [], []
    for name, value in values.items():
        field = meta.get_field(name)
        columns.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    drafting = ", ".join(["%s"] * len(DRAFTING))
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(columns)} "
        f"WHERE {quote(meta.pk.column)} = %s "
        f"AND {quote(meta.get_field('draft_revision').column)} = %s "
        f"AND {quote(meta.get_field('status').column)} IN ({drafting})"
    )
    with transaction.mark_for_rollback_on_error(using=alias):
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, pk, revision, *DRAFTING])
            return cursor.rowcount == 1


def _with_step(draft, step, data, *, valid):
    """Return a new draft holding the step's cleaned data.

    Its keys are named, not copied: a key that an older release kept there (the
    revision, before it had its column) goes at the next save.
    """
    done = [slug for slug in draft.get("done", []) if slug != step.slug]
    if valid:
        done.append(step.slug)
    return {
        "steps": {**draft.get("steps", {}), step.slug: step.clean_draft(data)},
        "done": done,
        "current": step.slug,
    }


def validated_steps(intake):
    """Return every step's bound StepForms; raise IncompleteIntake at the first gap."""
    saved = (intake.draft or {}).get("steps", {})
    results = {}
    for step in STEPS:
        if step.slug not in saved:
            raise IncompleteIntake(step)
        forms = StepForms(step, saved[step.slug])
        if not forms.is_valid():
            raise IncompleteIntake(step)
        results[step.slug] = forms
    return results


SCREENED_KEYS = ("procedure", "medications", "supplements", "allergies", "answers")


def run_screening(answers, procedure):
    """Screen the answers with the same engine as `manage.py screen_intake`."""
    contract = {key: answers[key] for key in SCREENED_KEYS}
    contract["spinal_level"] = answers.get("spinal_level") or None
    profile = ProcedureProfile.from_attributes(procedure.clinical_attributes())
    return screen(
        intake_from_dict(contract), profile, knowledge_base=get_knowledge_base()
    )


def flag_rows(intake, findings):
    """Return unsaved Flags for the engine's findings, in the engine's order."""
    return [
        Flag(
            intake=intake,
            position=position,
            code=finding.code,
            severity=finding.severity,
            message=str(finding.message),
            action=str(finding.action),
            source=str(finding.source),
            evidence=finding.evidence or "",
        )
        for position, finding in enumerate(findings)
    ]


@transaction.atomic
def submit_intake(
    intake, *, signature, now, fingerprint=None, request=None, language=""
):
    """Freeze the answers, screen them, store the flags; a repeat returns the first.

    With a fingerprint, refuse answers that changed since the patient checked them.
    """
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    if locked.is_frozen:
        return locked
    if fingerprint is not None and fingerprint != answers_fingerprint(locked.draft):
        raise AnswersChanged
    appointment = intake.appointment
    answers = build_answers(validated_steps(locked), appointment=appointment)
    findings = run_screening(answers, appointment.procedure)
    Flag.objects.bulk_create(flag_rows(locked, findings))
    Intake.objects.filter(pk=locked.pk).refresh_queue_fields()
    answers["unrecognized"] = [
        finding.evidence
        for finding in findings
        if finding.code == "UNRECOGNIZED_MEDICATION"
    ]
    locked.answers = answers
    locked.signature = signature
    locked.language = language
    locked.submitted_at = now
    locked.status = Status.SUBMITTED
    locked.rules_version = RULES_VERSION
    locked.save(
        update_fields=[
            "answers",
            "signature",
            "language",
            "submitted_at",
            "status",
            "rules_version",
        ]
    )
    record_event(
        "intake.submitted",
        request=request,
        target=locked,
        now=now,
        data={"flags": len(findings), "rules_version": RULES_VERSION},
    )
    if any(finding.severity == Severity.CRITICAL for finding in findings):
        critical = Notification.Kind.CRITICAL_ALERT
        queue_email(locked.appointment_id, kind=critical, now=now)
    return locked
