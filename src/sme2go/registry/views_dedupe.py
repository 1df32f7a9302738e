"""Duplicates and merges pages (thin: the rules live in registry.merging and accounts.scoping)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sme2go.accounts import scoping
from sme2go.registry import merging
from sme2go.registry.dedupe_pairs import duplicate_pairs
from sme2go.registry.models import Company, MergeRecord

SHOWN_PAIRS = 200


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Candidate duplicate pairs side by side, best first, each with a Merge button."""
    pairs = duplicate_pairs(user=request.user, limit=SHOWN_PAIRS + 1)
    return render(request, "registry/duplicate_list.html", {
        "pairs": pairs[:SHOWN_PAIRS], "more": len(pairs) > SHOWN_PAIRS, "shown": SHOWN_PAIRS,
    })  # fmt: skip


def _company(request: HttpRequest, key: str) -> Company | None:
    value = request.POST.get(key, "")
    # Merged companies are looked up too, so that merging one again gets its own message.
    return Company.objects.filter(pk=int(value)).first() if value.isdigit() else None


@login_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    """First POST shows what will move; the POST with `confirm` merges."""
    if not scoping.can_review_duplicates(request.user):
        raise PermissionDenied("only the programme manager and advisors merge companies")
    keep, duplicate = _company(request, "keep"), _company(request, "duplicate")
    if keep is None or duplicate is None:
        messages.error(request, "Not merged: choose two existing companies (fields keep and duplicate).")
        return redirect("registry:duplicate_list")
    reasons = request.POST.getlist("reason")
    try:
        if request.POST.get("confirm") != "yes":
            summary = merging.preview_merge(keep=keep, duplicate=duplicate, actor=request.user)
            return render(request, "registry/merge_preview.html", {
                "keep": keep, "duplicate": duplicate, "summary": summary, "reasons": reasons,
            })  # fmt: skip
        record = merging.merge_companies(keep=keep, duplicate=duplicate, actor=request.user, reasons=reasons)
    except merging.MergeError as error:
        messages.error(request, f"Not merged: {error}")
        return redirect("registry:duplicate_list")
    messages.success(request, f"Merged {record.duplicate.legal_name} into {record.keep.legal_name}. It can be undone on the merges page.")
    return redirect("registry:merge_list")


@login_required
def merge_list(request: HttpRequest) -> HttpResponse:
    """Every merge, newest first, with an Undo button where the user may undo it."""
    return render(request, "registry/merge_list.html", {"merges": merging.visible_merges(user=request.user)})


@login_required
@require_POST
def undo_merge(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(MergeRecord, pk=pk)
    if not scoping.can_review_duplicates(request.user):
        raise PermissionDenied("only the programme manager and advisors undo merges")
    try:
        merging.undo_merge(record=record, actor=request.user)
    except merging.MergeError as error:
        messages.error(request, f"Not undone: {error}")
    else:
        messages.success(request, f"Undone: {record.duplicate.legal_name} is a company of its own again.")
    return redirect("registry:merge_list")
