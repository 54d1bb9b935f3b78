"""make test-cluster: the load and the faults of a bureau's data centre, against the running cluster
(scripts/cluster.sh, docs/deployment.md "The cluster"), on a generated bench database. Each check prints PASS or
FAIL; the exit status is 0 only when every check passed.

    python -m bench.cluster run [--seconds 30] [--clients 8] [--results PATH]

1. load through the balancer: both app servers answer, nothing lost (history and audit exactly once, chain);
2. kill -9 one app server mid-load: the balancer routes around it, the clients' retries get a clear answer
   (200, or 409 when the first attempt had been taken), no step twice; the server rejoins when restarted;
3. restart Redis mid-load: no request fails, nothing lost, the cache fills again;
4. the object store unavailable for 10 s mid-load: an upload fails with the plain error page and leaves no
   row, a download fails and then recovers, an upload afterwards works, every file readable with its digest;
5. kill -9 the task worker mid-task (while it hands an e-mail to the mail server): the retry job runs the task
   again and the e-mail arrives exactly once;
6. two writers on two app servers acting on one application at once: exactly one wins, one history row.

`fixtures`, `materials`, `notify` and `mail-state` run inside Django (the cluster's environment), like
bench.load's `mark` and `verify`.
"""

import argparse
import functools
import http.client
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from bench.common import (
    ROOT,
    bench_script,
    cluster_environment,
    cluster_port,
    print_json,
    run,
    setup_django,
    work_directory,
)
from bench.load import drive, verified

APP_PORTS = [int(port) for port in os.environ.get("CLUSTER_APP_PORTS", "8101 8102").split()]
REDIS_PORT = int(os.environ.get("CLUSTER_REDIS_PORT", "6380"))
OPERATOR = "cluster_operator"  # the fixtures' operator: its own park and draft, out of the load's way
STORE_OUTAGE_SECONDS = 10
SAFE_PAGE = "没有保存任何不完整的内容"  # what the error pages (500.html, 503.html) promise


# --- inside Django ----------------------------------------------------------------------------------------------


def fixtures() -> dict:
    """An operator of the bench city (with an e-mail address) with a park and a draft application of their own,
    logged in; the material code the upload uses. Idempotent: a second run reuses them."""
    from hrparks.accounts.models import Role, User
    from hrparks.applications import services
    from hrparks.applications.models import Application
    from hrparks.applications.tests.factories import operated_park
    from hrparks.parks.models import Jurisdiction
    from hrparks.policy.registry import get_policy

    from .generate import BENCH_CITY
    from .pages import session_cookie

    operator, _created = User.objects.get_or_create(
        username=OPERATOR,
        defaults={
            "role": Role.PARK_OPERATOR,
            "jurisdiction": Jurisdiction.objects.get(name=BENCH_CITY),
            "email": "cluster-operator@example.invalid",
            "email_notifications": True,
        },
    )
    park = operator.parks.first() or operated_park(operator, name="集群故障测试产业园", status="not_designated")
    application = Application.objects.filter(park=park, state="draft").first() or services.start_application(
        park=park, park_type=park.park_type, actor=operator
    )
    return {
        "application": application.pk,
        "cookie": session_cookie(operator),
        "material_code": get_policy(application.policy_id).materials[0].code,
    }


def materials(application_id: int, since_id: int) -> dict:
    """The application's materials after `since_id`, and whether each one's file reads back from the object
    store with the digest recorded at upload."""
    import hashlib

    from hrparks.applications.models import Material

    rows = Material.objects.filter(application_id=application_id, pk__gt=since_id).order_by("pk")
    unreadable = []
    for material in rows:
        try:
            with material.file.open("rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != material.sha256:
                    unreadable.append(f"{material.pk}: digest differs")
        except Exception as error:  # any failure to read is what this reports
            unreadable.append(f"{material.pk}: {error!r}")
    last = Material.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"ids": [m.pk for m in rows], "unreadable": unreadable, "last_id": last}


