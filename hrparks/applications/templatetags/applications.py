from django import template

from hrparks.accounts.models import Role

from .. import workflow

register = template.Library()


@register.filter
def state_label(state_code: str, user) -> str:
    """The internal label for officials and experts, the public one for the applicant."""
    state = workflow.STATES.get(state_code)
    if state is None:
        return state_code
    return str(state.public_label if getattr(user, "role", None) == Role.PARK_OPERATOR else state.label)


@register.filter
def step_label(action: str) -> str:
    return workflow.step_label(action)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key) if mapping else key
