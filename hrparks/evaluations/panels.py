"""The experts who score a park in a centralized evaluation: drawn at random with the designation
workflow's draw (`applications.services.pick_panel`, reproducible from the seed), from the province's
experts less those of the park's jurisdiction and those who declared a conflict with the park.

INTERIM: `applications.services.draw_panel` computes that pool inline and is bound to Application;
`expert_pool` below mirrors its rule until the pool is shared as
`applications.panels.expert_pool(park) -> tuple[list[int], list[dict]]` (see the component report)."""

from django.db.models import Q

from hrparks.accounts.models import Role, User
from hrparks.applications.models import ConflictDeclaration
from hrparks.applications.services import MAX_PANEL_SIZE, pick_panel
from hrparks.parks.models import Park

__all__ = ["MAX_PANEL_SIZE", "expert_pool", "pick_panel"]


def expert_pool(park: Park) -> tuple[list[int], list[dict]]:
    """(eligible expert ids in id order, exclusions with expert id, name and reason)."""
    province_id = park.jurisdiction.province_id or park.jurisdiction_id
    experts = (
        User.objects.filter(role=Role.EXPERT, is_active=True)
        .filter(Q(jurisdiction__province_id=province_id) | Q(jurisdiction_id=province_id))
        .order_by("pk")
    )
    conflicted = set(ConflictDeclaration.objects.filter(park=park).values_list("expert_id", flat=True))
    reasons = {}
    for expert in experts:
        if expert.jurisdiction_id == park.jurisdiction_id:
            reasons[expert] = "same_jurisdiction"
        elif expert.pk in conflicted:
            reasons[expert] = "declared_conflict"
    eligible = [expert.pk for expert in experts if expert not in reasons]
    exclusions = [
        {"expert": expert.pk, "name": expert.get_full_name() or expert.username, "reason": reason}
        for expert, reason in reasons.items()
    ]
    return eligible, exclusions
