"""Load without loss: 16 clients for at least 60 s against the production-like server — operators submitting,
city bureaus returning and recommending, city governments forwarding (through the API, each official with
their own token, several of them on the same applications), the rest reading the measured pages — then:
no 5xx, every accepted transition in the history (ApplicationEvent) and in the audit log exactly once, the
audit chain verified.

    python -m bench.load run [DATABASE_URL] [--seconds 60] [--clients 16]

runs against an already generated database (bench/run.py's, by default) with its own server; bench/run.py
calls `drive` with its running server instead, and the checks (`mark`, `verify`) run inside Django.
"""

import argparse
import http.client
import json
import random
import shutil
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.common import (
    FULL_DB,
    bench_environment,
    bench_script,
    cluster_environment,
    cluster_port,
    database_url,
    print_json,
    setup_django,
    work_directory,
)

# What each kind of writer does: the state it looks for, and the steps it takes from there (with weights).
WRITERS = {
    "operator": (("draft", "returned"), {"submit": 1}),
    "city_bureau": (("submitted",), {"return_to_applicant": 3, "recommend": 1}),
    "city_government": (("recommended",), {"forward": 1}),
}
BODIES = {
    "submit": {"comment": "压力测试：提交审核"},
    "return_to_applicant": {"reasons": "压力测试：请补充材料"},
    "recommend": {"recommendation_opinion": "压力测试：同意推荐"},
    "forward": {"document_number": "示府函〔2026〕1号", "document_date": None},  # today, when sent
}
# Answers that mean "this request got no answer from the application" (the balancer's, or a dropped connection):
# with retries, the client asks again after a pause.
RETRIED = {502, 503, 504}
RETRY_PAUSE = 0.5
# The load's clients: (kind, bench user). Readers use the measured pages' session cookies.
CLIENTS = [
    ("operator", "bench_operator"),
    ("city_bureau", "bench_city_bureau"),
    ("city_bureau", "bench_city_bureau_2"),
    ("operator", "bench_operator"),
    ("city_bureau", "bench_city_bureau_3"),
    ("city_government", "bench_city_government"),
    ("city_bureau", "bench_city_bureau_4"),
    ("city_government", "bench_city_government_2"),
]


