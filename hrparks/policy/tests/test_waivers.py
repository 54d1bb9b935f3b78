"""Waiving a "原则上" criterion for one application: who may, what may be waived, and the record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.core.refusals import Refusal, refusal_code, refusal_criteria
from hrparks.parks.models import Jurisdiction
from hrparks.parks.tests.factories import ParkFactory
from hrparks.policy import services
from hrparks.policy.models import Waiver
from hrparks.policy.selectors import active_waivers

from .helpers import application_of


@pytest.fixture
def events(monkeypatch):
    """The audit events the services record."""
    recorded = []
    monkeypatch.setattr(
        services,
        "record_event",
        lambda action, obj, *, data=None, actor=None: recorded.append((action, obj, data, actor)),
    )
    return recorded


@pytest.fixture
def application(users, changchun):
    return application_of(ParkFactory(jurisdiction=changchun), created_by=users["operator"])


def waive(application, user, criterion_id="operating_agencies", reason="本地机构数量不足，但增长较快"):
    return services.waive_criterion(application=application, criterion_id=criterion_id, reason=reason, user=user)


def test_the_provincial_department_waives_an_in_principle_rule(application, users, events):
    waiver = waive(application, users["provincial"])
    assert (waiver.criterion_id, waiver.reason, waiver.waived_by) == (
        "operating_agencies",
        "本地机构数量不足，但增长较快",
        users["provincial"],
    )
    assert active_waivers(application) == {"operating_agencies": "本地机构数量不足，但增长较快"}
    assert events == [
        (
            "waiver",
            application,
            {
                "criterion": "operating_agencies",
                "article": "第五条（三）",
                "policy": "jilin-2022",
                "reason": waiver.reason,
            },
            users["provincial"],
        )
    ]


@pytest.mark.parametrize("role", ["operator", "city_bureau", "city_government", "expert", "sysadmin"])
def test_no_one_else_may_waive(application, users, events, role):
    with pytest.raises(PermissionDenied):
        waive(application, users[role])
    assert not Waiver.objects.exists()
    assert events == []


def test_the_provincial_department_of_another_province_may_not_waive(application, events):
    liaoning = Jurisdiction.objects.get(code="210000")  # 辽宁省
    outsider = UserFactory(role=Role.PROVINCIAL_BUREAU, jurisdiction=liaoning)
    with pytest.raises(PermissionDenied):
        waive(application, outsider)


def test_the_materials_cannot_be_waived(application, users, events):
    with pytest.raises(ValidationError, match="不是“原则上”条款") as refused:
        waive(application, users["provincial"], criterion_id="materials")
    assert refusal_code(refused.value) == Refusal.NOT_WAIVABLE
    assert refusal_criteria(refused.value) == ["materials"]
    assert not Waiver.objects.exists()


@pytest.mark.parametrize(
    "criterion_id",
    [
        *("location", "comprehensive_per_city", "planning_report", "floor_area", "branch_parks"),
        *("operating_agencies", "local_headquarters", "public_services", "supporting_services"),
        *("business_formats", "municipal_recognition", "management_body", "social_benefit"),
    ],
)
def test_every_condition_of_articles_four_and_five_may_be_waived(application, users, events, criterion_id):
    # 第五条 "申报省级产业园原则上应符合以下条件" governs every condition, and 第四条 says "原则上" itself.
    waiver = waive(application, users["provincial"], criterion_id=criterion_id)
    assert waiver.criterion_id == criterion_id


def test_an_unknown_criterion_cannot_be_waived(application, users, events):
    with pytest.raises(ValidationError, match="no_such_rule"):
        waive(application, users["provincial"], criterion_id="no_such_rule")


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_reason_is_required(application, users, events, reason):
    with pytest.raises(ValidationError, match="书面说明") as refused:
        waive(application, users["provincial"], reason=reason)
    assert refusal_code(refused.value) == Refusal.REASON_REQUIRED


def test_a_rule_is_waived_once_per_application(application, users, events):
    waive(application, users["provincial"])
    with pytest.raises(ValidationError, match="已豁免"):
        waive(application, users["provincial"], reason="再次豁免")
    assert Waiver.objects.count() == 1


def test_a_waiver_can_be_revoked_and_stays_as_history(application, users, events):
    waiver = waive(application, users["provincial"])
    services.revoke_waiver(waiver=waiver, reason="情况变化，恢复适用", user=users["provincial"])
    assert active_waivers(application) == {}
    waiver.refresh_from_db()
    assert (waiver.revoked_by, waiver.revocation_reason) == (users["provincial"], "情况变化，恢复适用")
    assert events[-1][0] == "waiver_revoked"
    # Waived again after the revocation: a new row, the old one kept.
    waive(application, users["provincial"], reason="补充材料后再次豁免")
    assert Waiver.objects.filter(application=application).count() == 2


def test_revoking_needs_the_province_and_a_reason(application, users, events):
    waiver = waive(application, users["provincial"])
    with pytest.raises(PermissionDenied):
        services.revoke_waiver(waiver=waiver, reason="x", user=users["city_bureau"])
    with pytest.raises(ValidationError):
        services.revoke_waiver(waiver=waiver, reason=" ", user=users["provincial"])
    services.revoke_waiver(waiver=waiver, reason="恢复", user=users["provincial"])
    with pytest.raises(ValidationError, match="已撤销"):
        services.revoke_waiver(waiver=waiver, reason="恢复", user=users["provincial"])
