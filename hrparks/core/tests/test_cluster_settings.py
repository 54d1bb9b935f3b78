"""The cluster's settings (docs/deployment.md, "The cluster"): REDIS_URL and DATABASE_POOLING change only what
they name, and the Redis cache stays a cache when Redis is away. The cluster itself runs in make test-cluster."""

import json
import socket
import subprocess
import sys

from hrparks.core.tests.test_security import ROOT, production_env

PROBE = """
import json
from django.conf import settings
from django.core.cache import cache
database = settings.DATABASES["default"]
redis = settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
if redis:
    cache.set("probe", "value", 60)
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "server_side_cursors_disabled": database.get("DISABLE_SERVER_SIDE_CURSORS", False),
    "prepare_threshold": database.get("OPTIONS", {}).get("prepare_threshold", "unset"),
    "read_back": cache.get("probe", "missed") if redis else None,
}))
"""


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (Redis is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def probe(**extra) -> dict:
    """The settings as an app server started with `extra` in its environment has them (no database needed)."""
    env = production_env(DATABASE_URL="postgres://hrparks@127.0.0.1:6433/hrparks", **extra)
    for name in {"REDIS_URL", "DATABASE_POOLING"} - set(extra):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_the_cluster_variables_the_cache_is_the_database_and_cursors_are_untouched():
    settings = probe()
    assert settings["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings["server_side_cursors_disabled"] is False
    assert settings["prepare_threshold"] == "unset"


def test_behind_pgbouncer_no_server_side_cursors_and_no_prepared_statements():
    settings = probe(DATABASE_POOLING="transaction", REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert settings["server_side_cursors_disabled"] is True
    assert settings["prepare_threshold"] is None


def test_with_redis_down_the_cache_misses_instead_of_failing_the_page():
    settings = probe(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    assert settings["cache"] == "django_redis.cache.RedisCache"
    assert settings["read_back"] == "missed"  # the write was dropped, the read missed: no exception
