from hrparks.core.tests.access import ROLES, Expect
from hrparks.notifications.models import Notification


def operators_notification(world):
    return world.once(
        "notification", lambda: Notification.objects.create(recipient=world.users["operator"], text="测试通知")
    )


ACCESS = [
    Expect("notifications:inbox", allowed=ROLES),
    Expect(
        "notifications:mark_read",
        allowed={"operator"},
        kwargs=lambda world: {"pk": operators_notification(world).pk},
        method="post",
        label="only the recipient",
    ),
    Expect("notifications:mark_all_read", allowed=ROLES, method="post"),
]
