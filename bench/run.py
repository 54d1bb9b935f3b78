"""make bench: generate the national-scale data set (and a 1/10 copy), serve it with gunicorn under production
settings, time the main pages with 1 and 16 clients against a bare view (the floor), count each page's SQL
queries at both sizes, time the heavy operations, run the load, measure the workers' memory; print one
table and write bench/results.json. See bench/README.md.

    .venv/bin/python bench/run.py [--scale 1] [--requests 60] [--requests-16 240] [--workers 3]
                                  [--load-seconds 60] [--reuse] [--target server|cluster]
"""

import argparse
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.common import (
    FULL_DB,
    RESULTS,
    TEMPLATE_DB,
    TENTH_DB,
    bench_environment,
    bench_script,
    cluster_environment,
    cluster_port,
    database_name,
    database_url,
    maintenance_url,
    manage,
    work_directory,
)
from bench.generate import migrate, recreate_database
from bench.load import checked_load
from bench.server import Server, hammer

P95_TARGET_MS = 150
RSS_LIMIT_MB = 250


def machine(url: str) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
    with psycopg.connect(maintenance_url(url)) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "postgresql": postgres,
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def generate(args, work: Path) -> dict:
    """The template database (migrated once), then the full and the 1/10 data sets copied from it."""
    started = time.perf_counter()
    template = database_url(TEMPLATE_DB)
    recreate_database(template)
    migrate(template)
    generated = {"template_migrate_seconds": round(time.perf_counter() - started, 1)}
    for key, name, scale in (("full", FULL_DB, args.scale), ("tenth", TENTH_DB, args.scale / 10)):
        env = bench_environment(database_url(name), work)
        print(f"generating {name} (scale {scale:g}) …", file=sys.stderr, flush=True)
        generated[key] = bench_script(
            env, "generate", database_url(name), "--scale", str(scale), "--template", TEMPLATE_DB
        )
    return generated


def time_pages(server: Server, setup: dict, *, clients: int, requests: int, workers: int) -> dict:
    timings = {}
    for page in setup["pages"]:
        headers = {"Cookie": setup["cookies"][page["role"]]} if page["role"] else {}
        # Every worker has served the page before it is timed (concurrent requests reach all of them).
        hammer(server.port, page["path"], clients=workers, requests=3 * workers, headers=headers)
        timings[page["name"]] = hammer(server.port, page["path"], clients=clients, requests=requests, headers=headers)
        summary = timings[page["name"]].summary()
        print(f"  {clients:>2} client(s) {page['name']:<26} p95 {summary['p95_ms']} ms", file=sys.stderr, flush=True)
    return {name: timing.summary() for name, timing in timings.items()}


def assemble(setup: dict, single: dict, concurrent: dict, queries: dict) -> dict:
    pages = {}
    floor_1, floor_16 = single["floor"]["rps"], concurrent["floor"]["rps"]
    for page in setup["pages"]:
        name = page["name"]
        one, sixteen = single[name], concurrent[name]
        pages[name] = {
            "path": page["path"],
            "role": page["role"] or "anonymous",
            "clients_1": one,
            "clients_16": sixteen,
            "throughput_vs_floor_1": round(one["rps"] / floor_1, 3),
            "throughput_vs_floor_16": round(sixteen["rps"] / floor_16, 3),
            "queries_tenth": queries["tenth"][name]["queries"],
            "queries_full": queries["full"][name]["queries"],
            "status_in_process": queries["full"][name]["status"],
            "slowest_sql_full": queries["full"][name]["sql"],
            "meets_p95_target": name == "floor" or one["p95_ms"] < P95_TARGET_MS,
            "queries_constant": queries["tenth"][name]["queries"] == queries["full"][name]["queries"],
            "no_errors_16": sixteen["server_errors"] == 0 and sixteen["other_non_2xx"] == 0,
        }
    return pages


