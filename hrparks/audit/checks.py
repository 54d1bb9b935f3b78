from django.conf import settings
from django.core import checks

# A key this short could be guessed; the SECRET_KEY is for sessions and would put both in one place.
MIN_KEY_LENGTH = 32


@checks.register(checks.Tags.security, deploy=True)
def audit_key_is_a_real_secret(app_configs, **kwargs):
    """Production must key the audit chain with a secret of its own (HRPARKS_AUDIT_KEY)."""
    key = settings.HRPARKS_AUDIT_KEY
    if len(key) >= MIN_KEY_LENGTH and not key.startswith("dev-only") and key != settings.SECRET_KEY:
        return []
    return [
        checks.Error(
            "HRPARKS_AUDIT_KEY is the development default, shorter than 32 characters, or the SECRET_KEY.",
            hint="Set HRPARKS_AUDIT_KEY to a random secret of its own, kept outside the database.",
            id="audit.E001",
        )
    ]