def notify(text: str) -> dict:
    """One notification for the fixtures' operator, whose e-mail copy the task worker sends."""
    from hrparks.accounts.models import User
    from hrparks.notifications.services import notify as send

    (notification,) = send([User.objects.get(username=OPERATOR)], text=text)
    return {"notification": notification.pk}


def mail_state(notification_id: int) -> dict:
    from hrparks.notifications.models import Notification

    notification = Notification.objects.get(pk=notification_id)
    return {"emailed": notification.emailed_at is not None}


# --- outside Django: the cluster and its clients ----------------------------------------------------------------


@functools.cache
def run_dir() -> Path:
    """Where scripts/cluster.sh keeps the parts' pid files, logs and sockets."""
    return Path(cluster_environment()["CLUSTER_RUN"])


def cluster_sh(*args: str) -> None:
    run(["scripts/cluster.sh", *args], dict(os.environ))


def haproxy(command: str) -> str:
    """One command on HAProxy's admin socket."""
    with socket.socket(socket.AF_UNIX) as admin:
        admin.connect(str(run_dir() / "haproxy.sock"))
        admin.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := admin.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def app_servers() -> dict:
    """app server → (status as the balancer sees it, requests it has been sent)."""
    lines = haproxy("show stat").splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {
        row["svname"]: (row["status"], int(row["stot"] or 0))
        for row in rows
        if row.get("pxname") == "app" and row["svname"] not in ("FRONTEND", "BACKEND")
    }


def wait_until(condition, seconds: float, pause: float = 0.3) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(pause)
    return False