def table(results: dict) -> str:
    head = (
        f"{'page':<24} {'role':<12} {'q 1/10':>6} {'q full':>6} │ {'1 client: med':>13} {'p95':>6} {'req/s':>6} │ "
        f"{'16 clients: med':>15} {'p95':>6} {'req/s':>6} {'×floor':>6} {'err':>4} │ ok"
    )
    lines = [head, "─" * len(head)]
    for name, page in results["pages"].items():
        one, sixteen = page["clients_1"], page["clients_16"]
        ok = page["meets_p95_target"] and page["queries_constant"] and page["no_errors_16"]
        lines.append(
            f"{name:<24} {page['role']:<12} {page['queries_tenth']:>6} {page['queries_full']:>6} │ "
            f"{one['median_ms']:>13} {one['p95_ms']:>6} {one['rps']:>6} │ {sixteen['median_ms']:>15} "
            f"{sixteen['p95_ms']:>6} {sixteen['rps']:>6} {page['throughput_vs_floor_16']:>6} "
            f"{sixteen['server_errors'] + sixteen['other_non_2xx']:>4} │ {'yes' if ok else 'NO'}"
        )
    operations = results["operations"]
    load = results["load"]
    lines += [
        "",
        f"dossier import: {operations['dossier_import']['create_enterprises_per_second']} enterprises/s "
        f"(new park of {operations['dossier_import']['enterprises']}), "
        f"{operations['dossier_import']['replace_enterprises_per_second']} enterprises/s replacing them",
        f"eligibility check: {operations['eligibility_check']['dossiers_per_second']} dossiers/s "
        f"(mean {operations['eligibility_check']['mean_enterprises']} enterprises)",
        f"Excel roster import: {operations['roster_import']['rows']} rows in {operations['roster_import']['seconds']} s",
        f"rendering: one document {operations['rendering']['one_document_pdf_seconds']} s, "
        f"the seven attachments (ZIP) {operations['rendering']['seven_attachments_zip_seconds']} s",
        f"load: {load['seconds']} s, {load['clients']} clients, {load['requests']} requests "
        f"({load['requests_per_second']}/s), {sum(load['accepted_by_step'].values())} transitions accepted "
        f"{load['accepted_by_step']}, {load['conflicts_409']} × 409, {load['server_errors']} server errors; "
        f"history exact: {load['verification']['history_matches']}, audit exact: "
        f"{load['verification']['audit_matches']}, chain: {load['verification']['audit_chain_message']}",
        f"gunicorn workers' RSS after the run (MB): {results['worker_rss_mb']} (limit {RSS_LIMIT_MB})",
        f"targets met: {results['targets']}",
    ]
    return "\n".join(lines)


