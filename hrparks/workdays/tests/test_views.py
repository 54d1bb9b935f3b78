"""The calendar page: officials read it, the provincial department edits the overrides."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrparks.workdays.models import CalendarOverride
from hrparks.workdays.services import create_override


def test_the_year_view_shows_holidays_and_make_up_days(client, users):
    client.force_login(users["city_bureau"])
    page = client.get(reverse("workdays:calendar"), {"year": 2026}).content.decode()
    assert "春节" in page and "国庆节" in page
    assert "2026-02-14" in page and "2026-10-10" in page  # make-up working days listed
    assert "临时" not in page
    assert reverse("workdays:override_create") not in page  # read-only for the city


def test_a_provisional_year_is_flagged(client, users):
    client.force_login(users["provincial"])
    page = client.get(reverse("workdays:calendar"), {"year": 2027}).content.decode()
    assert "日历为临时安排" in page
    assert reverse("workdays:override_create") in page


@pytest.mark.parametrize("year", ["abc", "1200", "99999"])
def test_a_bad_year_shows_the_current_year(client, users, year, time_machine):
    time_machine.move_to("2026-05-01 09:00 +0800")
    client.force_login(users["city_government"])
    response = client.get(reverse("workdays:calendar"), {"year": year})
    assert response.status_code == 200
    assert response.context["view"].year == 2026


def test_the_province_adds_edits_and_deletes_an_override(client, users):
    client.force_login(users["provincial"])
    response = client.post(
        reverse("workdays:override_create"),
        {"date": "2027-02-06", "kind": "working", "source_document": "国办发明电〔2026〕X号", "note": ""},
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert override.is_working_day is True

    client.post(
        reverse("workdays:override_edit", args=[override.pk]),
        {"date": "2030-01-01", "kind": "rest", "source_document": "更正通知", "note": "更正"},
    )
    override.refresh_from_db()
    assert (override.date, override.is_working_day, override.source_document) == (date(2027, 2, 6), False, "更正通知")

    client.post(reverse("workdays:override_delete", args=[override.pk]))
    assert not CalendarOverride.objects.exists()


def test_an_override_needs_its_source_and_a_free_date(client, users):
    create_override(day=date(2027, 2, 6), is_working_day=True, source_document="通知")
    client.force_login(users["provincial"])
    response = client.post(
        reverse("workdays:override_create"), {"date": "2027-02-06", "kind": "rest", "source_document": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"date", "source_document"}
    assert CalendarOverride.objects.count() == 1


def test_the_import_reports_bad_lines(client, users):
    client.force_login(users["provincial"])
    upload = SimpleUploadedFile("overrides.csv", "2027-02-06,working,通知\n2027-13-01,rest,通知\n".encode())
    response = client.post(reverse("workdays:override_import"), {"file": upload})
    assert "第 2 行: 2027-13-01 不是 YYYY-MM-DD 格式的日期" in response.content.decode()
    assert not CalendarOverride.objects.exists()

    upload = SimpleUploadedFile("overrides.csv", "2027-02-06,working,通知\n".encode())
    assert client.post(reverse("workdays:override_import"), {"file": upload}).status_code == 302
    assert CalendarOverride.objects.count() == 1


@pytest.mark.parametrize("role", ["city_bureau", "city_government", "expert", "operator"])
def test_only_the_province_writes(client, users, role):
    client.force_login(users[role])
    response = client.post(
        reverse("workdays:override_create"), {"date": "2027-02-06", "kind": "working", "source_document": "通知"}
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.exists()
