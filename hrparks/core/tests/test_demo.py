"""`make run` loads this demo: clearly fictional, several jurisdictions, one account per role, and
applications at different points of the procedure."""

from django.core.management import call_command

from hrparks.accounts.models import Role, User
from hrparks.applications.models import Application
from hrparks.audit.chain import verify_chain
from hrparks.parks.models import Park


def test_demo_loads_twice_and_covers_every_role(db, capsys):
    call_command("load_demo")
    call_command("load_demo")  # safe to run again: nothing duplicated
    output = capsys.readouterr().out
    assert "Demo-hrparks-2026" in output

    parks = Park.objects.select_related("jurisdiction")
    assert parks.count() == 5
    assert len({park.jurisdiction_id for park in parks}) >= 4
    assert all("示例" in park.name for park in parks)
    assert {user.role for user in User.objects.all()} == set(Role.values)
    assert dict(Application.objects.values_list("park__jurisdiction__name", "state")) == {
        "长春市": "in_notice",
        "吉林市": "submitted",
    }
    assert Park.objects.get(jurisdiction__name="延边朝鲜族自治州").status == Park.Status.DESIGNATED
    assert verify_chain().ok
