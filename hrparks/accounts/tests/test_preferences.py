from django.urls import reverse

from hrparks.audit.models import AuditEntry


def test_a_user_switches_email_notifications_off(client, users):
    user = users["city_bureau"]
    client.force_login(user)
    response = client.post(reverse("accounts:preferences"), {"email": user.email})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_notifications is False
    assert AuditEntry.objects.filter(object_id=str(user.pk), action="update").exists()


def test_email_on_needs_an_address(client, users):
    client.force_login(users["city_bureau"])
    response = client.post(reverse("accounts:preferences"), {"email": "", "email_notifications": "on"})
    assert response.status_code == 200
    assert "请填写电子邮箱地址，或关闭邮件通知" in response.content.decode()
