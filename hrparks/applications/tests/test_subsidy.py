"""The one-off subsidy: paid out in instalments, spent on the permitted uses, never beyond the grant."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hrparks.applications import services
from hrparks.applications.tests.factories import application_in

PAID_ON = datetime.date(2026, 3, 2)


@pytest.fixture
def subsidy(users):
    return application_in("designated", users["operator"]).subsidy


def pay(subsidy, users, amount):
    return services.record_disbursement(subsidy, amount=Decimal(amount), paid_on=PAID_ON, actor=users["provincial"])


def spend(subsidy, users, amount, use="infrastructure", who="operator"):
    return services.record_spending(
        subsidy, use=use, amount=Decimal(amount), spent_on=PAID_ON, description="公共服务大厅改造", actor=users[who]
    )


def test_disbursements_add_up_to_the_grant_and_no_further(subsidy, users):
    pay(subsidy, users, "600000.00")
    pay(subsidy, users, "399999.99")
    pay(subsidy, users, "0.01")
    with pytest.raises(ValidationError) as refused:
        pay(subsidy, users, "0.01")
    message = refused.value.message_dict["amount"][0]
    assert "¥0.00" in message and "¥1,000,000.00" in message
    assert sum(d.amount for d in subsidy.disbursements.all()) == Decimal("1000000.00")


def test_spending_never_exceeds_what_was_paid_out(subsidy, users):
    with pytest.raises(ValidationError):
        spend(subsidy, users, "1.00")
    pay(subsidy, users, "300000.00")
    spend(subsidy, users, "200000.00")
    spend(subsidy, users, "100000.00", use="hr_service_platform", who="city_bureau")
    with pytest.raises(ValidationError) as refused:
        spend(subsidy, users, "0.01", use="public_service_facilities")
    assert "amount" in refused.value.message_dict


def test_spending_only_on_the_permitted_uses(subsidy, users):
    pay(subsidy, users, "1000.00")
    with pytest.raises(ValidationError) as refused:
        spend(subsidy, users, "10.00", use="staff_bonuses")
    assert "use" in refused.value.message_dict


@pytest.mark.parametrize("amount", ["0", "-5.00", "1.001", "NaN"])
def test_amounts_must_be_positive_yuan_and_fen(subsidy, users, amount):
    with pytest.raises(ValidationError):
        pay(subsidy, users, amount)


def test_only_the_province_pays_and_only_the_park_side_spends(subsidy, users):
    with pytest.raises(PermissionDenied):
        pay(subsidy, {"provincial": users["city_bureau"]}, "1.00")
    pay(subsidy, users, "10.00")
    with pytest.raises(PermissionDenied):
        spend(subsidy, users, "1.00", who="city_government")
    with pytest.raises(PermissionDenied):
        spend(subsidy, users, "1.00", who="other_city_bureau")


def test_subsidy_page_records_a_payment_and_shows_a_clear_error(subsidy, users, client):
    client.force_login(users["provincial"])
    url = reverse("applications:subsidy", kwargs={"pk": subsidy.pk})
    ok = client.post(
        url, {"pay-amount": "1000000.00", "pay-paid_on": "2026-03-02", "pay-document_number": "吉财〔2026〕1号"}
    )
    assert ok.status_code == 302
    too_much = client.post(url, {"pay-amount": "1.00", "pay-paid_on": "2026-03-02"})
    assert too_much.status_code == 200
    assert "¥1,000,000.00" in str(too_much.context["disbursement_form"].errors["amount"])
    client.force_login(users["operator"])
    page = client.get(url)
    assert page.context["summary"].disbursed == Decimal("1000000.00")
    # One money format on the page: the ¥, the thousands separators and the fen, in the totals and the rows.
    text = page.content.decode()
    assert text.count("¥1,000,000.00") >= 3 and "1000000" not in text and "¥0.00" in text
    assert page.context["disbursement_form"] is None and page.context["spending_form"] is not None
