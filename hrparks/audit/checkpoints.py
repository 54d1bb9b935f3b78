"""Signed checkpoints of the chain head, kept outside the database (HRPARKS_AUDIT_CHECKPOINT_DIR).

The keyed hashes stop someone with write access to the database from recomputing the chain without the
key; the checkpoints stop anyone, with or without it, from rewriting what was already vouched for: each
one names an entry and its hash at a moment, signed with the audit key, and verify_audit checks that the
log still holds exactly that entry. Written daily by `manage.py audit_checkpoint`; old ones are kept
(a directory of small JSON files, one per run; the host's backups or an append-only bucket keep them)."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from .chain import KEY_VERSION, ChainReport, Problem, audit_key
from .models import AuditEntry, AuditHead


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    seq: int
    hash: str
    valid: bool  # the signature matches the audit key of its version


def _signature(seq: int, entry_hash: str, written_at: str, key_version: int) -> str:
    message = f"{seq}:{entry_hash}:{written_at}:{key_version}".encode()
    return hmac.new(audit_key(key_version), message, hashlib.sha256).hexdigest()


def write_checkpoint(using: str = DEFAULT_DB_ALIAS) -> Path | None:
    """Sign the current head (None when the log is empty) and write it as a new file."""
    head = AuditHead.objects.using(using).filter(pk=1).values("seq", "hash").first()
    if head is None or head["seq"] == 0:
        return None
    written_at = timezone.now().isoformat()
    record = {
        "seq": head["seq"],
        "hash": head["hash"],
        "written_at": written_at,
        "key_version": KEY_VERSION,
        "signature": _signature(head["seq"], head["hash"], written_at, KEY_VERSION),
    }
    folder = Path(settings.HRPARKS_AUDIT_CHECKPOINT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"audit-checkpoint-{head['seq']:012d}-{timezone.now():%Y%m%dT%H%M%S%f}.json"
    path.write_text(json.dumps(record, indent=1))
    return path


def read_checkpoints() -> list[Checkpoint]:
    folder = Path(settings.HRPARKS_AUDIT_CHECKPOINT_DIR)
    checkpoints = []
    for path in sorted(folder.glob("audit-checkpoint-*.json")) if folder.is_dir() else []:
        try:
            record = json.loads(path.read_text())
            expected = _signature(record["seq"], record["hash"], record["written_at"], record["key_version"])
            valid = hmac.compare_digest(expected, record["signature"])
            checkpoints.append(Checkpoint(path, int(record["seq"]), str(record["hash"]), valid))
        except (ValueError, KeyError, TypeError):
            checkpoints.append(Checkpoint(path, 0, "", False))
    return checkpoints


def verify_checkpoints(chain: ChainReport, using: str = DEFAULT_DB_ALIAS) -> ChainReport:
    """After a clean `verify_chain`, hold the log to every checkpoint: each must be validly signed and name
    an entry the log still has, with the hash it had then. The first disagreement is reported."""
    hashes = AuditEntry.objects.using(using).values_list("hash", flat=True)
    for checkpoint in read_checkpoints():
        details = {"checkpoint": checkpoint.path.name, "previous": chain.count}
        if not checkpoint.valid:
            return ChainReport(chain.count, Problem.CHECKPOINT_FORGED, checkpoint.seq, details)
        if checkpoint.seq > chain.count:
            return ChainReport(chain.count, Problem.CHECKPOINT_AHEAD, checkpoint.seq, details)
        if hashes.filter(seq=checkpoint.seq).first() != checkpoint.hash:
            return ChainReport(chain.count, Problem.CHECKPOINT_MISMATCH, checkpoint.seq, details)
    return chain
