"""The main menu: which entries each role sees. Views still check access themselves; this only
keeps people from being shown links that would refuse them."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role

ALL_STAFF = frozenset(Role) - {Role.SYSTEM_ADMIN}
OFFICIALS = frozenset({Role.CITY_BUREAU, Role.CITY_GOVERNMENT, Role.PROVINCIAL_BUREAU})


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    roles: frozenset


MENU = [
    MenuEntry(_("Work queue"), "applications:queue", ALL_STAFF),
    MenuEntry(_("Applications"), "applications:list", ALL_STAFF),
    MenuEntry(_("Parks"), "parks:list", ALL_STAFF),
    MenuEntry(_("Policy and rules"), "policy:overview", OFFICIALS | {Role.EXPERT}),
    MenuEntry(_("Working-day calendar"), "workdays:calendar", OFFICIALS),
    MenuEntry(_("Audit log"), "audit:log", frozenset({Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU, Role.PARK_OPERATOR})),
]


def menu_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    entries = []
    for entry in MENU:
        if user.role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # the capability is not installed in this build
            continue
        entries.append({"label": entry.label, "url": url, "url_name": entry.url_name})
    return entries
