"""Every jurisdiction of China (GB/T 2260), dossiers of any of them, and the area of the deployment."""

import json

import pytest
from django.core.management import call_command

from hrparks.parks.dossier import export_dossier
from hrparks.parks.dossier_validation import validate_dossier
from hrparks.parks.models import Jurisdiction
from hrparks.parks.services import DossierRejected, import_dossier

from .factories import eligible_dossier

pytestmark = pytest.mark.django_db

# The 12 rows the platform had before, which parks, users and the demo data refer to by key.
JILIN = [
    (1, "220000", "吉林省"),
    (2, "220100", "长春市"),
    (3, "220200", "吉林市"),
    (4, "220300", "四平市"),
    (5, "220400", "辽源市"),
    (6, "220500", "通化市"),
    (7, "220600", "白山市"),
    (8, "220700", "松原市"),
    (9, "220800", "白城市"),
    (10, "222400", "延边朝鲜族自治州"),
    (11, "22CBS", "长白山管委会"),
    (12, "220581", "梅河口市"),
]


def problems(dossier) -> list[str]:
    return [str(error) for error in validate_dossier(dossier)]


def test_every_province_and_prefecture_level_unit_is_there():
    provinces = Jurisdiction.objects.filter(kind=Jurisdiction.Kind.PROVINCE)
    assert provinces.count() == 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 香港 and 澳门
    assert Jurisdiction.objects.filter(kind=Jurisdiction.Kind.CITY).count() > 330
    assert Jurisdiction.objects.get(code="350200").province.name == "福建省"
    assert Jurisdiction.objects.get(name="昆明市").code == "530100"
    assert Jurisdiction.objects.get(name="大理白族自治州").province.code == "530000"  # 自治州
    assert Jurisdiction.objects.get(name="阿拉善盟").province.name == "内蒙古自治区"  # 盟
    assert Jurisdiction.objects.get(name="济源市").province.name == "河南省"  # directly administered


def test_jilin_keeps_its_keys_codes_order_and_special_units():
    jilin = Jurisdiction.objects.filter(code__startswith="22").order_by("sort_order", "code")
    assert [(unit.pk, unit.code, unit.name) for unit in jilin] == JILIN
    assert {unit.province.code for unit in jilin if unit.kind == "city"} == {"220000"}


def test_a_municipality_is_one_province_row_without_cities():
    beijing = Jurisdiction.objects.get(name="北京市")
    assert (beijing.code, beijing.kind, beijing.province) == ("110000", "province", None)
    assert not beijing.cities.exists()


def test_update_jurisdictions_creates_and_renames_and_never_deletes(tmp_path):
    newer = {
        "units": [
            {"code": "350000", "name": "福建省"},
            {"code": "350200", "name": "厦门经济特区"},
            {"code": "359900", "name": "示例新设市"},
        ]
    }
    path = tmp_path / "gbt2260.json"
    path.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    before = Jurisdiction.objects.count()
    call_command("update_jurisdictions", str(path))
    assert Jurisdiction.objects.get(code="350200").name == "厦门经济特区"
    assert Jurisdiction.objects.get(code="359900").province.name == "福建省"
    assert Jurisdiction.objects.count() == before + 1  # 昆明市 and the others not in the file stay
    call_command("update_jurisdictions")  # the vendored file puts the name back
    assert Jurisdiction.objects.get(code="350200").name == "厦门市"


@pytest.mark.parametrize(
    ("name", "code"),
    [("厦门市", "350200"), ("昆明市", "530100"), ("梅河口市", "220581"), ("长白山管委会", None), ("北京市", "110000")],
)
def test_a_dossier_of_any_unit_is_valid(name, code):
    dossier = eligible_dossier(jurisdiction=name, jurisdiction_code=code)
    if code is None:
        del dossier["jurisdiction_code"]
    assert problems(dossier) == []


def test_a_code_that_disagrees_with_the_name_is_refused_naming_both():
    assert problems(eligible_dossier(jurisdiction="昆明市", jurisdiction_code="350200")) == [
        "/jurisdiction_code: 350200 是厦门市的代码，不是昆明市的（昆明市 的代码是 530100）"
    ]
    assert problems(eligible_dossier(jurisdiction="昆明市", jurisdiction_code="539900")) == [
        "/jurisdiction_code: 539900 不是已知的行政区划代码；昆明市 的代码是 530100"
    ]
    assert problems(eligible_dossier(jurisdiction="昆明市", jurisdiction_code="5301")) == [
        "/jurisdiction_code: 应为6位行政区划代码（GB/T 2260）"
    ]


def test_an_unknown_name_is_refused():
    assert problems(eligible_dossier(jurisdiction="昆明")) == [
        "/jurisdiction: 未知的行政区划“昆明”：不是省级或地级行政区的正式名称"
    ]


@pytest.mark.parametrize(("name", "code"), [("厦门市", "350200"), ("昆明市", "530100")])
def test_the_platform_refuses_a_park_outside_the_hosted_area(name, code):
    with pytest.raises(DossierRejected) as rejected:
        import_dossier(eligible_dossier(jurisdiction=name, jurisdiction_code=code))
    assert [str(error) for error in rejected.value.errors] == [f"/jurisdiction: {name}不在吉林省范围内"]


def test_jilin_special_units_import_and_export_with_their_codes():
    meihekou = import_dossier(eligible_dossier(jurisdiction="梅河口市"))
    assert export_dossier(meihekou)["jurisdiction_code"] == "220581"
    changbaishan = eligible_dossier(jurisdiction="长白山管委会")
    exported = export_dossier(import_dossier(changbaishan))
    assert exported == changbaishan and "jurisdiction_code" not in exported  # 22CBS is no GB/T 2260 code
