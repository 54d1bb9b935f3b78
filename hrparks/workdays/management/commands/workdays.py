"""`workdays add DATE N`: the N-th working day after DATE; `workdays count FROM TO`: working days in [FROM, TO]."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hrparks.workdays.calendar import add_working_days, count_working_days


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("%(value)s is not a date of the form YYYY-MM-DD") % {"value": value}) from None


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise CommandError(_("%(value)s is not a whole number of working days (0 or more)") % {"value": value})
    return number


class Command(BaseCommand):
    help = "Chinese working days: add N working days to a date, or count the working days between two dates."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="print the N-th working day after DATE (DATE not counted)")
        add.add_argument("date", metavar="DATE")
        add.add_argument("n", metavar="N")
        count = actions.add_parser("count", help="print the number of working days from FROM to TO, both included")
        count.add_argument("start", metavar="FROM")
        count.add_argument("end", metavar="TO")

    def handle(self, *args, action, **options):
        try:
            if action == "add":
                result = add_working_days(_date(options["date"]), _count(options["n"])).isoformat()
            else:
                start, end = _date(options["start"]), _date(options["end"])
                if end < start:
                    raise CommandError(_("FROM (%(start)s) is after TO (%(end)s)") % {"start": start, "end": end})
                result = count_working_days(start, end)
        except ValueError as exc:  # a date beyond the years the calendar covers
            raise CommandError(str(exc)) from None
        self.stdout.write(str(result))
