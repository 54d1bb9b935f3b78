"""Production settings pass Django's deployment checklist; every page carries the security headers."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        HRPARKS_AUDIT_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="hrparks.example.gov.cn",
        **extra,
    )
    return env


SCALE_OUT = {
    # Several app servers: shared PostgreSQL and S3-compatible object storage (docs/deployment.md).
    "FILE_STORAGE": "s3",
    "S3_BUCKET": "hrparks-files",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "DATABASE_URL": "postgres://hrparks@127.0.0.1:5432/hrparks",
}


@pytest.mark.parametrize("extra", [{}, SCALE_OUT], ids=["single-server", "scale-out"])
def test_check_deploy_is_clean_under_production_settings(extra):
    """Boots the whole app with the production settings (and the scale-out ones) and runs the deployment checks."""
    probe = "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    storage = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", probe],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        check=False,
    )
    expected = "S3Storage" if extra else "FileSystemStorage"
    assert expected in storage.stdout, storage.stdout + storage.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_pages_forbid_inline_scripts_and_framing(client, db):
    response = client.get(reverse("accounts:login"))
    policy = response.headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script():
    """The CSP allows scripts from our own files only: an inline <script> or onclick= would be blocked."""
    offenders = []
    for template in (ROOT / "hrparks").glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template.relative_to(ROOT)}: {tag}")
        offenders += [f"{template.relative_to(ROOT)}: {h}" for h in re.findall(r"\son[a-z]+=\S+", text)]
    assert offenders == []
