"""python -m bench.queries (DATABASE_URL set): the SQL queries of each measured page, in-process with Django's
test client, after one warm-up request (caches of content types, policies and the working-day calendar).
The same pages are counted on the 1/10 and the full data set: the counts must be the same."""

from bench.common import print_json, setup_django


def count_queries() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hrparks.accounts.models import User

    from .pages import ROLES, anchors, measured_pages, pass_second_factor

    clients = {None: Client()}
    for role, username in ROLES.items():
        user = User.objects.get(username=username)
        clients[role] = Client()
        clients[role].force_login(user)
        session = clients[role].session
        pass_second_factor(session, user)
        session.save()
    counts = {}
    for page in measured_pages(anchors()):
        client = clients[page["role"]]
        client.get(page["path"])
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"])
        counts[page["name"]] = {
            "status": response.status_code,
            "queries": len(captured),
            # The slowest statements, to name the cause when a page misses its target.
            "sql": [q["sql"][:300] for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]],
        }
    return counts


if __name__ == "__main__":
    setup_django()
    print_json(count_queries())
