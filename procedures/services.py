"""Writes to the catalog that must leave an audit trail."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from clinic.services import record_event
from procedures.models import CLINICAL_FIELDS, CLINICAL_PERMISSION, Procedure


def clinical_changes(before, after):
    """Return {field: {"old": x, "new": y}} for each clinical attribute that moved."""
    return {
        field: {"old": before.get(field), "new": after[field]}
        for field in CLINICAL_FIELDS
        if before.get(field) != after[field]
    }


@transaction.atomic
def save_procedure(procedure, *, actor=None, request=None, reason=""):
    """Save a procedure; audit each clinical change (old -> new) and each retiring.

    `actor` (or the request's user) must hold CLINICAL_PERMISSION to change a clinical
    attribute; with neither, the caller is the command line (load_catalog).
    """
    user = actor or (request.user if request is not None else None)
    before = (
        Procedure.objects.select_for_update()
        .filter(pk=procedure.pk)
        .values(*CLINICAL_FIELDS, "retired")
        .first()
        if procedure.pk
        else None
    ) or {}
    after = {field: getattr(procedure, field) for field in CLINICAL_FIELDS}
    changes = clinical_changes(before, after)
    if changes and user is not None and not user.has_perm(CLINICAL_PERMISSION):
        raise PermissionDenied("Changing clinical attributes needs the permission.")
    procedure._history_user = user
    procedure._change_reason = reason or None
    procedure.save()
    if changes:
        record_event(
            "procedure.clinical_changed",
            actor=user,
            request=request,
            target=procedure,
            data={"slug": procedure.slug, "changes": changes},
        )
    if before.get("retired", False) != procedure.retired:
        code = "procedure.retired" if procedure.retired else "procedure.unretired"
        record_event(code, actor=user, request=request, target=procedure)
    return changes
