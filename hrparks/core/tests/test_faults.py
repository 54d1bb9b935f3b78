"""Faults a bureau's installation will meet: officials acting on the same application at the same moment,
an import killed half-way (a deployment, an out-of-memory kill), the database going away. Each leaves the
data whole — one transition, all or nothing, no half-written change — and the audit chain verified.

These need a server database that other connections and processes reach (PostgreSQL); on SQLite they
are skipped. Speed lives in `make bench`, not here."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import services
from hrparks.applications.models import ApplicationEvent
from hrparks.applications.tests import journey
from hrparks.applications.tests.conftest import _isolated_media_and_tasks, draft, park, people  # noqa: F401
from hrparks.audit.chain import verify_chain
from hrparks.audit.models import AuditEntry
from hrparks.documents.roster import write_roster_workbook
from hrparks.parks.models import Enterprise, Park
from hrparks.parks.tests.factories import ParkFactory, eligible_dossier, make_uscc

ROOT = Path(settings.BASE_DIR)
ON_POSTGRES = connection.vendor == "postgresql"


def needs_postgres(why: str):
    """Marked postgres_only, and skipped on SQLite with the reason."""

    def mark(test):
        skip = pytest.mark.skipif(not ON_POSTGRES, reason=f"needs {why}, which SQLite does not have")
        return pytest.mark.postgres_only(skip(test))

    return mark


pytestmark = pytest.mark.django_db(transaction=True)


def server_connection() -> psycopg.Connection:
    """A connection of our own to the test database, beside Django's (as another process would have)."""
    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    )


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# --- (a) officials acting on one application at the same moment --------------------------------------------------


