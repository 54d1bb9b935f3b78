"""Dossier import and export through the services: all or nothing, and lossless both ways."""

import copy

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from hrparks.applications.models import Application, BranchProposal
from hrparks.audit.models import AuditEntry
from hrparks.parks.dossier import export_dossier
from hrparks.parks.models import Enterprise, Park, Site
from hrparks.parks.services import DossierRejected, create_park_from_dossier, import_dossier

from .factories import EnterpriseFactory, ParkFactory, SiteFactory, eligible_dossier, make_uscc
from .strategies import dossiers

pytestmark = pytest.mark.django_db


def rows() -> tuple[int, int, int]:
    return Park.objects.count(), Site.objects.count(), Enterprise.objects.count()


def rejected(data, **kwargs) -> list[str]:
    with pytest.raises(DossierRejected) as exc:
        import_dossier(data, **kwargs)
    return [str(error) for error in exc.value.errors]


def test_a_new_dossier_creates_its_park():
    park = import_dossier(eligible_dossier())
    assert (park.name, park.jurisdiction.name) == ("示例人力资源服务产业园", "长春市")
    assert park.sites.get().is_main
    assert park.enterprises.count() == 16
    assert export_dossier(park) == eligible_dossier()


def test_the_same_jurisdiction_and_name_update_the_park_and_replace_its_rows():
    park = import_dossier(eligible_dossier())
    policy = park.support_policies.create(title="扶持政策", issuer="长春市人民政府", issued_on="2022-01-05")
    smaller = eligible_dossier(
        enterprises=eligible_dossier()["enterprises"][:3],
        sites=[{"name": "新主园区", "address": "新路1号", "floor_area_m2": 4000, "main": True}],
        public_services=["social_security"],
    )
    again = import_dossier(smaller)
    assert again.pk == park.pk
    assert rows() == (1, 1, 3)
    assert export_dossier(again) == smaller
    assert again.support_policies.get() == policy  # what the format does not carry is kept


def test_the_same_name_in_another_jurisdiction_is_another_park():
    first = import_dossier(eligible_dossier())
    second = import_dossier(eligible_dossier(jurisdiction="吉林市"))
    assert first.pk != second.pk


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(location_kind="county"), '/location_kind: 未知的值 "county"'),
        (lambda d: d["management_body"].update(staff_count="12"), "/management_body/staff_count: 应为整数"),
        (lambda d: d["sites"][0].update(floor_area_m2=-1), "/sites/0/floor_area_m2: 应大于 0"),
        (lambda d: d["enterprises"][3].update(uscc="91350100M000100Y4"), "/enterprises/3/uscc: 长度应为 18 位"),
        (lambda d: d["enterprises"][3].update(uscc=make_uscc(0)), "/enterprises/3/uscc: 统一社会信用代码重复"),
        (lambda d: d["sites"].append({**d["sites"][0], "name": "第二主园区"}), "/sites: 必须且只能有一个主园区"),
    ],
)
def test_a_rejected_update_changes_nothing(change, expected):
    park = import_dossier(eligible_dossier())
    before = export_dossier(park), rows()
    bad = eligible_dossier(name=park.name)
    change(bad)
    assert any(problem.startswith(expected) for problem in rejected(bad))
    assert (export_dossier(park), rows()) == before


def test_a_rejected_new_dossier_creates_nothing():
    bad = eligible_dossier()
    bad["enterprises"][7]["uscc"] = bad["enterprises"][7]["uscc"][:17] + "0"
    rejected(bad)
    assert rows() == (0, 0, 0)


def test_a_failure_after_validation_rolls_back_everything(monkeypatch):
    park = import_dossier(eligible_dossier())
    before = export_dossier(park), rows()

    def broken_bulk_create(objs, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Enterprise.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        import_dossier(eligible_dossier(enterprises=[]))
    assert (export_dossier(park), rows()) == before


@pytest.mark.parametrize(
    ("site", "enterprise"),
    [
        ({"floor_area_m2": 4000, "usable_area_m2": 3999.5}, {"revenue_last_year_cny": 0}),
        ({"floor_area_m2": 5e-324}, {"revenue_last_year_cny": 0.01}),
        ({"floor_area_m2": 1.7976931348623157e308}, {"revenue_last_year_cny": 9999999999999.99}),
        ({"floor_area_m2": 2**53 - 1}, {"revenue_last_year_cny": 9999999999999}),
        ({"floor_area_m2": 0.1 + 0.2}, {"revenue_last_year_cny": 12345678901.23}),
    ],
)
def test_boundary_values_round_trip(site, enterprise):
    dossier = eligible_dossier(management_body={**eligible_dossier()["management_body"], "staff_count": 2**31 - 1})
    dossier["sites"][0].update(site)
    dossier["enterprises"][0].update(enterprise)
    park = import_dossier(dossier)
    park.refresh_from_db()
    assert export_dossier(park) == dossier
    assert export_dossier(import_dossier(export_dossier(park))) == dossier


def test_longest_names_round_trip():
    dossier = eligible_dossier(name="园" * 200)
    dossier["sites"][0]["address"] = "路" * 300
    dossier["enterprises"][0]["name"] = "企" * 200
    assert export_dossier(import_dossier(dossier)) == dossier


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dossier=dossiers, second=dossiers)
def test_import_export_import_is_lossless(dossier, second):
    with transaction.atomic():
        park = import_dossier(copy.deepcopy(dossier))
        exported = export_dossier(Park.objects.get(pk=park.pk))
        assert exported == dossier
        # A different dossier for the same park replaces everything; exporting gives exactly it back.
        identity = {key: dossier[key] for key in ("jurisdiction", "jurisdiction_code", "name") if key in dossier}
        replacement = {key: value for key, value in second.items() if key != "jurisdiction_code"} | identity
        assert import_dossier(replacement).pk == park.pk
        assert export_dossier(Park.objects.get(pk=park.pk)) == replacement
        transaction.set_rollback(True)