def fetch_page(port: int, method: str, path: str, headers=None, body=None) -> tuple[int, object, bytes]:
    """(status, the response's headers, body); status 0 when there was no answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    except (OSError, http.client.HTTPException) as error:
        return 0, {}, repr(error).encode()
    finally:
        connection.close()


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name: str, passed: bool, detail) -> None:
        self.results.append({"check": name, "passed": bool(passed), "detail": detail})
        print(f"{'PASS' if passed else 'FAIL'}  {name}", flush=True)
        if not passed:
            print("      " + json.dumps(detail, ensure_ascii=False, default=str)[:2000], flush=True)


class Run:
    """The load against the balancer with a fault in the middle, then what it left behind."""

    def __init__(self, env: dict, setup: dict, work: Path, *, clients: int):
        self.env, self.setup, self.work, self.clients = env, setup, work, clients
        self.port = cluster_port()

    def under_load(self, seconds: float, fault=None, lead: float = 5) -> tuple[dict, object]:
        since = bench_script(self.env, "load", "mark")
        outcome = {}

        def load():
            outcome.update(drive(self.port, self.setup, seconds=seconds, clients=self.clients, retries=3))

        thread = threading.Thread(target=load)
        thread.start()
        time.sleep(lead)
        injected = fault() if fault else None
        thread.join()
        outcome["verification"] = verified(self.env, outcome, since, self.work)
        del outcome["accepted_transitions"], outcome["unanswered_steps"]
        return outcome, injected

    @staticmethod
    def nothing_lost(outcome: dict) -> bool:
        verification = outcome["verification"]
        return (
            outcome["server_errors"] == 0
            and verification["accepted"] > 0
            and verification["history_matches"]
            and verification["audit_matches"]
            and verification["audit_chain_ok"]
        )

    @staticmethod
    def summary(outcome: dict) -> dict:
        keep = ("seconds", "requests", "requests_per_second", "p95_ms", "statuses", "server_errors", "failures")
        return {
            **{key: outcome[key] for key in keep},
            "unanswered_requests": outcome["unanswered_requests"],
            "unanswered_examples": outcome["unanswered_examples"][:3],
            "accepted_by_step": outcome["accepted_by_step"],
            "verification": outcome["verification"],
        }


def check_load(checks: Checks, runner: Run, seconds: float) -> None:
    before = app_servers()
    outcome, _ = runner.under_load(seconds)
    after = app_servers()
    served = {name: after[name][1] - before.get(name, ("", 0))[1] for name in after}
    checks.check(
        "load through the balancer: every app server serves, nothing lost",
        runner.nothing_lost(outcome) and outcome["unanswered_requests"] == 0 and all(served.values()),
        {**runner.summary(outcome), "requests_per_app_server": served},
    )


def check_app_server_killed(checks: Checks, runner: Run, seconds: float) -> None:
    def fault():
        cluster_sh("stop-part", "app1", "KILL")
        routed_around = wait_until(lambda: app_servers()["app1"][0].startswith("DOWN"), 10)
        time.sleep(5)  # the load runs on the other server alone for a while
        cluster_sh("start-part", "app1")
        rejoined = wait_until(lambda: app_servers()["app1"][0] == "UP", 30)
        return {"marked_down_by_balancer": routed_around, "rejoined_after_restart": rejoined}

    outcome, injected = runner.under_load(seconds, fault)
    checks.check(
        "kill -9 an app server mid-load: routed around, retries answered, no step twice, nothing lost",
        runner.nothing_lost(outcome) and all(injected.values()),
        {**runner.summary(outcome), **injected},
    )


def check_redis_restarted(checks: Checks, runner: Run, seconds: float) -> None:
    import redis

    cache = redis.Redis(host="127.0.0.1", port=REDIS_PORT)

    def fault():
        keys_before = cache.dbsize()
        cluster_sh("stop-part", "redis")
        time.sleep(2)  # pages are served without the cache meanwhile
        cluster_sh("start-part", "redis")
        return {"keys_before": keys_before}

    outcome, injected = runner.under_load(seconds, fault)
    refilled = cache.dbsize()
    checks.check(
        "restart Redis mid-load: no request fails, nothing lost, the cache fills again",
        runner.nothing_lost(outcome) and outcome["unanswered_requests"] == 0 and refilled > 0,
        {**runner.summary(outcome), **injected, "keys_after": refilled},
    )


def multipart(fields: dict, file_field: str, filename: str, content: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def a_pdf() -> bytes:
    """A small valid PDF, different every time (its own id in the metadata)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"cluster {uuid.uuid4()}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Operator:
    """The fixtures' operator in a browser: the session cookie, the CSRF cookie, the upload form."""

    def __init__(self, port: int, fixture: dict):
        self.port, self.fixture = port, fixture
        self.application = fixture["application"]
        _status, headers, _ = fetch_page(
            port, "GET", f"/applications/{self.application}/", {"Cookie": fixture["cookie"]}
        )
        csrf = next(
            cookie.split(";", 1)[0].split("=", 1)[1]
            for cookie in headers.get_all("Set-Cookie", [])
            if cookie.startswith("csrftoken=")
        )
        self.csrf = csrf
        self.cookie = f"{fixture['cookie']}; csrftoken={csrf}"

    def upload(self) -> tuple[int, bytes]:
        content_type, body = multipart(
            {"csrfmiddlewaretoken": self.csrf, "code": self.fixture["material_code"]}, "file", "材料.pdf", a_pdf()
        )
        status, _headers, content = fetch_page(
            self.port,
            "POST",
            f"/applications/{self.application}/materials/",
            {"Cookie": self.cookie, "Content-Type": content_type, "Referer": f"http://127.0.0.1:{self.port}/"},
            body,
        )
        return status, content

    def download(self, material_id: int) -> int:
        path = f"/applications/{self.application}/materials/{material_id}/"
        return fetch_page(self.port, "GET", path, {"Cookie": self.cookie})[0]


