"""What the audit log records automatically: every model of these apps (a new domain app is added here,
or to NOT_AUDITED with the reason; a test holds every hrparks app to one of the two)."""

AUDITED_APPS = (
    "parks",
    "accounts",
    "workdays",
    "policy",
    "applications",
    "notifications",
    "evaluations",
    "portal",
)

NOT_AUDITED = {
    "audit": "the log itself",
    "workbench": "no models: it only reads through the other apps' selectors",
    "core": "no data of its own",
    "dashboard": "no data of its own: reads the other apps",
    "documents": "generated files are a cache of audited data; the roster import writes parks' rows, audited there",
    "api": "no data of its own: writes go through the domain apps' services",
    "scenarios": "the last result of rolled-back test runs, made again at every run; the provincial bureau's "
    "request to play them is recorded as an event",
    # Not an hrparks app: django-otp's authenticator devices.
    "otp_totp": "device rows change at every log-in (throttle, last code used); switching two-factor log-in on "
    "or off and administrators' resets are recorded as events by accounts.services",
}

# Recorded as changed, never with their value.
SECRET_FIELDS = {
    "accounts.user": {"password"},
    # The objector's check code is a secret like a password. Who objected and what they wrote are recorded
    # in full; audit.visibility shows them to the province alone (the hash chain keeps the full record).
    "applications.objection": {"check_code_hash"},
}

# Bookkeeping that changes on its own: never a reason for an entry, never shown. Fields with
# auto_now/auto_now_add are left out as well (the entry carries its own time).
IGNORED_FIELDS = {
    "accounts.user": {"last_login"},
}

MASK = "******"
