from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "text", "created", "read_at", "emailed_at")
    list_filter = ("read_at",)
    list_select_related = ("recipient",)
    search_fields = ("text", "recipient__username")
    readonly_fields = ("recipient", "text", "link", "application", "created", "read_at", "emailed_at")
