import pytest
from django.db import connection

from hrparks.parks.tests.factories import ParkFactory


@pytest.fixture(autouse=True)
def _checkpoints_in_a_temporary_folder(settings, tmp_path):
    settings.HRPARKS_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture
def park(changchun):
    return ParkFactory(name="长春示例人力资源服务产业园", jurisdiction=changchun)


@pytest.fixture
def other_park(jilin_city):
    return ParkFactory(name="吉林示例人力资源服务产业园", jurisdiction=jilin_city)


@pytest.fixture
def unguarded(db):
    """Take away the append-only triggers for one test (its transaction rolls the removal back), as
    someone with direct database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign key checks of the rows written so far would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cursor.execute("ALTER TABLE audit_audithead DISABLE TRIGGER audit_head_forward_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for trigger in ("audit_entry_no_update", "audit_entry_no_delete", "audit_head_forward_only"):
                cursor.execute(f"DROP TRIGGER {trigger}")
