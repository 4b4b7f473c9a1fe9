from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from intake.models import LocalMedicationName


@admin.register(LocalMedicationName)
class LocalMedicationNameAdmin(SimpleHistoryAdmin):
    list_display = ("name", "generic", "note", "updated_at")
    search_fields = ("name", "generic")
