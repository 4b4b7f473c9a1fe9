from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import router
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from procedures.localization import ITEMS, missing_translation
from procedures.models import (
    CLINICAL_FIELDS,
    CLINICAL_PERMISSION,
    PATIENT_TEXT_FIELDS,
    SPANISH_TEXT_FIELDS,
    Benefit,
    Instruction,
    Procedure,
    Risk,
)
from procedures.readability import procedure_grades, too_hard
from procedures.services import save_procedure

CONTENT_FIELDS = ("name", "slug", "published", "retired", "summary")
# Each English field beside its Spanish, so a translator edits them together.
SIDE_BY_SIDE = tuple(
    (name, f"{name}_es") if f"{name}_es" in SPANISH_TEXT_FIELDS else name
    for name in ("name", "summary", *PATIENT_TEXT_FIELDS)
)


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0
    fields = ("order", "text", "text_es")


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0
    fields = ("order", "text", "text_es", "frequency", "frequency_es")


class InstructionInline(admin.TabularInline):
    model = Instruction
    extra = 0
    fields = ("order", "phase", "text", "text_es")


@admin.register(Procedure)
class ProcedureAdmin(SimpleHistoryAdmin):
    """Content admins edit the words; CLINICAL_PERMISSION edits what screening reads."""

    list_display = (
        "name",
        "slug",
        "published",
        "retired",
        "bleeding_risk",
        "sedation",
        "spanish",
    )
    list_filter = ("published", "retired", "bleeding_risk", "sedation")
    search_fields = ("name", "slug")
    inlines = (BenefitInline, RiskInline, InstructionInline)
    fieldsets = (
        (None, {"fields": ("slug", "published", "retired")}),
        (
            _("Patient text: English, and Spanish beside it"),
            {
                "fields": SIDE_BY_SIDE,
                "description": _(
                    "Patients reading in Spanish see the English text, with a note, "
                    "until every Spanish box here and in the lists below is filled."
                ),
            },
        ),
        (_("Spanish translation"), {"fields": ("spanish_missing",)}),
        (
            _("Reading grades (aim: grade 8 or below)"),
            {"fields": ("reading_grades",)},
        ),
        (_("Clinical attributes used by screening"), {"fields": CLINICAL_FIELDS}),
    )

    def has_change_permission(self, request, obj=None):
        # A medical director changes the clinical attributes and nothing else.
        return super().has_change_permission(request, obj) or request.user.has_perm(
            CLINICAL_PERMISSION
        )

    def has_add_permission(self, request):
        # A new procedure is born with clinical attributes, so adding needs both.
        return super().has_add_permission(request) and request.user.has_perm(
            CLINICAL_PERMISSION
        )

    def get_readonly_fields(self, request, obj=None):
        return (*self._locked_fields(request, obj), "spanish_missing", "reading_grades")

    def get_queryset(self, request):
        # The Spanish column reads every benefit, risk and instruction.
        return super().get_queryset(request).prefetch_related(*ITEMS)

    @admin.display(description=_("Spanish"))
    def spanish(self, obj):
        missing = len(missing_translation(obj))
        if not missing:
            return _("complete")
        return ngettext("%(n)d piece missing", "%(n)d pieces missing", missing) % {
            "n": missing
        }

    @admin.display(description=_("Reading grades"))
    def reading_grades(self, obj):
        if not (obj and obj.pk):
            return "-"
        rows = [
            (
                "⚠ " if too_hard(english, spanish) else "",
                capfirst(label),
                english if english is not None else "-",
                _grade_text(spanish),
            )
            for label, english, spanish in procedure_grades(obj)
        ]
        return format_html(
            '<ul class="reading-grades">{}</ul>',
            format_html_join(
                "",
                _("<li>{}{}: English grade {}; Spanish {}</li>"),
                rows,
            ),
        )

    @admin.display(description=_("Spanish still missing"))
    def spanish_missing(self, obj):
        missing = missing_translation(obj) if obj and obj.pk else ()
        if not missing:
            return _("Nothing: patients reading Spanish see the Spanish text.")
        return ", ".join(missing)

    def get_prepopulated_fields(self, request, obj=None):
        locked = "slug" in self._locked_fields(request, obj)
        return {} if locked else {"slug": ("name",)}

    def get_actions(self, request):
        # One at a time, so a procedure in use is refused with its reason (delete_view).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        # A revert rebuilds every field from the old version: keep the ones this user
        # may not change at their current values.
        if change:
            current = Procedure.objects.get(pk=obj.pk)
            for field in self._locked_fields(request, current):
                setattr(obj, field, getattr(current, field))
        save_procedure(obj, request=request)

    def delete_view(self, request, object_id, extra_context=None):
        procedure = self.get_object(request, unquote(object_id))
        in_use = _protected_count(procedure) if procedure is not None else 0
        if in_use and self.has_delete_permission(request, procedure):
            message = ngettext(
                "“%(name)s” is used by %(count)d appointment and cannot be deleted. "
                "Retire it instead: it then disappears from new appointments and the "
                "public list, and stays on the existing appointment.",
                "“%(name)s” is used by %(count)d appointments and cannot be deleted. "
                "Retire it instead: it then disappears from new appointments and the "
                "public list, and stays on the existing appointments.",
                in_use,
            ) % {"name": procedure.name, "count": in_use}
            self.message_user(request, message, messages.ERROR)
            return redirect("admin:procedures_procedure_change", procedure.pk)
        return super().delete_view(request, object_id, extra_context)

    def _locked_fields(self, request, obj):
        user = request.user
        locked = ()
        words = "procedures.change_procedure" if obj else "procedures.add_procedure"
        if not user.has_perm(words):
            locked += (*CONTENT_FIELDS, *PATIENT_TEXT_FIELDS, *SPANISH_TEXT_FIELDS)
        if not user.has_perm(CLINICAL_PERMISSION):
            locked += CLINICAL_FIELDS
        return locked


def _grade_text(spanish):
    if spanish is None:
        return "-"
    ease, grade = spanish
    return _("ease %(ease)s (about grade %(grade)s)") % {"ease": ease, "grade": grade}


def _protected_count(procedure):
    """Count the records (appointments) whose PROTECT reference forbids deleting it."""
    collector = Collector(using=router.db_for_write(Procedure))
    try:
        collector.collect([procedure])
    except ProtectedError as error:
        return len(error.protected_objects)
    return 0


@admin.register(Benefit, Risk, Instruction)
class CatalogItemAdmin(SimpleHistoryAdmin):
    """History and revert for a single benefit, risk or instruction."""

    list_display = ("__str__", "procedure", "order")
    list_filter = ("procedure",)
    list_select_related = ("procedure",)
