from hrparks.core.tests.access import Expect

ACCESS = [
    Expect("dashboard:index", allowed={"provincial", "city_bureau", "other_city_bureau"}),
]
