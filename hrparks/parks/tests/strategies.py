"""Hypothesis strategies for valid park dossiers (every field of shared/formats/park-dossier.md)."""

import json

from hypothesis import strategies as st

from hrparks.parks import codes
from hrparks.parks.dossier import GBT2260_CODE
from hrparks.parks.dossier_validation import MAX_INTEGER
from hrparks.parks.jurisdictions import DATA_FILE

from .factories import make_uscc

# The units of the hosted area (吉林省), as the export writes them: the code when it is a GB/T 2260 one.
JURISDICTIONS = [
    {"jurisdiction": row["name"], **({"jurisdiction_code": row["code"]} if GBT2260_CODE.match(row["code"]) else {})}
    for row in json.loads(DATA_FILE.read_text(encoding="utf-8"))
    if row["kind"] == "city"
]

# Any character a database text column stores: no NUL, no unpaired surrogate.
storable_text = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(storable_text, min_size=1, max_size=max_size)


def code_list(choices) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(choices.values), unique=True)


# Areas as people write them (whole numbers) and as programs write them (any positive float).
area = st.integers(min_value=1, max_value=10**9) | st.floats(
    min_value=0, max_value=1e12, exclude_min=True, allow_nan=False, allow_infinity=False
)
# Revenue in yuan with at most two decimals (fen), as a JSON number.
revenue = st.integers(min_value=0, max_value=10**13 - 1) | st.integers(min_value=0, max_value=10**15 - 1).map(
    lambda fen: fen / 100
)


@st.composite
def sites(draw) -> list[dict]:
    entries = draw(
        st.lists(
            st.fixed_dictionaries(
                {"name": text(200), "address": text(300), "floor_area_m2": area, "main": st.just(False)},
                optional={"usable_area_m2": area},
            ),
            min_size=1,
            max_size=5,
        )
    )
    entries[draw(st.integers(min_value=0, max_value=len(entries) - 1))]["main"] = True
    return entries


@st.composite
def enterprises(draw) -> list[dict]:
    seeds = draw(st.lists(st.integers(min_value=0, max_value=10**9), unique=True, max_size=8))
    return [
        draw(
            st.fixed_dictionaries(
                {
                    "name": text(200),
                    "uscc": st.just(make_uscc(seed)),
                    "status": st.sampled_from(codes.EnterpriseStatus.values),
                    "hr_service_agency": st.booleans(),
                    "operating": st.booleans(),
                    "headquartered_locally": st.booleans(),
                    "business_formats": code_list(codes.BusinessFormat),
                },
                optional={"revenue_last_year_cny": revenue},
            )
        )
        for seed in seeds
    ]


dossiers = st.tuples(
    st.sampled_from(JURISDICTIONS),
    st.fixed_dictionaries(
        {
            "name": text(200),
            "park_type": st.sampled_from(codes.ParkType.values),
            "location_kind": st.sampled_from(codes.LocationKind.values),
            "municipal_park_recognized": st.booleans(),
            "management_body": st.fixed_dictionaries(
                {
                    "kind": st.sampled_from(codes.ManagementBodyKind.values),
                    "name": text(200),
                    "staff_count": st.integers(min_value=0, max_value=MAX_INTEGER),
                    "has_management_rules": st.booleans(),
                }
            ),
            "sites": sites(),
            "public_services": code_list(codes.PublicService),
            "supporting_services": code_list(codes.SupportingService),
            "enterprises": enterprises(),
            "materials": code_list(codes.Material),
        }
    ),
).map(lambda pair: {**pair[1], **pair[0]})