def drive(port: int, setup: dict, *, seconds: float, clients: int, seed: int = 7, retries: int = 0) -> dict:
    """Run the mixed load; returns the accepted transitions and what every request answered. With `retries`
    (the cluster's fault runs) an unanswered request is retried, and the steps whose first attempt went
    unanswered are returned as `unanswered_steps`: each of them may be in the history once, or not at all."""
    from bench.server import request

    writers = CLIENTS[: min(len(CLIENTS), clients // 2)]
    readers = clients - len(writers)
    pages = [page for page in setup["pages"] if page["name"] != "floor"]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    accepted, statuses, failures, broken, unanswered, unanswered_steps = [], Counter(), [], [], [], []
    latencies = []

    def attempt(method, path, headers, body):
        started = time.perf_counter()
        try:
            status, content = request(port, path, method=method, headers=headers, body=body)
        except (OSError, http.client.HTTPException) as error:  # refused or dropped: no answer at all
            return None, repr(error).encode(), time.perf_counter() - started
        return status, content, time.perf_counter() - started

    def call(method, path, headers, body=None, step=None):
        """One request; with `retries`, a 502/503/504 or a dropped connection is asked again after a pause (as a
        person would press the button again). An unanswered workflow `step` may or may not have been taken."""
        for remaining in range(retries, -1, -1):
            status, content, elapsed = attempt(method, path, headers, body)
            answered = status is not None and status not in RETRIED
            with lock:
                if status is not None:
                    statuses[status] += 1
                    latencies.append(elapsed)
                if not answered:
                    unanswered.append(f"{method} {path}: {status or content.decode()}")
                    if step:
                        unanswered_steps.append(step)
            if answered or not remaining:
                break
            time.sleep(RETRY_PAUSE)
        if status is None:
            with lock:
                broken.append(f"{method} {path}: {content.decode()}")
            return None, b""
        if status >= 500:
            with lock:
                failures.append(f"{method} {path}: {status}")
        return status, content

    def writer(kind, username, rng):
        states, steps = WRITERS[kind]
        headers = {"Authorization": f"Token {setup['tokens'][username]}", "Accept": "application/json"}
        while time.monotonic() < deadline:
            state = rng.choice(states)
            status, content = call("GET", f"/api/v1/applications/?state={state}&kind=designation", headers)
            candidates = json.loads(content)["results"] if status == 200 else []
            if not candidates:
                reader(rng, once=True)  # nothing to do for now: read like everyone else
                continue
            application = rng.choice(candidates)
            step = rng.choices(list(steps), list(steps.values()))[0]
            body = {**BODIES[step], "expected_state": application["state"]}
            if "document_date" in body:
                body["document_date"] = date.today().isoformat()
            status, content = call(
                "POST",
                f"/api/v1/applications/{application['id']}/{step}/",
                {**headers, "Content-Type": "application/json"},
                json.dumps(body, ensure_ascii=False).encode(),
                step={"application": application["id"], "action": step, "from": application["state"]},
            )
            if status == 200:
                with lock:
                    accepted.append(
                        {
                            "application": application["id"],
                            "action": step,
                            "from": application["state"],
                            "to": json.loads(content)["state"],
                        }
                    )

    def reader(rng, once=False):
        while time.monotonic() < deadline:
            page = rng.choice(pages)
            headers = {"Cookie": setup["cookies"][page["role"]]} if page["role"] else {}
            call("GET", page["path"], headers)
            if once:
                return

    rngs = random.Random(seed)  # noqa: S311 - which page or application to pick, not secrets
    threads = [threading.Thread(target=writer, args=(k, u, random.Random(rngs.random()))) for k, u in writers]  # noqa: S311
    threads += [threading.Thread(target=reader, args=(random.Random(rngs.random()),)) for _ in range(readers)]  # noqa: S311
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "clients": clients,
        "writers": len(writers),
        "seconds": round(wall, 1),
        "requests": sum(statuses.values()),
        "requests_per_second": round(sum(statuses.values()) / wall, 1),
        "p95_ms": round(latencies[int(0.95 * len(latencies))] * 1000, 1) if latencies else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_errors": len(failures) + len(broken),  # after the retries, if any
        "failures": (failures + broken)[:20],
        "accepted_transitions": accepted,
        "unanswered_requests": len(unanswered),
        "unanswered_examples": unanswered[:10],
        "unanswered_steps": unanswered_steps,
        "accepted_by_step": dict(Counter(a["action"] for a in accepted)),
        "conflicts_409": statuses.get(409, 0),
    }


# --- inside Django ---------------------------------------------------------------------------------------


def mark() -> dict:
    """Where the history and the audit log end before the load."""
    from django.db.models import Max

    from hrparks.applications.models import ApplicationEvent
    from hrparks.audit.models import AuditHead

    return {
        "event_id": ApplicationEvent.objects.aggregate(last=Max("pk"))["last"] or 0,
        "audit_seq": AuditHead.objects.values_list("seq", flat=True).first() or 0,
    }


def verify(accepted: list[dict], since: dict, unanswered: list[dict] = ()) -> dict:
    """Each accepted transition is one history row and one audit entry — no more, no fewer; the chain holds.
    A step whose request went unanswered (`unanswered`, retried by the client) may be in the history once
    more than it was accepted, never twice; the audit log holds exactly what the history holds."""
    from hrparks.applications.models import ApplicationEvent
    from hrparks.audit.chain import verify_chain
    from hrparks.audit.models import AuditEntry

    steps = set(BODIES)
    # A step is its application, its action and the state it was taken from; where it led is the workflow
    # table's business (and the API's answer shows the application as it is by then, perhaps moved on again).
    expected = Counter((a["application"], a["action"], a["from"]) for a in accepted)
    events = ApplicationEvent.objects.filter(pk__gt=since["event_id"], action__in=steps)
    recorded = Counter(events.values_list("application_id", "action", "from_state"))
    audited = Counter(
        (int(object_id), action.removeprefix("application."))
        for object_id, action in AuditEntry.objects.filter(
            seq__gt=since["audit_seq"], action__in=[f"application.{s}" for s in steps]
        ).values_list("object_id", "action")
    )
    maybe = Counter((u["application"], u["action"], u["from"]) for u in unanswered)
    extra = recorded - expected
    unexplained = Counter({key: count for key, count in extra.items() if count > maybe[key]})
    started = time.perf_counter()
    chain = verify_chain()
    return {
        "accepted": len(accepted),
        "unanswered_steps": len(unanswered),
        "taken_though_unanswered": sum(extra.values()),
        "history_rows": sum(recorded.values()),
        "history_matches": not (expected - recorded) and not unexplained,
        "history_missing": [list(k) for k in (expected - recorded)][:10],
        "history_extra": [list(k) for k in unexplained][:10],
        "audit_entries": sum(audited.values()),
        "audit_matches": audited == Counter((a, action) for (a, action, _from) in recorded.elements()),
        "audit_chain_ok": chain.ok,
        "audit_chain_message": chain.message,
        "audit_chain_entries": chain.count,
        "verify_chain_seconds": round(time.perf_counter() - started, 1),
    }


def checked_load(
    env: dict, port: int, setup: dict, *, seconds: float, clients: int, retries: int = 0, scratch: Path | None = None
) -> dict:
    """mark → drive → verify: the load run's whole result (bench/run.py, bench/cluster.py and main)."""
    since = bench_script(env, "load", "mark")
    outcome = drive(port, setup, seconds=seconds, clients=clients, retries=retries)
    outcome["verification"] = verified(env, outcome, since, scratch or Path(env["MEDIA_ROOT"]).parent)
    outcome["passed"] = (
        outcome["server_errors"] == 0
        and outcome["verification"]["history_matches"]
        and outcome["verification"]["audit_matches"]
        and outcome["verification"]["audit_chain_ok"]
    )
    outcome["long_enough"] = seconds >= 60
    del outcome["accepted_transitions"], outcome["unanswered_steps"]
    return outcome


def verified(env: dict, outcome: dict, since: dict, scratch: Path) -> dict:
    """`verify` of a driven load, in its own Django process on the load's database."""
    accepted_file = scratch / "accepted.json"
    accepted_file.write_text(
        json.dumps(
            {"accepted": outcome["accepted_transitions"], "since": since, "unanswered": outcome["unanswered_steps"]}
        )
    )
    return bench_script(env, "load", "verify", str(accepted_file))


def main() -> None:
    from bench.common import manage
    from bench.server import Server

    parser = argparse.ArgumentParser(description="the load run against an already generated bench database")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "mark", "verify"])
    parser.add_argument("argument", nargs="?", help="run: the database URL; verify: the accepted-transitions file")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--target",
        choices=["server", "cluster"],
        default="server",
        help="server: its own gunicorn on the database; cluster: the running `make cluster`, through its balancer",
    )
    args = parser.parse_args()

    if args.command == "mark":
        setup_django()
        print_json(mark())
    elif args.command == "verify":
        setup_django()
        recorded = json.loads(Path(args.argument).read_text())
        print_json(verify(recorded["accepted"], recorded["since"], recorded.get("unanswered", [])))
    elif args.target == "cluster":
        work = work_directory()
        env, port = cluster_environment(), cluster_port()
        setup = bench_script(env, "pages")
        outcome = checked_load(env, port, setup, seconds=args.seconds, clients=args.clients, retries=3, scratch=work)
        print(json.dumps(outcome, ensure_ascii=False, indent=2))
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(0 if outcome["passed"] else 1)
    else:
        work = work_directory()
        env = bench_environment(args.argument or database_url(FULL_DB), work)
        manage(env, "collectstatic", "--no-input", "-v", "0")
        setup = bench_script(env, "pages")
        with Server(env, args.workers) as server:
            outcome = checked_load(env, server.port, setup, seconds=args.seconds, clients=args.clients)
            outcome["worker_rss_mb"] = server.worker_rss_mb()
        print(json.dumps(outcome, ensure_ascii=False, indent=2))
        shutil.rmtree(work, ignore_errors=True)
        sys.exit(0 if outcome["passed"] else 1)


if __name__ == "__main__":
    main()