def on_cluster(args) -> None:
    """--target cluster: the pages (1 and 16 clients) and the load through the running cluster's balancer
    (`make cluster`, on the data set bench/generate.py put in its database). The data set, the query counts,
    the operations and the workers' memory belong to the single-server run."""
    work = work_directory()
    env, port = cluster_environment(), cluster_port()
    setup = bench_script(env, "pages")
    setup["pages"] = [page for page in setup["pages"] if page["name"] != "floor"]  # a bench-only URL
    # One warm-up per page reaches every gunicorn worker of both app servers before the timing.
    warm_up = 2 * args.workers
    results = {"machine": machine(database_url(database_name(env["DATABASE_URL"]))), "target": "cluster"}
    results["pages"] = {}
    for clients, requests in ((1, args.requests), (16, args.requests_16)):
        for page in setup["pages"]:
            headers = {"Cookie": setup["cookies"][page["role"]]} if page["role"] else {}
            hammer(port, page["path"], clients=warm_up, requests=warm_up, headers=headers)
            summary = hammer(port, page["path"], clients=clients, requests=requests, headers=headers).summary()
            results["pages"].setdefault(page["name"], {"path": page["path"]})[f"clients_{clients}"] = summary
            print(
                f"  {clients:>2} client(s) {page['name']:<26} p95 {summary['p95_ms']} ms", file=sys.stderr, flush=True
            )
    print(f"load run ({args.load_seconds:g} s) …", file=sys.stderr, flush=True)
    results["load"] = checked_load(env, port, setup, seconds=args.load_seconds, clients=16, retries=3, scratch=work)
    results["targets"] = {
        "no errors with 16 clients": all(p["clients_16"]["server_errors"] == 0 for p in results["pages"].values()),
        "load without loss": results["load"]["passed"],
    }
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    for name, page in results["pages"].items():
        one, sixteen = page["clients_1"], page["clients_16"]
        print(
            f"{name:<26} 1 client: p95 {one['p95_ms']:>7} ms {one['rps']:>6}/s   16 clients: p95 "
            f"{sixteen['p95_ms']:>7} ms {sixteen['rps']:>6}/s  errors {sixteen['server_errors']}"
        )
    load = results["load"]
    print(
        f"load: {load['requests']} requests ({load['requests_per_second']}/s), {load['accepted_by_step']}, "
        f"{load['server_errors']} server errors, history exact: {load['verification']['history_matches']}, "
        f"audit exact: {load['verification']['audit_matches']}, chain: {load['verification']['audit_chain_message']}"
    )
    print(f"targets met: {results['targets']}\nwritten: {args.results}")
    sys.exit(0 if all(results["targets"].values()) else 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale; 0.01 for a quick run")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page with 1 client")
    parser.add_argument("--requests-16", type=int, default=240, help="timed requests per page with 16 clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (docs/deployment.md)")
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--reuse", action="store_true", help="keep the databases of the last run (no generation)")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where to write the results (default {RESULTS})")
    parser.add_argument(
        "--target",
        choices=["server", "cluster"],
        default="server",
        help="server: generate, serve and measure (the default); cluster: measure the running `make cluster`",
    )
    args = parser.parse_args()
    if args.target == "cluster":
        on_cluster(args)

    work = work_directory()
    full_env = bench_environment(database_url(FULL_DB), work)
    tenth_env = bench_environment(database_url(TENTH_DB), work)
    results = {"machine": machine(database_url(FULL_DB)), "scale": args.scale, "workers": args.workers}
    results["generation"] = None if args.reuse else generate(args, work)

    manage(full_env, "collectstatic", "--no-input", "-v", "0")
    print("counting queries …", file=sys.stderr, flush=True)
    queries = {"tenth": bench_script(tenth_env, "queries"), "full": bench_script(full_env, "queries")}
    setup = bench_script(full_env, "pages")

    with Server(full_env, args.workers) as server:
        single = time_pages(server, setup, clients=1, requests=args.requests, workers=args.workers)
        concurrent = time_pages(server, setup, clients=16, requests=args.requests_16, workers=args.workers)
        print(f"load run ({args.load_seconds:g} s) …", file=sys.stderr, flush=True)
        results["load"] = checked_load(full_env, server.port, setup, seconds=args.load_seconds, clients=16)
        results["worker_rss_mb"] = server.worker_rss_mb()

    print("timing operations …", file=sys.stderr, flush=True)
    results["operations"] = bench_script(full_env, "operations")
    results["pages"] = assemble(setup, single, concurrent, queries)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    pages = [p for name, p in results["pages"].items() if name != "floor"]
    results["targets"] = {
        f"p95 < {P95_TARGET_MS} ms with 1 client": all(p["meets_p95_target"] for p in pages),
        "queries identical at 1/10 and full size": all(p["queries_constant"] for p in pages),
        "no errors with 16 clients": all(p["no_errors_16"] for p in results["pages"].values()),
        f"worker RSS < {RSS_LIMIT_MB} MB": bool(results["worker_rss_mb"])
        and max(results["worker_rss_mb"]) < RSS_LIMIT_MB,
        "load without loss": results["load"]["passed"],
    }
    args.results.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n")
    shutil.rmtree(work, ignore_errors=True)  # kept when a step fails: its gunicorn.log is there
    print(table(results))
    print(f"\nwritten: {args.results}")
    sys.exit(0 if all(results["targets"].values()) else 1)


if __name__ == "__main__":
    main()
