from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the platform alone and never changed."""

    list_display = ("seq", "timestamp", "actor_username", "actor_role", "action", "content_type", "object_repr")
    list_filter = ("action",)
    list_select_related = ("content_type",)
    # The actor is shown by its snapshot: the user may have been deleted since.
    fields = (
        "seq",
        "timestamp",
        "actor_username",
        "actor_role",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "park_id",
        "province_id",
        "changes",
        "data",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields
    # Counting a log of millions on every page would be the slowest part of it.
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
