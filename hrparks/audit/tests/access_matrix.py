from hrparks.core.tests.access import Expect

ACCESS = [
    Expect("audit:log", allowed={"operator", "city_bureau", "provincial", "other_city_bureau"}),
    Expect(
        "audit:park_history",
        allowed={"operator", "city_bureau", "provincial"},
        kwargs=lambda world: {"pk": world.park.pk},
    ),
    Expect(
        "audit:park_history",
        allowed={"provincial", "other_city_bureau"},
        kwargs=lambda world: {"pk": world.other_park.pk},
        label="park of another city",
    ),
]
