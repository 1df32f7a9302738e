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
    return render(request, "privacy/requests.html", {"q": query, "found": found, "removed": removed})


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
        scrubbed = services.erase_contact(request.user, contact)
        messages.success(request, f"Erased the contact from {contact.company.legal_name} and scrubbed {scrubbed} "
                         "audit event(s). Download nothing more: the data is gone.")
        return redirect("privacy:requests")
    data = services.contact_data(request.user, contact)
    return render(request, "privacy/erase.html", {"contact": contact, "events": len(data["audit_trail"]),
                                                  "person": services.person_of(contact)})


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
        scrubbed = services.erase_removed_contact(request.user, person)
        messages.success(request, f"Scrubbed {scrubbed} audit event(s) of the removed contact.")
        return redirect("privacy:requests")
    return render(request, "privacy/erase.html", {"person": person, "removed": True})
