"""Every page a notification links to must open for its recipient (issue #15: no dead ends)."""

from hrparks.notifications.models import Notification


def assert_every_link_opens(client) -> int:
    """Open each notification's link as its recipient; fail naming every link that does not answer 200.
    Returns how many links were opened, so that a caller can check the procedure produced some."""
    failures, opened = [], 0
    for notification in Notification.objects.exclude(link="").select_related("recipient").order_by("pk"):
        client.force_login(notification.recipient)
        status = client.get(notification.link).status_code
        opened += 1
        if status != 200:
            failures.append(f"{notification.recipient.role} {notification.recipient}: {notification.link} → {status}")
    assert not failures, "notification links that do not open for their recipient:\n" + "\n".join(failures)
    return opened
