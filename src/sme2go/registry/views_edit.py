"""Create and edit pages for companies, solutions and contacts.

Each view parses a form, calls one service function and shows the service's
errors beside the fields; permissions are checked by the services (and up front
through `scoping`, so a refused user never sees a form they could not submit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sme2go.accounts import scoping
from sme2go.registry import services
from sme2go.registry.forms import (
    CapabilityLevelFormSet,
    CompanyForm,
    ContactForm,
    SolutionForm,
    attach_errors,
    capability_levels,
    shown_changes,
)
from sme2go.registry.models import Company, Contact, Solution
from sme2go.registry.names import normalise_legal_name
from sme2go.registry.views import visible_company_or_404


@login_required
def company_create(request: HttpRequest) -> HttpResponse:
    if not scoping.can_create_company(request.user):
        raise PermissionDenied("only advisors and the programme manager register companies")
    form = CompanyForm(request.POST or None, programme_fields=True, own_partner=scoping.advisor_partner(request.user))
    # One token per rendered form: sending it again (Back, then Register) registers nothing new.
    token = request.POST.get("registration_token") or services.new_registration_token()
    same_name: list[Company] = []
    sent_token = request.POST.get("registration_token", "")
    already_sent = bool(sent_token) and Company.objects.filter(registration_token=sent_token).exists()
    if request.method == "POST" and form.is_valid() and not already_sent and request.POST.get("register_anyway") != "yes":
        # Back after Register reloads the form with a new token: the name is what still tells.
        same_name = companies_named_alike(request.user, form.cleaned_data["legal_name"], form.cleaned_data["country"])
    if request.method == "POST" and form.is_valid() and not same_name:
        try:
            company = services.create_company(actor=request.user, data=form.service_data(),
                                              registration_token=request.POST.get("registration_token", ""))
        except ValidationError as error:
            attach_errors(form, error)
        except services.AlreadyRegistered as sent:
            messages.info(request, f"This form was already sent: {sent.company.legal_name} was registered then. "
                          "Nothing new was registered.")
            return redirect("registry:company_detail", pk=sent.company.pk)
        else:
            messages.success(request, f"Registered {company.legal_name}.")
            return redirect("registry:company_detail", pk=company.pk)
    return render(request, "registry/company_form.html",
                  {"form": form, "company": None, "registration_token": token, "same_name": same_name})


def companies_named_alike(user: Any, legal_name: str, country: str) -> list[Company]:
    """Companies the user may see that carry the same name once legal forms, case and accents are
    set aside ("Aqua Sense OÜ" and "AQUA SENSE"), in the same country: likely the same company."""
    key = normalise_legal_name(legal_name)
    if not key:
        return []
    return list(scoping.visible_companies(user).filter(name_key=key, country=country).order_by("pk")[:5])


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    scoping.require_edit(request.user, company)
    # The form works on its own copy, so the service sees the stored values as "before".
    form = CompanyForm(
        request.POST or None, instance=Company.objects.get(pk=company.pk),
        programme_fields=scoping.can_change_programme_fields(request.user),
        own_partner=scoping.advisor_partner(request.user),
    )
    # The version the form was opened on travels with it, so a save over someone else's is refused.
    version = request.POST.get("version") or services.company_version(company)
    changed_meanwhile = None
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        version, changed_meanwhile = _save(request, form, data, version, lambda sent: services.update_company(
            actor=request.user, company=company, data=data, version=sent))
        if changed_meanwhile is None and not form.errors:
            return _saved(request, f"Saved {company.legal_name}.", company)
    return render(request, "registry/company_form.html", {
        "form": form, "company": company, "version": version, "changed_meanwhile": changed_meanwhile,
        "changed_what": "company",
    })


Differences = list[tuple[str, str, str]]


def _save(request: HttpRequest, form: Any, data: dict[str, Any], version: str,
          save: Callable[[str | None], object]) -> tuple[str, Differences | None]:
    """Call `save` with the version the form was opened on; a refused value goes beside its field.

    When someone saved the record after this form was opened, the answer is the record's version
    now and what the page shows: each field where saving the form now would change the stored
    record. The differences are None when it would change nothing (the other person saved the
    same values): then the form's values are stored already."""
    try:
        save(request.POST.get("version") or None)
    except ValidationError as error:
        attach_errors(form, error)
    except services.ChangedMeanwhile as changed:
        changes = services.what_saving_would_change(actor=request.user, record=changed.current, data=data)
        return changed.version, (shown_changes(form, changes) if changes else None)
    return version, None


