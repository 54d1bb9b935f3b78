"""Migration 0005: site visits recorded as free text stay readable as a list of participants."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("applications", "0004_objection_contacts_and_check_code")]
AFTER = [("applications", "0005_site_visit_participants_and_one_off_grant")]


@pytest.mark.django_db(transaction=True)
def test_old_free_text_participants_become_one_entry_per_line(users):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    park = apps.get_model("parks", "Park").objects.first() or _park(apps, users)
    application = apps.get_model("applications", "Application").objects.create(
        park=park,
        park_type="comprehensive",
        policy_id="jilin-2022",
        state="evaluating",
        created_by_id=users["operator"].pk,
    )
    visit = apps.get_model("applications", "SiteVisit").objects.create(
        application=application,
        visited_on=timezone.localdate(),
        participants="王敏（省人社厅）\n\n李强 吉林大学\n",
        findings="一致",
        recorded_by_id=users["provincial"].pk,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    migrated = apps.get_model("applications", "SiteVisit").objects.get(pk=visit.pk)
    assert migrated.participants == [{"name": "王敏（省人社厅）", "unit": ""}, {"name": "李强 吉林大学", "unit": ""}]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _park(apps, users):
    jurisdiction = apps.get_model("parks", "Jurisdiction").objects.get(pk=users["operator"].jurisdiction_id)
    return apps.get_model("parks", "Park").objects.create(
        name="迁移测试产业园",
        jurisdiction=jurisdiction,
        park_type="comprehensive",
        location_kind="prefecture_city",
        management_body_kind="company",
        management_body_name="运营公司",
    )