def check_store_unavailable(checks: Checks, runner: Run, seconds: float, fixture: dict) -> None:
    operator = Operator(runner.port, fixture)
    application = fixture["application"]
    start = bench_script(runner.env, "cluster", "materials", str(application), "0")
    status_before, _ = operator.upload()
    before = bench_script(runner.env, "cluster", "materials", str(application), str(start["last_id"]))

    def fault():
        haproxy("set server s3/store state maint")
        outage_started = time.monotonic()
        try:
            upload_status, page = operator.upload()
            during = bench_script(runner.env, "cluster", "materials", str(application), str(before["last_id"]))
            download_status = operator.download(before["ids"][-1]) if before["ids"] else None
        finally:
            time.sleep(max(0.0, STORE_OUTAGE_SECONDS - (time.monotonic() - outage_started)))
            haproxy("set server s3/store state ready")
        return {
            "outage_seconds": round(time.monotonic() - outage_started, 1),
            "upload_during_outage": upload_status,
            "upload_page_says_nothing_saved": SAFE_PAGE in page.decode(errors="replace"),
            "rows_left_by_failed_upload": len(during["ids"]),
            "download_during_outage": download_status,
        }

    outcome, injected = runner.under_load(seconds, fault)
    download_after = operator.download(before["ids"][-1]) if before["ids"] else None
    status_after, _ = operator.upload()
    after = bench_script(runner.env, "cluster", "materials", str(application), str(start["last_id"]))
    detail = {
        **runner.summary(outcome),
        **injected,
        "upload_before": status_before,
        "download_after": download_after,
        "upload_after": status_after,
        "materials_uploaded": len(after["ids"]),
        "unreadable": after["unreadable"],
    }
    checks.check(
        f"object store unavailable for {STORE_OUTAGE_SECONDS} s: uploads fail plainly, no orphan row, downloads "
        "recover, every file readable",
        runner.nothing_lost(outcome)
        and status_before == 302
        and len(before["ids"]) == 1
        and injected["upload_during_outage"] >= 500
        and injected["upload_page_says_nothing_saved"]
        and injected["rows_left_by_failed_upload"] == 0
        and injected["download_during_outage"] != 200
        and download_after == 200
        and status_after == 302
        and len(after["ids"]) == 2
        and not after["unreadable"],
        detail,
    )


def check_worker_killed(checks: Checks, runner: Run, seconds: float) -> None:
    mail = run_dir() / "mail"
    token = f"cluster-{uuid.uuid4().hex[:12]}"

    def delivered() -> int:
        return sum(token.encode() in message.read_bytes() for message in mail.glob("*.eml"))

    def fault():
        (mail / "delay").write_text("8")  # the mail server answers slowly: the worker is in send_mail meanwhile
        try:
            notification = bench_script(runner.env, "cluster", "notify", f"集群测试 {token}")["notification"]
            mid_task = wait_until((mail / "receiving").exists, 30, pause=0.1)
            cluster_sh("stop-part", "worker", "KILL")
        finally:
            (mail / "delay").unlink(missing_ok=True)
        wait_until(lambda: not (mail / "receiving").exists(), 15)
        lost_with_the_worker = delivered() == 0
        cluster_sh("start-part", "worker")
        # The retry job (cron, every few minutes in production) queues the unsent e-mail again.
        run([sys.executable, "manage.py", "resend_notification_emails"], runner.env, capture=True)
        arrived = wait_until(lambda: delivered() >= 1, 30)
        time.sleep(3)  # a second copy would arrive now
        return {
            "killed_mid_send": mid_task,
            "not_delivered_by_killed_worker": lost_with_the_worker,
            "arrived_after_retry": arrived,
            "copies": delivered(),
            "marked_sent": bench_script(runner.env, "cluster", "mail-state", str(notification))["emailed"],
        }

    outcome, injected = runner.under_load(seconds, fault)
    checks.check(
        "kill -9 the task worker mid-task: the task runs again, the e-mail arrives exactly once",
        runner.nothing_lost(outcome)
        and injected["killed_mid_send"]
        and injected["arrived_after_retry"]
        and injected["copies"] == 1
        and injected["marked_sent"],
        {**runner.summary(outcome), **injected},
    )