@login_required
def solution_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    scoping.require_edit(request.user, company)
    return _solution_page(request, company, None)


@login_required
def solution_edit(request: HttpRequest, pk: int, solution_pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    solution = get_object_or_404(Solution, pk=solution_pk, company=company)
    scoping.require_edit(request.user, company)
    return _solution_page(request, company, solution)


def _solution_page(request: HttpRequest, company: Company, solution: Solution | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    initial_levels: list[dict[str, Any]] = []
    if solution is not None:
        initial = {
            "name": solution.name, "description": solution.description, "trl": solution.trl,
            "references": "\n".join(
                ", ".join(str(part) for part in (r.city, r.country, r.year) if part) for r in solution.references.all()
            ),
        }
        initial_levels = [{"capability": c.capability_id, "level": c.level} for c in solution.capabilities.all()]
    data = request.POST if request.method == "POST" else None
    form = SolutionForm(data, initial=initial)
    formset = CapabilityLevelFormSet(data, initial=initial_levels, prefix="cap")
    version = request.POST.get("version") or (services.solution_version(solution) if solution else "")
    changed_meanwhile = None
    if request.method == "POST":
        if request.POST.get("delete") and solution is not None:
            if request.POST.get("confirmed") != "yes":
                return _confirm_removal(request, company, "solution", solution.name)
            services.delete_solution(actor=request.user, solution=solution)
            messages.success(request, f"Removed {solution.name}.")
            return redirect("registry:company_detail", pk=company.pk)
        if form.is_valid() and formset.is_valid():
            values = dict(form.cleaned_data, capabilities=capability_levels(formset))
            editing = solution

            def save(sent: str | None) -> object:
                if editing is None:
                    return services.add_solution(actor=request.user, company=company, data=values)
                return services.update_solution(actor=request.user, solution=editing, data=values, version=sent)

            version, changed_meanwhile = _save(request, form, values, version, save)
            if changed_meanwhile is None and not form.errors:
                return _saved(request, f"Saved {values['name']}.", company)
    return render(request, "registry/solution_form.html", {
        "company": company, "solution": solution, "form": form, "formset": formset, "version": version,
        "changed_meanwhile": changed_meanwhile, "changed_what": "solution",
    })


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    scoping.require_edit(request.user, company)
    return _contact_page(request, company, None)


@login_required
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    contact = get_object_or_404(Contact, pk=contact_pk, company=company)
    scoping.require_edit(request.user, company)
    return _contact_page(request, company, contact)


def _contact_page(request: HttpRequest, company: Company, contact: Contact | None) -> HttpResponse:
    if request.method == "POST" and request.POST.get("delete") and contact is not None:
        if request.POST.get("confirmed") != "yes":
            return _confirm_removal(request, company, "contact", contact.name)
        services.delete_contact(actor=request.user, contact=contact)
        messages.success(request, f"Removed contact {contact.name}.")
        return redirect("registry:company_detail", pk=company.pk)
    copy = Contact.objects.get(pk=contact.pk) if contact is not None else None
    form = ContactForm(request.POST or None, instance=copy)
    version = request.POST.get("version") or (services.contact_version(contact) if contact else "")
    changed_meanwhile = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        editing = contact

        def save(sent: str | None) -> object:
            if editing is None:
                return services.add_contact(actor=request.user, company=company, data=data)
            return services.update_contact(actor=request.user, contact=editing, data=data, version=sent)

        version, changed_meanwhile = _save(request, form, data, version, save)
        if changed_meanwhile is None and not form.errors:
            return _saved(request, f"Saved contact {data['name']}.", company)
    return render(request, "registry/contact_form.html", {
        "company": company, "contact": contact, "form": form, "version": version,
        "changed_meanwhile": changed_meanwhile, "changed_what": "contact",
    })


def _saved(request: HttpRequest, message: str, company: Company) -> HttpResponse:
    messages.success(request, message)
    return redirect("registry:company_detail", pk=company.pk)


def _confirm_removal(request: HttpRequest, company: Company, what: str, name: str) -> HttpResponse:
    """The question before a removal (no JavaScript needed): the same POST again with confirmed=yes removes."""
    return render(request, "registry/confirm_remove.html", {"company": company, "what": what, "name": name})
