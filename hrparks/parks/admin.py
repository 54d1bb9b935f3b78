from django.contrib import admin
from django.db import models

from .models import (
    CooperationPlatform,
    Enterprise,
    ExchangeEvent,
    Jurisdiction,
    Park,
    PublicityItem,
    Site,
    SupportPolicy,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "province", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "name_en"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "park_type", "status", "updated_at"]
    list_filter = ["jurisdiction", "park_type", "status"]
    search_fields = ["name", "management_body_name"]
    list_select_related = ["jurisdiction"]
    inlines = [SiteInline]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "park", "status", "hr_service_agency", "operating", "headquartered_locally"]
    list_filter = ["status", "hr_service_agency", "operating", "park__jurisdiction"]
    search_fields = ["name", "uscc", "park__name"]
    list_select_related = ["park"]
    raw_id_fields = ["park"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "park", "is_main", "floor_area_m2", "usable_area_m2"]
    search_fields = ["name", "park__name"]
    list_select_related = ["park"]
    raw_id_fields = ["park"]


@admin.register(SupportPolicy, CooperationPlatform, ExchangeEvent, PublicityItem)
class ParkRecordAdmin(admin.ModelAdmin):
    list_display = ["__str__", "park"]
    search_fields = ["park__name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # the scheme of Django 6
    list_select_related = ["park"]
    raw_id_fields = ["park"]
