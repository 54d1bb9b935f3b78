import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from hrparks.audit.services import record_event

from . import selectors
from .forms import PreferencesForm

WRONG_CODE = _("This code is wrong or has expired. Enter the 6-digit code your authenticator app shows now.")
TOO_MANY_CODES = _("Too many wrong codes in a row. Wait %(seconds)s seconds, then enter the current code.")


@transaction.atomic
def save_preferences(form: PreferencesForm):
    """Save a user's own notification preferences (audited like every user change)."""
    return form.save()


def verify_totp_code(device: TOTPDevice, token: str) -> TOTPDevice:
    """Check a code from the authenticator app; raise ValidationError when it is wrong or tried too fast.

    A wrong code is remembered even though the caller then fails: the device's own throttle (django-otp)
    makes each further try wait twice as long as the last, and a code can be used only once."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, throttle = locked.verify_is_allowed()
        accepted = allowed and locked.verify_token(token)
    if not allowed:
        until = (throttle or {}).get("locked_until") or timezone.now()
        wait = max(1, math.ceil((until - timezone.now()).total_seconds()))
        raise ValidationError(TOO_MANY_CODES, code="throttled", params={"seconds": wait})
    if not accepted:
        raise ValidationError(WRONG_CODE, code="wrong")
    return locked


@transaction.atomic
def start_totp_setup(user) -> TOTPDevice:
    """The device whose QR code the set-up page shows: the one already being set up, else a new secret."""
    return selectors.unconfirmed_totp_device(user) or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False
    )


def confirm_totp_device(device: TOTPDevice, token: str) -> TOTPDevice:
    """Switch two-factor log-in on once the user proves, with a current code, that their app holds the secret."""
    device = verify_totp_code(device, token)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event("two_factor.enabled", device.user)
    return device


def disable_totp(device: TOTPDevice, token: str) -> None:
    """Switch two-factor log-in off; the user proves with a current code that it is them, not a borrowed session."""
    verify_totp_code(device, token)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).delete()
        record_event("two_factor.disabled", device.user)


@transaction.atomic
def reset_totp_devices(devices) -> None:
    """The administrator removes lost devices; their owners set up a new one at their next log-in."""
    for device in devices:
        device.delete()
        record_event("two_factor.reset", device.user, data={"device": device.name})
