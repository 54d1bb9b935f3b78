"""Labels of the dossier code lists in templates: {{ park.public_services|code_labels:"PublicService" }}."""

from django import template
from django.utils.translation import gettext as _

from hrparks.parks import codes

register = template.Library()


@register.filter
def code_labels(values: list[str], code_list: str) -> str:
    """The labels of a list of codes, joined with the language's list separator (、 in Chinese)."""
    return _(", ").join(codes.labels(getattr(codes, code_list), values))


@register.filter
def code_checklist(values: list[str], code_list: str) -> list[tuple[str, bool]]:
    """Every code of the list as (label, whether `values` has it), in the list's order."""
    present = set(values)
    return [(label, code in present) for code, label in getattr(codes, code_list).choices]
