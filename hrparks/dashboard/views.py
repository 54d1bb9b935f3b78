"""The provincial dashboard (第二条 target, 第六条 applications and subsidies, 第十三条–第十四条
evaluations). The provincial bureau sees its province; a city bureau sees the same page scoped to its
city. Each chart is also a table: the tables are the accessible (and tested) form of the figures."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role
from hrparks.core.access import role_required
from hrparks.evaluations.reminders import reminder_working_days
from hrparks.parks import codes

from . import selectors


def _charts(parks, applications, deadlines, grades, money) -> dict:
    """What static/dashboard/charts.js draws, one entry per chart."""
    return {
        "parks": {
            "kind": "bar",
            "stack": True,
            "categories": [row.jurisdiction for row in parks],
            "series": [
                {"name": label, "data": [row.by_type.get(code, 0) for row in parks]}
                for code, label in codes.ParkType.choices
            ],
        },
        "applications": {
            "kind": "bar",
            "horizontal": True,
            "categories": [item["label"] for item in applications],
            "series": [{"name": _("Number of applications"), "data": [item["count"] for item in applications]}],
        },
        "deadlines": {
            "kind": "bar",
            "stack": True,
            "categories": [_("Self-evaluations"), _("Rectifications")],
            "series": [
                {"name": _("Due later"), "data": [row["later"] for row in deadlines]},
                {"name": _("Due soon"), "data": [row["soon"] for row in deadlines]},
                {"name": _("Overdue"), "data": [row["overdue"] for row in deadlines]},
            ],
        },
        "grades": {
            "kind": "pie",
            "series": [{"name": _("Grades"), "data": [{"name": g["label"], "value": g["count"]} for g in grades]}],
        },
        "subsidies": {
            "kind": "bar",
            "categories": [row.jurisdiction for row in money],
            "series": [
                {"name": _("Granted"), "data": [float(row.granted) for row in money]},
                {"name": _("Paid out"), "data": [float(row.disbursed) for row in money]},
                {"name": _("Spent"), "data": [float(row.spent) for row in money]},
            ],
        },
    }


@role_required(Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU)
def index(request):
    user = request.user
    today = timezone.localdate()
    parks = selectors.parks_by_jurisdiction(user)
    applications = selectors.applications_by_state(user)
    deadlines = selectors.evaluation_deadlines(user, today)
    latest_round, grades, graded = selectors.latest_grades(user)
    money = selectors.subsidies_by_jurisdiction(user)
    target = selectors.target()
    parks_total = selectors.parks_total(parks, _("Total"))
    designated_total = parks_total.designated
    context = {
        "is_province": user.role == Role.PROVINCIAL_BUREAU,
        "park_types": codes.ParkType.choices,
        "parks": parks,
        "parks_total": parks_total,
        "designated_total": designated_total,
        "target": target,
        "target_met": designated_total >= target.min_parks,
        "applications": applications,
        "deadlines": [
            {**row, "label": _("Self-evaluations") if row["key"] == "self_evaluations" else _("Rectifications")}
            for row in deadlines
        ],
        "reminder_days": reminder_working_days(),
        "latest_round": latest_round,
        "grades": grades,
        "graded": graded,
        "money": money,
        "money_total": selectors.money_total(money, _("Total")),
        "charts": _charts(parks, applications, deadlines, grades, money),
    }
    return render(request, "dashboard/index.html", context)
