"""Keep CompanyTie current when a consortium formed in sme2go is agreed, changes members or is deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _consortium_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from sme2go.collaboration.services import consortia_that_tie, recompute_ties

    if kwargs.get("raw"):
        return  # loading fixtures
    if kwargs.get("signal") is post_delete or consortia_that_tie().filter(pk=instance.pk).exists():
        recompute_ties()


def _member_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from sme2go.collaboration.services import consortia_that_tie, recompute_ties

    if kwargs.get("raw"):
        return
    consortium = type(instance).consortium.field.related_model.objects.filter(pk=instance.consortium_id)
    if not consortium.exists() or consortia_that_tie().filter(pk=instance.consortium_id).exists():
        recompute_ties()


def connect() -> None:
    """Connect to the consortia models by name, so this app never imports them."""
    post_save.connect(_consortium_changed, sender="consortia.Consortium", dispatch_uid="ties-consortium-saved")
    post_delete.connect(_consortium_changed, sender="consortia.Consortium", dispatch_uid="ties-consortium-deleted")
    post_save.connect(_member_changed, sender="consortia.ConsortiumMember", dispatch_uid="ties-member-saved")
    post_delete.connect(_member_changed, sender="consortia.ConsortiumMember", dispatch_uid="ties-member-deleted")
