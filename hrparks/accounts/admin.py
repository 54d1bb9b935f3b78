from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
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


# django-otp registers its own admin for authenticator devices; this one replaces it.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(BaseTOTPDeviceAdmin):
    """Superusers see who uses two-factor log-in and reset a lost device (delete it: the owner sets up a new
    one). Nobody adds or edits a device here: whoever knew its key could pass the code step as its owner."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.reset_totp_devices([obj])

    def delete_queryset(self, request, queryset):
        services.reset_totp_devices(queryset.select_related("user"))


def _log_in_through_the_site(request, extra_context=None):
    """The admin has no log-in form of its own: its form would let a password in without the code step."""
    if request.user.is_authenticated:
        raise PermissionDenied  # logged in, but not as staff
    return redirect_to_login(request.GET.get("next", reverse("admin:index")), login_url=reverse("accounts:login"))


admin.site.login = _log_in_through_the_site