def check_two_writers(checks: Checks, runner: Run, rounds: int = 5) -> None:
    """Two city-bureau officials, each on their own app server (not through the balancer), post different steps
    on the same submitted application at the same moment."""
    tokens = runner.setup["tokens"]
    officials = ["bench_city_bureau", "bench_city_bureau_2"]
    steps = [
        ("recommend", {"recommendation_opinion": "集群测试：同意推荐"}),
        ("return_to_applicant", {"reasons": "集群测试"}),
    ]
    since = bench_script(runner.env, "load", "mark")
    status, _, content = fetch_page(
        runner.port,
        "GET",
        "/api/v1/applications/?state=submitted&kind=designation",
        {"Authorization": f"Token {tokens[officials[0]]}", "Accept": "application/json"},
    )
    candidates = [a["id"] for a in json.loads(content)["results"]][:rounds] if status == 200 else []
    answers, accepted = [], []
    for application in candidates:
        start = threading.Barrier(2)
        pair = []

        def post(official, port, step, body, application=application, start=start, pair=pair):
            start.wait()
            answer = fetch_page(
                port,
                "POST",
                f"/api/v1/applications/{application}/{step}/",
                {"Authorization": f"Token {tokens[official]}", "Content-Type": "application/json"},
                json.dumps({**body, "expected_state": "submitted"}, ensure_ascii=False).encode(),
            )
            pair.append((answer[0], step, answer[2]))

        threads = [
            threading.Thread(target=post, args=(official, port, *step))
            for official, port, step in zip(officials, APP_PORTS[:2], steps, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        answers.append(sorted(status for status, _step, _content in pair))
        for status, step, content in pair:
            if status == 200:
                accepted.append(
                    {
                        "application": application,
                        "action": step,
                        "from": "submitted",
                        "to": json.loads(content)["state"],
                    }
                )
    outcome = {"accepted_transitions": accepted, "unanswered_steps": []}
    verification = verified(runner.env, outcome, since, runner.work)
    checks.check(
        "two writers on two app servers at once: exactly one wins, one history row and one audit entry",
        len(candidates) >= 3
        and all(pair == [200, 409] for pair in answers)
        and verification["history_matches"]
        and verification["audit_matches"]
        and verification["audit_chain_ok"],
        {"applications": candidates, "answers": answers, "verification": verification},
    )


def check_verify_audit(checks: Checks, env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    checks.check(
        "manage.py verify_audit on the cluster's database",
        result.returncode == 0,
        (result.stdout + result.stderr).strip()[-500:],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "command", nargs="?", default="run", choices=["run", "fixtures", "materials", "notify", "mail-state"]
    )
    parser.add_argument("arguments", nargs="*")
    parser.add_argument("--seconds", type=float, default=30, help="the load's length in each run")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--results", type=Path, help="write the checks' details here (JSON)")
    args = parser.parse_args()

    if args.command != "run":
        setup_django()
        handlers = {"fixtures": fixtures, "materials": materials, "notify": notify, "mail-state": mail_state}
        values = [int(a) if a.isdigit() else a for a in args.arguments]
        print_json(handlers[args.command](*values))
        return

    env = cluster_environment()
    work = work_directory()
    setup = bench_script(env, "pages")
    fixture = bench_script(env, "cluster", "fixtures")
    runner = Run(env, setup, work, clients=args.clients)
    checks = Checks()
    started = time.perf_counter()
    for name, step in (
        # First, while the load's pool still holds submitted applications.
        ("two writers", lambda: check_two_writers(checks, runner)),
        ("load", lambda: check_load(checks, runner, args.seconds)),
        ("app server", lambda: check_app_server_killed(checks, runner, args.seconds)),
        ("redis", lambda: check_redis_restarted(checks, runner, args.seconds)),
        ("object store", lambda: check_store_unavailable(checks, runner, args.seconds, fixture)),
        ("task worker", lambda: check_worker_killed(checks, runner, args.seconds)),
        ("verify_audit", lambda: check_verify_audit(checks, env)),
    ):
        try:
            step()
        except Exception as error:  # one broken check must not hide the others
            checks.check(f"{name}: the check itself ran", False, repr(error))
    passed = all(result["passed"] for result in checks.results)
    print(
        f"{'PASS' if passed else 'FAIL'}: {sum(r['passed'] for r in checks.results)}/{len(checks.results)} checks "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    if args.results:
        args.results.write_text(json.dumps(checks.results, ensure_ascii=False, indent=2, default=str) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
