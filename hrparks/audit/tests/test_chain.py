"""The log is tamper-evident: verify_audit finds the first altered, removed or relinked entry."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hrparks.audit.chain import HASHED_FIELDS, Problem, entry_digest, verify_chain
from hrparks.audit.context import acting_as
from hrparks.audit.models import AuditEntry
from hrparks.parks.tests.factories import EnterpriseFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seqs(users, park):
    """A short history: the users, a park, a site, two enterprises, an update; the entry numbers in order."""
    with acting_as(users["city_bureau"]):
        SiteFactory(park=park)
        EnterpriseFactory(park=park)
        EnterpriseFactory(park=park)
        park.staff_count = 15
        park.save()
    return list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))


def verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_a_clean_chain_verifies(seqs):
    report = verify_chain()
    assert report.ok and report.count == len(seqs)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert f"审计链完整：{len(seqs)} 条记录。" in verify_audit()


def test_an_empty_log_verifies(db):
    assert verify_chain().ok and verify_chain().count == 0


def test_verification_reads_the_log_in_chunks(seqs):
    assert verify_chain(chunk_size=2).ok


def test_altered_content_is_caught_at_its_entry(seqs, unguarded):
    target = seqs[3]
    AuditEntry.objects.filter(seq=target).update(changes={"staff_count": [12, 99]})

    report = verify_chain()
    assert (report.ok, report.problem, report.seq, report.count) == (False, Problem.ALTERED, target, target - 1)
    with pytest.raises(CommandError, match=f"第 {target} 条记录已被篡改") as refused:
        verify_audit()
    assert refused.value.returncode == 1


def test_an_entry_rewritten_with_a_fresh_hash_breaks_the_next_link(seqs, unguarded):
    target = seqs[3]
    forged = AuditEntry.objects.get(seq=target)
    forged.object_repr = "伪造的企业"
    forged_hash = entry_digest({name: getattr(forged, name) for name in HASHED_FIELDS})
    AuditEntry.objects.filter(seq=target).update(object_repr="伪造的企业", hash=forged_hash)

    report = verify_chain()
    assert (report.problem, report.seq) == (Problem.BROKEN_LINK, target + 1)


@pytest.mark.parametrize("position", [0, 3], ids=["first", "middle"])
def test_a_removed_entry_is_caught(seqs, unguarded, position):
    target = seqs[position]
    AuditEntry.objects.filter(seq=target).delete()

    report = verify_chain()
    assert (report.problem, report.seq) == (Problem.MISSING, target)
    with pytest.raises(CommandError, match=f"第 {target} 条记录缺失"):
        verify_audit()


def test_a_removed_last_entry_is_caught(seqs, unguarded):
    AuditEntry.objects.filter(seq=seqs[-1]).delete()

    report = verify_chain()
    assert (report.problem, report.seq) == (Problem.TRUNCATED, seqs[-1])
    with pytest.raises(CommandError, match=f"第 {seqs[-1]} 条记录缺失"):
        verify_audit()


def test_the_report_speaks_english_too(seqs, unguarded):
    AuditEntry.objects.filter(seq=seqs[2]).update(object_repr="x")
    with translation.override("en"):
        assert verify_chain().message == f"Entry {seqs[2]} was altered: its content no longer matches its hash."