@needs_postgres("row locks held across database connections")
def test_officials_posting_steps_at_once_through_the_api_give_exactly_one_transition(draft, people, changchun):  # noqa: F811
    journey.submit(draft, people)
    colleagues = [people["city_bureau"]] + [
        UserFactory(username=f"cc_bureau_{n}", role=Role.CITY_BUREAU, jurisdiction=changchun) for n in range(2, 5)
    ]
    steps = ["recommend", "return_to_applicant", "recommend", "return_to_applicant"]
    bodies = {
        "recommend": {"recommendation_opinion": "同意推荐"},
        "return_to_applicant": {"reasons": "请补充材料"},
    }
    start = threading.Barrier(len(colleagues))
    answers = []

    def post(official, step):
        api = APIClient()  # its own thread, so its own database connection
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=official)[0].key}")
        try:
            start.wait()
            url = f"/api/v1/applications/{draft.pk}/{step}/"
            response = api.post(url, {"expected_state": "submitted", **bodies[step]}, format="json")
            answers.append((response.status_code, step))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=pair) for pair in zip(colleagues, steps, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(status for status, _step in answers) == [200, 409, 409, 409], answers
    winner = next(step for status, step in answers if status == 200)
    draft.refresh_from_db()
    assert draft.state == {"recommend": "recommended", "return_to_applicant": "returned"}[winner]
    taken = ApplicationEvent.objects.filter(application=draft, action__in=steps)
    assert list(taken.values_list("action", "from_state")) == [(winner, "submitted")]
    transitions = AuditEntry.objects.filter(action__in=[f"application.{s}" for s in bodies], object_id=str(draft.pk))
    assert transitions.count() == 1
    report = verify_chain()
    assert report.ok, report.message


# --- (b) an import killed half-way ----------------------------------------------------------------------

DOSSIER_ENTERPRISES = 6_000
ROSTER_ROWS = 3_000


def inserting_enterprises(server) -> int | None:
    """The other backend that holds a write lock on the enterprise table: an import inside its transaction."""
    row = server.execute(
        """SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname = %s AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid() LIMIT 1""",
        [Enterprise._meta.db_table],
    ).fetchone()
    return row[0] if row else None


def kill_while_inserting(command: list[str]) -> None:
    """Run `command` against the test database; SIGKILL it once it is writing enterprises, before it commits."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "hrparks.settings"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with server_connection() as server:
        deadline = time.monotonic() + 45
        backend = None
        while backend is None and process.poll() is None and time.monotonic() < deadline:
            backend = inserting_enterprises(server)
            time.sleep(0.01)
        still_running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        output = process.communicate()[0].decode(errors="replace")
        assert backend is not None and still_running, f"the import never reached its inserts:\n{output}"
        # The server notices the dead client and rolls back; wait for that, so the test's own clean-up
        # (TRUNCATE) does not queue behind the abandoned transaction's locks.
        server.execute("SELECT pg_terminate_backend(%s, 10000)", [backend])


def audit_state() -> tuple[int, bool]:
    return AuditEntry.objects.count(), verify_chain().ok


@needs_postgres("a second process on the same database")
def test_a_dossier_import_killed_half_way_leaves_no_park_and_no_enterprise(tmp_path):
    dossier = eligible_dossier(
        name="中断导入测试产业园",
        enterprises=[
            {
                "name": f"中断导入测试企业{n}",
                "uscc": make_uscc(900_000 + n),
                "status": "resident",
                "hr_service_agency": True,
                "operating": True,
                "headquartered_locally": True,
                "business_formats": ["training"],
            }
            for n in range(DOSSIER_ENTERPRISES)
        ],
    )
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    before = audit_state()

    kill_while_inserting([sys.executable, "manage.py", "import_dossier", str(path)])

    assert not Park.objects.filter(name="中断导入测试产业园").exists()
    assert not Enterprise.objects.filter(name__startswith="中断导入测试企业").exists()
    assert audit_state() == before


@needs_postgres("a second process on the same database")
def test_an_excel_roster_import_killed_half_way_adds_no_enterprise(tmp_path, changchun):
    target = ParkFactory(name="名录中断测试产业园", jurisdiction=changchun)
    rows = [
        {
            "index": n + 1,
            "name": f"名录中断测试企业{n}",
            "uscc": make_uscc(950_000 + n),
            "status": "已入驻",
            "hr_service_agency": True,
            "operating": True,
            "headquartered_locally": False,
            "business_formats": "",
            "revenue_last_year_cny": None,
        }
        for n in range(ROSTER_ROWS)
    ]
    workbook = tmp_path / "roster.xlsx"
    workbook.write_bytes(write_roster_workbook(rows))
    script = (
        "from hrparks.documents.services import import_roster; from hrparks.parks.models import Park; "
        f"import_roster(Park.objects.get(pk={target.pk}), open({str(workbook)!r}, 'rb'))"
    )
    before = audit_state()

    kill_while_inserting([sys.executable, "manage.py", "shell", "-c", script])

    assert target.enterprises.count() == 0
    assert audit_state() == before


# --- (c) the database goes away -------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DatabaseDown:
    """Inside the block, Django's connection points at a port where nothing listens; afterwards it is back."""

    def __enter__(self):
        connection.close()
        self.port = connection.settings_dict["PORT"]
        connection.settings_dict["PORT"] = closed_port()

    def __exit__(self, *exc):
        connection.close()
        connection.settings_dict["PORT"] = self.port


def official_client(user) -> Client:
    client = Client(raise_request_exception=False)  # as the server would: the error page, not a traceback
    client.force_login(user)
    return client


@needs_postgres("a database server that can go away")
def test_pages_fail_with_a_server_error_while_the_database_is_down_and_work_when_it_is_back(users):
    client = official_client(users["provincial"])
    with DatabaseDown():
        assert client.get(reverse("parks:list")).status_code in (500, 503)
    assert client.get(reverse("parks:list")).status_code == 200


@needs_postgres("a database server that can go away")
def test_the_outage_page_tells_the_user_in_chinese(users):
    client = official_client(users["provincial"])
    with DatabaseDown():
        response = client.get(reverse("parks:list"))
    page = response.content.decode()
    assert "Server Error" not in page
    assert any("\u4e00" <= char <= "\u9fff" for char in page), page


@needs_postgres("a server that can drop one connection")
def test_a_connection_lost_in_the_middle_of_a_step_writes_nothing_and_the_step_can_be_taken_again(
    draft,  # noqa: F811
    people,  # noqa: F811
    monkeypatch,
):
    journey.submit(draft, people)
    record_event = services.record_event

    def lose_the_connection_first(*args, **kwargs):
        """The state and the history row are written (uncommitted); now the server drops the connection."""
        with server_connection() as server:
            server.execute("SELECT pg_terminate_backend(%s, 10000)", [connection.connection.info.backend_pid])
        return record_event(*args, **kwargs)

    client = official_client(people["city_bureau"])
    url = reverse("applications:transition", kwargs={"pk": draft.pk, "name": "recommend"})
    body = {"expected_state": "submitted", "recommendation_opinion": "同意推荐"}
    audit_before = AuditEntry.objects.count()
    monkeypatch.setattr(services, "record_event", lose_the_connection_first)

    assert client.post(url, body).status_code in (500, 503)

    monkeypatch.undo()
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert not ApplicationEvent.objects.filter(application=draft, action="recommend").exists()
    assert AuditEntry.objects.count() == audit_before
    assert client.post(url, body).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "recommended"
    report = verify_chain()
    assert report.ok, report.message