def test_an_import_is_one_audit_event_and_rows_are_audited():
    park = import_dossier(eligible_dossier())
    events = AuditEntry.objects.filter(action="dossier_import", park_id=park.pk)
    assert [entry.data for entry in events] == [
        {"created": True, "sites": 1, "enterprises": 16, "replaced_sites": 0, "replaced_enterprises": 0}
    ]
    import_dossier(eligible_dossier())
    assert AuditEntry.objects.filter(action="delete", park_id=park.pk).count() == 17
    assert AuditEntry.objects.filter(action="create", park_id=park.pk).count() >= 2 * 17


def test_replacing_a_site_a_branch_proposal_points_at_unlinks_it(users):
    park = import_dossier(eligible_dossier())
    application = Application.objects.create(
        park=park, park_type=park.park_type, policy_id="jilin-2022", state="draft", created_by=users["city_bureau"]
    )
    proposal = BranchProposal.objects.create(
        application=application,
        name="分园区",
        address="示例路2号",
        floor_area_m2=3000,
        reasons="扩容",
        site=park.sites.get(),
    )
    import_dossier(eligible_dossier())
    proposal.refresh_from_db()
    assert proposal.site is None  # the proposal's on_delete (SET_NULL) applied, as it would for any delete


# --- Updating a given park (web upload on the park's page) ------------------------------------------


def test_an_upload_on_a_park_may_rename_it():
    park = import_dossier(eligible_dossier())
    renamed = import_dossier(eligible_dossier(name="更名后的产业园"), park=park)
    assert renamed.pk == park.pk
    assert Park.objects.get(pk=park.pk).name == "更名后的产业园"


def test_an_upload_on_a_park_cannot_move_it_to_another_jurisdiction():
    park = import_dossier(eligible_dossier())
    assert rejected(eligible_dossier(jurisdiction="吉林市"), park=park) == [
        "/jurisdiction: 必须是该园区所在的辖区：长春市"
    ]


def test_an_upload_on_a_park_cannot_take_another_parks_name():
    park = import_dossier(eligible_dossier())
    ParkFactory(name="已有的产业园", jurisdiction=park.jurisdiction)
    assert rejected(eligible_dossier(name="已有的产业园"), park=park) == ["/name: 长春市已有同名园区。"]


# --- Creating a park from the list page -------------------------------------------------------------


def test_a_city_bureau_creates_parks_only_in_its_city(users):
    with pytest.raises(DossierRejected) as exc:
        create_park_from_dossier(eligible_dossier(jurisdiction="吉林市"), user=users["city_bureau"])
    assert [str(e) for e in exc.value.errors] == ["/jurisdiction: 您无权在该辖区创建园区"]
    assert create_park_from_dossier(eligible_dossier(), user=users["city_bureau"]).jurisdiction.name == "长春市"


def test_an_operator_becomes_the_operator_of_the_park_it_creates(users):
    park = create_park_from_dossier(eligible_dossier(), user=users["operator"])
    assert list(park.operators.all()) == [users["operator"]]


def test_creating_never_overwrites_an_existing_park(users):
    existing = eligible_park_with_roster()
    with pytest.raises(DossierRejected) as exc:
        create_park_from_dossier(eligible_dossier(name=existing.name), user=users["operator"])
    assert exc.value.errors[0].pointer == "/name"
    assert existing.enterprises.count() == 2


def eligible_park_with_roster() -> Park:
    park = ParkFactory(name="示例人力资源服务产业园")
    SiteFactory(park=park)
    EnterpriseFactory.create_batch(2, park=park)
    return park


@pytest.mark.parametrize("role", ["provincial", "city_government", "expert", "sysadmin"])
def test_readers_create_no_parks(users, role):
    with pytest.raises(DossierRejected):
        create_park_from_dossier(eligible_dossier(), user=users[role])
    assert Park.objects.count() == 0
