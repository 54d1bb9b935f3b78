"""Print the workflow tables of workflow.py as Markdown (for docs/workflow.md)."""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role
from hrparks.applications import workflow


def _roles(roles) -> str:
    return " / ".join(str(Role(role).label) for role in sorted(roles)) or "—"


def _cell(text) -> str:
    return str(text).replace("|", "\\|")


def markdown() -> str:
    lines = []
    for wf in workflow.WORKFLOWS.values():
        started_by = _("Started by: %(roles)s") % {"roles": _roles(wf.creators)}
        columns = [_("state"), _("label"), _("public label"), _("acting roles"), _("service target (working days)")]
        lines += [f"## {wf.label}", "", f"{started_by} → `{wf.initial}`", ""]
        lines += ["| " + " | ".join(columns) + " |", "| --- | --- | --- | --- | --- |"]
        for state in wf.states:
            target = state.service_target_days if state.service_target_days is not None else "—"
            lines.append(
                f"| `{state.code}` | {_cell(state.label)} | {_cell(state.public_label)} "
                f"| {_roles(wf.actors_in(state.code))} | {target} |"
            )
        headings = [
            _("transition"),
            _("button"),
            _("from"),
            _("to"),
            _("roles"),
            _("article"),
            _("fields (* required)"),
            _("checks"),
        ]
        lines += ["", "| " + " | ".join(headings) + " |"]
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for t in wf.transitions:
            fields = "、".join(f"{f.label}{'*' if f.required else ''}" for f in t.fields) or "—"
            checks = "；".join(str(workflow.CHECKS[c]) for c in t.checks) or "—"
            sources = ", ".join(f"`{s}`" for s in t.sources)
            lines.append(
                f"| `{t.name}` | {_cell(t.label)} | {sources} | `{t.target}` | {_roles(t.roles)} "
                f"| {t.article} | {_cell(fields)} | {_cell(checks)} |"
            )
        lines.append("")
    lines.append(
        _(
            "Service targets are the platform's own targets for each step, counted in Chinese working days; "
            "the measures set no time limit except the public notice (第六条（四）)."
        )
    )
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the designation and branch-park workflow tables as Markdown."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="zh-hans", help="zh-hans (default) or en")

    def handle(self, *args, language, **options):
        with translation.override(language):
            self.stdout.write(markdown(), ending="")
