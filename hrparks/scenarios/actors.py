"""The people of a scenario: one user per role and place, made when first needed (inside the
scenario's transaction, so they vanish with it)."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from hrparks.accounts.models import Role, User
from hrparks.parks.models import Jurisdiction, Park

ROLE_OF_ACTOR = {
    "operator": Role.PARK_OPERATOR,
    "city_bureau": Role.CITY_BUREAU,
    "city_government": Role.CITY_GOVERNMENT,
    "province": Role.PROVINCIAL_BUREAU,
    "admin": Role.SYSTEM_ADMIN,
}
ACTOR_OF_ROLE = {role: actor for actor, role in ROLE_OF_ACTOR.items()}
# Experts the runner adds to the province so that a panel can always be drawn; real experts of the
# database may be drawn beside them.
SCENARIO_EXPERTS = 7


class Cast:
    """Finds or makes the user behind an actor name of a scenario."""

    def __init__(self, province: Jurisdiction):
        self.province = province
        self._users: dict[tuple, User] = {}

    def _user(self, key: tuple, **fields) -> User:
        if key not in self._users:
            username = "scenario-" + "-".join(str(part) for part in key)
            user, created = User.objects.get_or_create(username=username[:150], defaults=fields)
            if created:
                user.set_unusable_password()
                user.save()
            self._users[key] = user
        return self._users[key]

    def jurisdiction(self, name: str) -> Jurisdiction:
        found = Jurisdiction.objects.filter(name=name).first()
        if found is None:
            raise ValidationError(f"unknown jurisdiction {name!r}", code="invalid")
        return found

    def operator(self, park: Park) -> User:
        user = self._user(
            ("operator", park.pk),
            role=Role.PARK_OPERATOR,
            jurisdiction=park.jurisdiction,
            first_name=f"{park.name}运营机构",
        )
        user.parks.add(park)
        return user

    def official(self, actor: str, jurisdiction: Jurisdiction) -> User:
        role = ROLE_OF_ACTOR[actor]
        return self._user(
            (actor, jurisdiction.code), role=role, jurisdiction=jurisdiction, first_name=f"{jurisdiction.name}经办人"
        )

    def province_staff(self) -> User:
        return self.official("province", self.province)

    def admin(self) -> User:
        return self._user(("admin",), role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)

    def ensure_experts(self) -> None:
        """Enough experts of the province for any panel a scenario draws."""
        for number in range(1, SCENARIO_EXPERTS + 1):
            self._user(
                ("expert", self.province.code, number),
                role=Role.EXPERT,
                jurisdiction=self.province,
                first_name=f"场景专家{number}",
            )

    def resolve(self, actor: str, place: str | None, park: Park | None):
        """The user of `actor` (`experts` is resolved by the action: it is a panel, not one user)."""
        if actor == "public":
            return AnonymousUser()
        if actor == "admin":
            return self.admin()
        if actor == "province":
            return self.province_staff()
        if actor == "operator":
            if park is None:
                raise ValidationError("the operator needs a park", code="invalid")
            return self.operator(park)
        jurisdiction = self.jurisdiction(place) if place else park.jurisdiction if park else None
        if jurisdiction is None:
            raise ValidationError(f"{actor} needs a park or a place (@city)", code="invalid")
        return self.official(actor, jurisdiction)
