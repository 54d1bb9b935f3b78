"""The experts who score a park in a centralized evaluation: the same pool and reproducible draw as
the designation workflow's panels (`applications.services.expert_pool` and `pick_panel`)."""

from hrparks.applications.services import MAX_PANEL_SIZE, expert_pool, pick_panel

__all__ = ["MAX_PANEL_SIZE", "expert_pool", "pick_panel"]
