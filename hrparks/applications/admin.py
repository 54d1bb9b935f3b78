from django.contrib import admin

from .models import (
    Application,
    ApplicationEvent,
    ConflictDeclaration,
    Disbursement,
    Material,
    Objection,
    PanelDraw,
    PanelMember,
    PublicNotice,
    SiteVisit,
    Spending,
    Subsidy,
)


class ReadOnly:
    """Workflow records change only through the services (transitions, limits, audit): the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnly, admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ("created_at", "action", "from_state", "to_state", "actor", "comment")


@admin.register(Application)
class ApplicationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("id", "park", "kind", "park_type", "state", "state_entered_at", "submitted_at")
    list_filter = ("kind", "state", "park_type")
    search_fields = ("park__name", "designated_name")
    list_select_related = ("park",)
    inlines = [EventInline]


@admin.register(Material)
class MaterialAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("application", "code", "version", "original_name", "file_format", "size", "uploaded_at")
    list_filter = ("code", "file_format")
    list_select_related = ("application__park",)


@admin.register(PanelDraw)
class PanelDrawAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("application", "size", "seed", "drawn_at", "drawn_by")


@admin.register(PanelMember)
class PanelMemberAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("application", "expert", "reviewed_at")
    list_select_related = ("application__park", "expert")


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("expert", "park", "declared_at")
    list_select_related = ("expert", "park")


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "published_on", "start_date", "end_date")


@admin.register(Objection)
class ObjectionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("receipt_number", "notice", "application", "filed_at", "upheld", "resolved_at")
    list_filter = ("upheld",)
    # The objector's data stay with the provincial bureau's pages; the administrator manages accounts.
    exclude = ("name", "contact", "content", "check_code_hash")


@admin.register(SiteVisit)
class SiteVisitAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("application", "visited_on", "recorded_by")


class DisbursementInline(ReadOnly, admin.TabularInline):
    model = Disbursement
    extra = 0


class SpendingInline(ReadOnly, admin.TabularInline):
    model = Spending
    extra = 0


@admin.register(Subsidy)
class SubsidyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("park", "amount", "created_at")
    inlines = [DisbursementInline, SpendingInline]
