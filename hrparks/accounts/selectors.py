"""Reads of the accounts app: a user's authenticator (TOTP) device and whether their role needs one."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The authenticator app a user has set up and confirmed with a code (at most one), or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_totp_device(user) -> TOTPDevice | None:
    """A device being set up: its QR code was shown, no code has confirmed it yet."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def two_factor_required(user) -> bool:
    """Whether the user's role may use the site only after the second log-in step (HRPARKS_REQUIRE_OTP_FOR).
    Requiring it of the system administrator requires it of every superuser, whatever their role: the
    admin is theirs."""
    required = settings.HRPARKS_REQUIRE_OTP_FOR
    return getattr(user, "role", None) in required or (
        Role.SYSTEM_ADMIN in required and getattr(user, "is_superuser", False)
    )


def active_user(pk: int):
    """The user who passed the password step, if the account is still active."""
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
