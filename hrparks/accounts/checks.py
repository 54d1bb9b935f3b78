from django.conf import settings
from django.core import checks

from .models import Role


@checks.register(checks.Tags.security)
def require_otp_names_real_roles(app_configs, **kwargs):
    """A misspelt role in HRPARKS_REQUIRE_OTP_FOR would silently leave that role without two-factor log-in."""
    unknown = sorted(set(settings.HRPARKS_REQUIRE_OTP_FOR) - set(Role.values))
    if not unknown:
        return []
    return [
        checks.Error(
            f"HRPARKS_REQUIRE_OTP_FOR names unknown roles: {', '.join(unknown)}",
            hint=f"Use role values: {', '.join(Role.values)}",
            id="accounts.E001",
        )
    ]
