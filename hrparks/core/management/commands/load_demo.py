from django.core.management.base import BaseCommand

from hrparks.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the clearly fictional demo parks and one account per role (safe to run again)."

    def handle(self, *args, **options):
        users = load_demo()
        width = max(len(user.username) for user in users)
        self.stdout.write("\n演示账号 / Demo log-ins (http://127.0.0.1:8000/)")
        self.stdout.write(f"密码 / password for every account: {DEMO_PASSWORD}\n")
        for user in users:
            place = user.jurisdiction or "—"
            self.stdout.write(f"  {user.username:<{width}}  {user.role.label}  ·  {place}  ·  {user.name}")
        self.stdout.write("")
