"""backup → wipe → restore gives back the same parks, uploaded files and a verifying audit chain."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from hrparks.audit.chain import verify_chain
from hrparks.parks.models import Enterprise, Park, SupportPolicy
from hrparks.parks.tests.factories import eligible_park


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    park = eligible_park()
    policy = SupportPolicy(park=park, title="示例扶持政策", issuer="示例市人民政府", issued_on="2026-01-05")
    policy.file.save("policy.pdf", ContentFile(b"%PDF-1.4 fictional"), save=True)
    archive = tmp_path / "backup.tar"

    call_command("backup", str(archive))
    Park.objects.filter(pk=park.pk).update(name="被篡改的名称")
    Enterprise.objects.filter(park=park).delete()
    (settings.MEDIA_ROOT / policy.file.name).unlink()

    call_command("restore", str(archive), "--yes")

    restored = Park.objects.get(pk=park.pk)
    assert restored.name == park.name
    assert restored.enterprises.count() == 16
    assert (settings.MEDIA_ROOT / policy.file.name).read_bytes() == b"%PDF-1.4 fictional"
    assert verify_chain().ok


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar"
    bogus.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="not a hrparks backup archive"):
        call_command("restore", str(bogus), "--yes")
