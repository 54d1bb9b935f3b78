"""The access matrix every URL of the site is checked against (see test_url_access.py).

Each app lists its URLs in `hrparks/<app>/tests/access_matrix.py` as `ACCESS = [Expect(...), ...]`.
The walk fails for any URL of the site that no Expect names, so a new page cannot skip the check.

Roles walked: the keys of `ROLES` (users from the `users` fixture of conftest.py) and anonymous.
The world: `park` in 长春市 operated by `operator`; `other_park` in 吉林市 that no test user of 长春市
may see. An Expect's `kwargs` (and `data`) are functions of the world, so they can create objects.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("operator", "city_bureau", "city_government", "provincial", "expert", "sysadmin", "other_city_bureau")
STAFF = frozenset(ROLES) - {"sysadmin"}
OFFICIALS = frozenset({"city_bureau", "city_government", "provincial", "other_city_bureau"})
EVERYONE = frozenset(ROLES) | {"anonymous"}


@dataclass
class World:
    users: dict
    park: object
    other_park: object
    cache: dict = field(default_factory=dict)

    def once(self, key, make):
        """Build an object once per walk (e.g. an application of `park`) and reuse it."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass
class Expect:
    url_name: str
    allowed: frozenset
    kwargs: Callable[[World], dict] = lambda world: {}
    method: str = "get"
    data: Callable[[World], dict] = lambda world: {}
    label: str = ""
    query: str = ""

    def __post_init__(self):
        self.allowed = frozenset(self.allowed)
        unknown = self.allowed - set(ROLES) - {"anonymous"}
        assert not unknown, f"{self.url_name}: unknown roles {unknown}"

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{' (' + self.label + ')' if self.label else ''}"
