"""Tampering is detectable without trusting the database (issue 13, item 8): the hashes are keyed with a
secret from the environment, and signed checkpoints of the head, written outside the database, catch a
rewrite even by someone who recomputed every hash."""

import hashlib
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hrparks.audit.chain import GENESIS_HASH, HASHED_FIELDS, Problem, entry_digest, verify_chain
from hrparks.audit.checkpoints import read_checkpoints, verify_checkpoints
from hrparks.audit.context import acting_as
from hrparks.audit.models import AuditEntry, AuditHead
from hrparks.core.tests.test_security import ROOT, production_env
from hrparks.parks.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(users, park):
    with acting_as(users["city_bureau"]):
        EnterpriseFactory(park=park)
        park.staff_count = 15
        park.save()
    return list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def checkpoint() -> None:
    call_command("audit_checkpoint", stdout=StringIO())


def rechain(*, key_version, digest=entry_digest, change=None) -> None:
    """What someone with write access to the database does: alter an entry, then recompute every hash and
    link after it (and the head) so that the chain holds together again."""
    previous = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("seq"):
        content = {name: getattr(entry, name) for name in HASHED_FIELDS}
        if change and entry.seq == change[0]:
            content["changes"] = change[1]
        content.update(prev_hash=previous, key_version=key_version)
        previous = digest(content)
        fields = {name: content[name] for name in ("changes", "prev_hash", "key_version")}
        AuditEntry.objects.filter(seq=entry.seq).update(hash=previous, **fields)
    AuditHead.objects.filter(pk=1).update(hash=previous)


def plain_sha256(content) -> str:
    return entry_digest({**content, "key_version": None})


def test_new_entries_are_keyed_and_verify(history):
    assert set(AuditEntry.objects.values_list("key_version", flat=True)) == {1}
    assert verify_chain().ok


def test_recomputing_the_hashes_without_the_key_is_caught(history, unguarded):
    rechain(key_version=1, digest=lambda content: hashlib.sha256(repr(content).encode()).hexdigest())
    assert verify_chain().problem == Problem.ALTERED


def test_entries_from_before_the_key_keep_verifying_and_new_ones_follow_them(history, unguarded, users, park):
    rechain(key_version=None, digest=plain_sha256)  # the log as the previous release wrote it
    with acting_as(users["city_bureau"]):
        park.staff_count = 16
        park.save()
    assert list(AuditEntry.objects.order_by("seq").values_list("key_version", flat=True))[-1] == 1
    assert verify_chain().ok and verify_chain().count == len(history) + 1


def test_an_unkeyed_entry_after_a_keyed_one_is_a_rewrite(history, unguarded):
    last = history[-1]
    entry = AuditEntry.objects.get(seq=last)
    content = {name: getattr(entry, name) for name in HASHED_FIELDS}
    AuditEntry.objects.filter(seq=last).update(key_version=None, hash=plain_sha256(content))
    AuditHead.objects.filter(pk=1).update(hash=plain_sha256(content))
    assert (verify_chain().problem, verify_chain().seq) == (Problem.UNKEYED, last)


def test_a_rewrite_of_the_whole_chain_is_caught_by_the_checkpoint(history, unguarded):
    checkpoint()
    target = history[-1]
    # Even with the key (or as unkeyed legacy entries), the rewritten chain holds together by itself...
    rechain(key_version=None, digest=plain_sha256, change=(target, {"staff_count": [12, 99]}))
    assert verify_chain().ok
    # ...but no longer matches what the checkpoint vouched for.
    report = verify_checkpoints(verify_chain())
    assert (report.problem, report.seq) == (Problem.CHECKPOINT_MISMATCH, target)
    with pytest.raises(CommandError, match="签名检查点"):
        verify_audit()


def test_entries_removed_after_a_checkpoint_are_caught(history, unguarded):
    checkpoint()
    last = AuditEntry.objects.get(seq=history[-1])
    AuditEntry.objects.filter(seq=last.seq).delete()
    AuditHead.objects.filter(pk=1).delete()
    AuditHead.objects.create(pk=1, seq=last.seq - 1, hash=last.prev_hash)
    assert verify_chain().ok
    report = verify_checkpoints(verify_chain())
    assert (report.problem, report.seq) == (Problem.CHECKPOINT_AHEAD, last.seq)


def test_a_forged_checkpoint_is_reported(history, users, park):
    checkpoint()
    path = read_checkpoints()[0].path
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "seq": record["seq"] - 1}))
    assert verify_checkpoints(verify_chain()).problem == Problem.CHECKPOINT_FORGED


def test_later_entries_keep_verifying_against_earlier_checkpoints(history, users, park):
    checkpoint()
    with acting_as(users["city_bureau"]):
        park.staff_count = 17
        park.save()
    checkpoint()
    assert len(read_checkpoints()) == 2
    assert "审计链完整" in verify_audit()


def test_an_empty_log_writes_no_checkpoint(db):
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert read_checkpoints() == []


@pytest.mark.parametrize("key", [None, "dev-only-audit-key-never-use-it-in-production", "short"])
def test_production_refuses_to_start_without_a_real_audit_key(key):
    env = production_env()
    env.pop("HRPARKS_AUDIT_KEY")
    if key is not None:
        env["HRPARKS_AUDIT_KEY"] = key
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert ("HRPARKS_AUDIT_KEY" if key is None else "audit.E001") in result.stderr
