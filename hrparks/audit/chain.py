"""The hash chain: how an entry's hash is computed, and the check that finds the first broken link."""

import datetime
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64

# Everything an entry says. Not `hash` itself, and nothing that may legitimately change later.
HASHED_FIELDS = (
    "seq",
    "timestamp",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "park_id",
    "province_id",
    "changes",
    "data",
    "prev_hash",
    "key_version",
)

# The keys of the chain by version, each the name of the setting that holds it (from the environment, never
# in the database): someone who can write to the database cannot recompute a keyed hash. A new key gets
# the next version; entries keep the version they were written with.
KEYS = {1: "HRPARKS_AUDIT_KEY"}
KEY_VERSION = max(KEYS)


def entry_digest(content: Mapping) -> str:
    """HMAC-SHA256, under the key of the entry's key version, of the canonical JSON of its content (which
    includes the previous entry's hash). Entries from before keyed hashing (no key version) are plain
    SHA-256 of the same JSON without the version."""
    canonical = {name: content[name] for name in HASHED_FIELDS}
    canonical["timestamp"] = content["timestamp"].astimezone(datetime.UTC).isoformat()
    version = canonical.pop("key_version")
    if version is not None:
        canonical["key_version"] = version
    payload = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    if version is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(audit_key(version), payload, hashlib.sha256).hexdigest()


def audit_key(version: int = KEY_VERSION) -> bytes:
    return getattr(settings, KEYS[version]).encode()


class Problem:
    ALTERED = "altered"
    MISSING = "missing"
    TRUNCATED = "truncated"
    BROKEN_LINK = "broken_link"
    HEAD_MISMATCH = "head_mismatch"
    HEAD_MISSING = "head_missing"
    UNKEYED = "unkeyed"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"
    CHECKPOINT_AHEAD = "checkpoint_ahead"
    CHECKPOINT_FORGED = "checkpoint_forged"


MESSAGES = {
    None: _("Audit chain intact: %(count)s entries."),
    Problem.ALTERED: _("Entry %(seq)s was altered: its content no longer matches its hash."),
    Problem.MISSING: _("Entry %(seq)s is missing: the log jumps from entry %(previous)s to entry %(found)s."),
    Problem.TRUNCATED: _(
        "Entry %(seq)s is missing: the log ends at entry %(previous)s but %(written)s entries were written."
    ),
    Problem.BROKEN_LINK: _(
        "Entry %(seq)s does not follow from entry %(previous)s: one of them was altered or replaced."
    ),
    Problem.HEAD_MISMATCH: _("Entry %(seq)s does not match the chain head: it was altered or replaced."),
    Problem.HEAD_MISSING: _("The chain head is missing: entries after %(previous)s may have been removed."),
    Problem.UNKEYED: _("Entry %(seq)s has no key although entry %(previous)s had one: the log was rewritten."),
    Problem.CHECKPOINT_MISMATCH: _(
        "Entry %(seq)s differs from the signed checkpoint %(checkpoint)s: the log was rewritten since."
    ),
    Problem.CHECKPOINT_AHEAD: _(
        "The signed checkpoint %(checkpoint)s vouches for entry %(seq)s, but the log ends at entry %(previous)s: "
        "entries were removed (or an older backup was restored)."
    ),
    Problem.CHECKPOINT_FORGED: _("The checkpoint %(checkpoint)s does not carry a valid signature."),
}


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: `count` entries checked; if broken, the first bad `seq` and why."""

    count: int
    problem: str | None = None
    seq: int | None = None
    details: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        return str(MESSAGES[self.problem]) % {"count": self.count, "seq": self.seq, **self.details}


def verify_chain(using: str = DEFAULT_DB_ALIAS, chunk_size: int = 2000) -> ChainReport:
    """Stream the log in order, recompute every hash and link, and report the first break.

    The head is read first and only entries up to it are checked, so writers committing meanwhile do
    not look like tampering."""
    head = AuditHead.objects.using(using).filter(pk=1).values("seq", "hash").first()
    entries = AuditEntry.objects.using(using).order_by("seq").values(*HASHED_FIELDS, "hash")
    if head is not None:
        entries = entries.filter(seq__lte=head["seq"])

    previous_seq, previous_hash, keyed = 0, GENESIS_HASH, False
    for entry in entries.iterator(chunk_size=chunk_size):
        seq = entry["seq"]
        where = {"previous": previous_seq}
        if seq != previous_seq + 1:
            return ChainReport(previous_seq, Problem.MISSING, previous_seq + 1, {**where, "found": seq})
        if keyed and entry["key_version"] is None:  # unkeyed hashes anyone could have recomputed
            return ChainReport(previous_seq, Problem.UNKEYED, seq, where)
        if entry_digest(entry) != entry["hash"]:
            return ChainReport(previous_seq, Problem.ALTERED, seq, where)
        if entry["prev_hash"] != previous_hash:
            return ChainReport(previous_seq, Problem.BROKEN_LINK, seq, where)
        previous_seq, previous_hash, keyed = seq, entry["hash"], entry["key_version"] is not None

    where = {"previous": previous_seq}
    if head is None:
        if previous_seq:
            return ChainReport(previous_seq, Problem.HEAD_MISSING, previous_seq + 1, where)
    elif head["seq"] > previous_seq:
        return ChainReport(previous_seq, Problem.TRUNCATED, previous_seq + 1, {**where, "written": head["seq"]})
    elif head["hash"] != previous_hash:
        return ChainReport(previous_seq, Problem.HEAD_MISMATCH, previous_seq)
    return ChainReport(previous_seq)
