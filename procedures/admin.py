from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procedures.models import (
    CLINICAL_FIELDS,
    PATIENT_TEXT_FIELDS,
    Benefit,
    Instruction,
    Procedure,
    Risk,
)


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0
    fields = ("order", "text")


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0
    fields = ("order", "text", "frequency")


class InstructionInline(admin.TabularInline):
    model = Instruction
    extra = 0
    fields = ("order", "phase", "text")


@admin.register(Procedure)
class ProcedureAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "published", "bleeding_risk", "sedation")
    list_filter = ("published", "bleeding_risk", "sedation")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (BenefitInline, RiskInline, InstructionInline)
    fieldsets = (
        (None, {"fields": ("name", "slug", "published", "summary")}),
        ("Patient text", {"fields": PATIENT_TEXT_FIELDS}),
        ("Clinical attributes used by screening", {"fields": CLINICAL_FIELDS}),
    )


@admin.register(Benefit, Risk, Instruction)
class CatalogItemAdmin(SimpleHistoryAdmin):
    """History and revert for a single benefit, risk or instruction."""

    list_display = ("__str__", "procedure", "order")
    list_filter = ("procedure",)
    list_select_related = ("procedure",)
