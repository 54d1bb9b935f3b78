from datetime import date

from hrparks.core.tests.access import OFFICIALS, Expect


def _override(world):
    from hrparks.workdays.models import CalendarOverride

    return world.once(
        "workdays_override",
        lambda: CalendarOverride.objects.create(
            date=date(2027, 2, 6), is_working_day=True, source_document="国办发明电〔2026〕X号（虚构）"
        ),
    )


def _override_kwargs(world):
    return {"pk": _override(world).pk}


ACCESS = [
    # One calendar for the platform: every official reads it; only the provincial department edits.
    Expect("workdays:calendar", allowed=OFFICIALS),
    Expect("workdays:calendar", allowed=OFFICIALS, query="year=2027", label="provisional year"),
    Expect("workdays:override_create", allowed={"provincial"}),
    Expect("workdays:override_create", allowed={"provincial"}, method="post", label="empty form"),
    Expect("workdays:override_import", allowed={"provincial"}),
    Expect("workdays:override_import", allowed={"provincial"}, method="post", label="no file"),
    Expect("workdays:override_edit", allowed={"provincial"}, kwargs=_override_kwargs),
    Expect(
        "workdays:override_edit", allowed={"provincial"}, kwargs=_override_kwargs, method="post", label="empty form"
    ),
    Expect("workdays:override_delete", allowed={"provincial"}, kwargs=_override_kwargs),
    Expect("workdays:override_delete", allowed={"provincial"}, kwargs=_override_kwargs, method="post"),
]
