"""The main menu: which entries each role sees. Views still check access themselves; this only
keeps people from being shown links that would refuse them."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role

ALL_STAFF = frozenset(Role) - {Role.SYSTEM_ADMIN}
OFFICIALS = frozenset({Role.CITY_BUREAU, Role.CITY_GOVERNMENT, Role.PROVINCIAL_BUREAU})
BUREAUS = frozenset({Role.CITY_BUREAU, Role.PROVINCIAL_BUREAU})


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    roles: frozenset


MENU = [
    MenuEntry(_("Work queue"), "applications:queue", ALL_STAFF),
    MenuEntry(_("Dashboard"), "dashboard:index", BUREAUS),
    MenuEntry(_("Applications"), "applications:list", ALL_STAFF),
    MenuEntry(_("Parks"), "parks:list", ALL_STAFF),
    MenuEntry(_("Evaluations"), "evaluations:index", BUREAUS),
    MenuEntry(_("My evaluation assignments"), "evaluations:my_assignments", frozenset({Role.EXPERT})),
    MenuEntry(_("Policy and rules"), "policy:overview", OFFICIALS | {Role.EXPERT}),
    MenuEntry(_("Working-day calendar"), "workdays:calendar", OFFICIALS),
    MenuEntry(_("Audit log"), "audit:log", frozenset({Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU, Role.PARK_OPERATOR})),
    MenuEntry(_("Notifications"), "notifications:inbox", ALL_STAFF),
]


def menu_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"label": entry.label, "url": reverse(entry.url_name), "url_name": entry.url_name}
        for entry in MENU
        if user.role in entry.roles
    ]
