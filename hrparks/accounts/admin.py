from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "jurisdiction", "is_active")
    list_filter = ("role", "jurisdiction", "is_active")
    list_select_related = ("jurisdiction",)
    filter_horizontal = ("parks", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ("role", "jurisdiction", "parks", "organization", "phone")}),
        (_("Notifications"), {"fields": ("email_notifications",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "jurisdiction")}),
    )
