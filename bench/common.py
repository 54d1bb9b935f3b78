"""What every bench script shares: the databases, the production-like environment, running manage.py and the
other bench scripts as separate processes (each Django process works on one database), JSON in and out."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = "postgres://postgres@127.0.0.1:5432"
# BENCH_DATABASE names the bench's databases (…, …_tenth, …_template), so that two runs can share a server.
FULL_DB = os.environ.get("BENCH_DATABASE", "hrparks_bench")
TENTH_DB = f"{FULL_DB}_tenth"
TEMPLATE_DB = f"{FULL_DB}_template"
RESULTS = ROOT / "bench" / "results.json"
# Every bench user logs in with this (the users are created by generate.py, in the bench databases only).
PASSWORD = "bench-password-2026"  # noqa: S105 - bench databases only


def database_url(name: str, server: str = SERVER) -> str:
    return f"{server.rstrip('/')}/{name}"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    """The same server's `postgres` database, from which bench databases are dropped and created."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))


def bench_environment(url: str, work_dir: Path) -> dict:
    """Production settings (DJANGO_ENV=production) as a bureau's server runs them, on `url`: no debug, the
    manifest static files storage, secure cookies. HTTPS redirection is the reverse proxy's job (off here)."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "bench-only-secret-key-not-for-any-real-installation-0123456789",
            "SECURE_SSL_REDIRECT": "false",
            # testserver: the in-process measurements (query counts) use Django's test client.
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DATABASE_URL": url,
            "BENCH_STATIC_ROOT": str(work_dir / "static"),
            "MEDIA_ROOT": str(work_dir / "media"),
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("DEBUG", None)
    return env


def cluster_environment() -> dict:
    """The environment of the running cluster's app servers (`scripts/cluster.sh env`), for bench scripts that
    work on its database (through PgBouncer, as the app servers do)."""
    output = run(["scripts/cluster.sh", "env"], dict(os.environ), capture=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for line in output.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value
    return env


def cluster_port() -> int:
    """The cluster's balancer (scripts/cluster.sh)."""
    return int(os.environ.get("CLUSTER_BALANCER_PORT", "8100"))


def work_directory() -> Path:
    return Path(tempfile.mkdtemp(prefix="hrparks-bench-"))


def run(command: list[str], env: dict, *, capture: bool = False) -> str:
    """Run a command from the repository root; stop the bench with its output when it fails."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=capture, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")
    return result.stdout if capture else ""


def manage(env: dict, *args: str) -> str:
    return run([PYTHON, "manage.py", *args], env, capture=True)


def bench_script(env: dict, module: str, *args: str) -> dict:
    """Run `python -m bench.<module> args…` in its own process; it prints one JSON document."""
    output = run([PYTHON, "-m", f"bench.{module}", *args], env, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def setup_django() -> None:
    """For the scripts that run inside Django: DATABASE_URL and the settings come from the environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def print_json(document: dict) -> None:
    """The last line of a bench script's output is its result (bench_script reads it)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
