"""Personal-data requests: find a person, download what sme2go holds, erase on request; and each
user's own data as a download."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sme2go.accounts import scoping
from sme2go.privacy import services
from sme2go.privacy.free_text import Scrubbed
from sme2go.privacy.mentions import Mentioned
from sme2go.registry.models import Contact


def _json_download(data: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _manager_only(user: Any) -> None:
    if not scoping.can_handle_personal_data_requests(user):
        raise PermissionDenied("personal-data requests are handled by the programme manager")


@login_required
def requests_page(request: HttpRequest) -> HttpResponse:
    _manager_only(request.user)
    query = request.GET.get("q", "")
    found = list(services.find_contacts(request.user, query)[:50]) if query.strip() else []
    removed = services.removed_contacts(request.user, query)[:50] if query.strip() else []
    groups = services.mentions_for_request(request.user, query, found, removed) if query.strip() else []
    return render(request, "privacy/requests.html", {"q": query, "found": found, "removed": removed,
                                                     "groups": groups})


@login_required
def contact_export(request: HttpRequest, pk: int) -> HttpResponse:
    _manager_only(request.user)
    contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
    return _json_download(services.contact_data(request.user, contact), f"sme2go-contact-{contact.pk}.json")


@login_required
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    _manager_only(request.user)
    contact = get_object_or_404(Contact.objects.select_related("company"), pk=pk)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        erasure = services.erase_contact(request.user, contact)
        messages.success(request, f"Erased the contact from {contact.company.legal_name} and scrubbed "
                         f"{erasure.audit_events} audit event(s), {_free_text_done(erasure.free_text)}. "
                         "Download nothing more: the data is gone.")
        return redirect("privacy:requests")
    data = services.contact_data(request.user, contact)
    return render(request, "privacy/erase.html", {"contact": contact, "events": len(data["audit_trail"]),
                                                  "person": services.person_of(contact),
                                                  "free_text": len(data["free_text"]),
                                                  "free_text_copies": len(data["free_text_in_audit_trail"])})


def _free_text_done(scrubbed: Scrubbed) -> str:
    return (f"{len(scrubbed.fields)} free-text field(s) and {scrubbed.audit_events} audit cop(ies) of free text "
            "that mentioned them")


@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    return _json_download(services.my_data(request.user), f"sme2go-my-data-{request.user.get_username()}.json")


@login_required
def removed_erase(request: HttpRequest, contact_id: int) -> HttpResponse:
    _manager_only(request.user)
    person = services.removed_contact(request.user, contact_id)
    if person is None:
        raise Http404("no removed contact with data left in the audit trail")
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        erasure = services.erase_removed_contact(request.user, person)
        messages.success(request, f"Scrubbed {erasure.audit_events} audit event(s) of the removed contact, and "
                         f"{_free_text_done(erasure.free_text)}.")
        return redirect("privacy:requests")
    mentions = services.mentions_of(person)
    return render(request, "privacy/erase.html", {"person": person, "removed": True,
                                                  "free_text": len(mentions.fields),
                                                  "free_text_copies": len(mentions.audit_copies)})


def _typed_person_or_404(request: HttpRequest) -> Mentioned:
    _manager_only(request.user)
    person = services.typed_person(request.user, request.GET.get("q") or request.POST.get("q") or "")
    if not person:
        raise Http404("type an e-mail, or a full name of two words or more")
    return person


@login_required
def mentions_export(request: HttpRequest) -> HttpResponse:
    person = _typed_person_or_404(request)
    return _json_download(services.mentions_data(request.user, person), "sme2go-free-text-mentions.json")


@login_required
def mentions_erase(request: HttpRequest) -> HttpResponse:
    person = _typed_person_or_404(request)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        scrubbed = services.erase_mentioned(request.user, person)
        messages.success(request, f"Erased {_free_text_done(scrubbed)}.")
        return redirect("privacy:requests")
    data = services.mentions_data(request.user, person)
    return render(request, "privacy/erase_mentions.html", {
        "looked_for": person.email or person.name, "q": request.GET.get("q") or request.POST.get("q"),
        "mentions": data["free_text"], "free_text_copies": len(data["free_text_in_audit_trail"])})
