"""The system administrator manages accounts and settings, not park data (issue 13): of this app, only
the jurisdictions (the reference list of the province and its cities) are in the admin. Parks, their
enterprises and records are changed by their owners through the services, and a park's status only
through the lifecycle (evaluations.lifecycle.change_park_status) and the designation workflow."""

from django.contrib import admin

from .models import Jurisdiction


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "province", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "name_en"]
