"""Registry pages: company list, company page, partners (thin: rules live in services and scoping).

The create and edit pages are in `views_edit.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sme2go.accounts import scoping
from sme2go.accounts.models import Role
from sme2go.missions.services import first_sales
from sme2go.registry import merging, services
from sme2go.registry.forms import CompanyFilterForm, NoteForm, attach_errors, select_options
from sme2go.registry.models import Company
from sme2go.registry.search import SORTS, CompanyQuery, company_page, partners_with_company_counts
from sme2go.support.models import Attendance
from sme2go.taxonomy import load_taxonomy


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    """Search, filter and sort the companies the user may see, 25 a page."""
    form = CompanyFilterForm(request.GET, countries=_countries(request.user), partners=list(scoping.visible_partners(request.user)))
    sort = request.GET.get("sort") or "name"
    query = query_from_filters(form, sort=sort if sort in SORTS else "name")
    page = company_page(actor=request.user, query=query, page_number=request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "registry/company_list.html", {
        "form": form,
        "options": form.options(),
        "sort_options": select_options(list(SORTS.items()), query.sort),
        "shown_sort": {"founded": "founded", "-founded": "founded", "-updated": "updated"}.get(query.sort, ""),
        "ignored": ignored_filters(form) + ([("Sort", sort)] if sort not in SORTS else []),
        "page": page,
        "rows": [_list_row(company) for company in page.object_list],
        "filter_params": params.urlencode(),
        "filtered": query.is_filtered,
        "can_create": scoping.can_create_company(request.user),
    })


def query_from_filters(form: CompanyFilterForm, *, sort: str) -> CompanyQuery:
    """The search the filters ask for: a filter that is not understood is left out, the others apply."""
    form.is_valid()
    valid = form.cleaned_data
    return CompanyQuery(
        q=valid.get("q", ""), country=valid.get("country", ""), partner=valid.get("partner"),
        capability=valid.get("capability", ""), status=valid.get("status", ""), sort=sort,
    )


def ignored_filters(form: CompanyFilterForm) -> list[tuple[str, str]]:
    """(label, value as typed) of each filter that is not understood."""
    return [(str(form[name].label), str(form.data.get(name, ""))) for name in form.errors]


def _countries(user: Any) -> list[str]:
    """Countries for the filter. Managers and advisors see every company, so the country index alone
    answers (no row reads); a company user gets their own company's."""
    if scoping.role_of(user) in (Role.MANAGER, Role.ADVISOR):
        companies = Company.objects.all()
    else:
        companies = scoping.visible_companies(user)
    return list(companies.order_by("country").values_list("country", flat=True).distinct())


def _list_row(company: Company) -> dict[str, Any]:
    taxonomy = load_taxonomy()
    capability_ids = sorted({c.capability_id for s in company.solutions.all() for c in s.capabilities.all()})
    themes: dict[str, list[str]] = {}
    for capability_id in capability_ids:
        if taxonomy.is_capability(capability_id):
            capability = taxonomy.capability(capability_id)
            themes.setdefault(capability.theme_id, []).append(capability.name)
    return {
        "company": company,
        "partners": [p.short_name for p in company.partners.all()],
        "themes": [
            {"id": theme_id, "name": taxonomy.theme(theme_id).name, "capabilities": ", ".join(names)}
            for theme_id, names in sorted(themes.items())
        ],
    }


def visible_company_or_404(user: Any, pk: int) -> Company:
    """The company if the user may see it; otherwise 404 (a company user never learns others exist)."""
    company = scoping.visible_companies(user).filter(pk=pk).first()
    if company is None:
        raise Http404("No such company")
    return company


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One company with its solutions, contacts and the private notes the user may read."""
    company = scoping.visible_companies(request.user).filter(pk=pk).first()
    if company is None:
        # A merged-away company's old link leads to where it lives now, through every later merge.
        target = merging.live_company_id(pk)
        if target not in (None, pk) and scoping.visible_companies(request.user).filter(pk=target).exists():
            return redirect("registry:company_detail", pk=target)
        raise Http404("No such company")
    role = scoping.role_of(request.user)
    may_note = role in (Role.MANAGER, Role.ADVISOR)
    note_form = NoteForm(choose_partner=role == Role.MANAGER) if may_note else None
    if request.method == "POST":
        if not may_note:
            raise PermissionDenied("only advisors and the programme manager write private notes")
        note_form = NoteForm(request.POST, choose_partner=role == Role.MANAGER)
        if note_form.is_valid():
            try:
                services.add_note(actor=request.user, company=company, text=note_form.cleaned_data["text"],
                                  partner=note_form.cleaned_data.get("partner"))
            except ValidationError as error:
                attach_errors(note_form, error)
            else:
                return redirect(reverse("registry:company_detail", args=[company.pk]) + "#notes")
    taxonomy = load_taxonomy()
    solutions = []
    for solution in company.solutions.prefetch_related("capabilities", "references"):
        capabilities = [
            {
                "id": c.capability_id,
                "name": taxonomy.capability(c.capability_id).name if taxonomy.is_capability(c.capability_id) else c.capability_id,
                "theme_id": c.capability_id.split(".")[0],
                "theme": _theme_name(taxonomy, c.capability_id.split(".")[0]),
                "level": c.level,
                "percent": round(c.level * 100),
            }
            for c in sorted(solution.capabilities.all(), key=lambda c: -c.level)
        ]
        solutions.append({"solution": solution, "capabilities": capabilities, "references": list(solution.references.all())})
    return render(request, "registry/company_detail.html", {
        "company": company,
        "partners": list(company.partners.all()),
        "solutions": solutions,
        "contacts": list(scoping.visible_contacts(request.user, company)),
        "notes": list(scoping.visible_notes(request.user, company).select_related("partner", "author")),
        "note_form": note_form,
        "reads_every_partners_notes": role == Role.MANAGER,
        "can_edit": scoping.can_edit_company(request.user, company),
        "merged_from": list(company.merged_from.all()),
        "readiness": company.readiness_assessments.first(),
        **support_context(request.user, company),
        **leads_context(request.user, company),
    })


def support_context(user: Any, company: Company) -> dict[str, Any]:
    """The company page's Support card: actions (notes for staff only) and sessions attended."""
    staff = scoping.can_see_support(user)
    actions = list(company.support_actions.select_related("partner"))
    for action in actions:
        action.may_remove = staff and scoping.can_change_support_action(user, action)  # type: ignore[attr-defined]
    return {
        "support_actions": actions,
        "attended": list(Attendance.objects.filter(company=company).select_related("session__module", "session__partner")
                         .order_by("-session__held_on")),
        "support_notes_visible": staff,
        "can_log_support": scoping.can_log_support(user, company),
    }


def leads_context(user: Any, company: Company) -> dict[str, Any]:
    """The company page's Export leads card: its leads, and which one was its first export sale."""
    first = first_sales([company.pk]).get(company.pk)
    return {
        "leads": list(company.leads.all()),
        "first_sale": first,
        "can_follow_leads": scoping.can_follow_leads(user, company),
    }


def _theme_name(taxonomy: Any, theme_id: str) -> str:
    try:
        return str(taxonomy.theme(theme_id).name)
    except KeyError:
        return theme_id


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    """Partner budgets, ERDF funding and the companies each supports; overall, a company counts once."""
    visible = scoping.visible_partners(request.user)
    totals = visible.aggregate(budget=Sum("budget_eur"), erdf=Sum("erdf_eur"))
    context: dict[str, Any] = {"total_budget": totals["budget"] or 0, "total_erdf": totals["erdf"] or 0}
    if scoping.role_of(request.user) not in (Role.MANAGER, Role.ADVISOR):
        # A company representative sees the partners supporting their company, not how many
        # companies each supports (another partner's portfolio is not theirs to know).
        context.update(partners=list(visible), show_portfolios=False,
                       own_company=scoping.visible_companies(request.user).first())
        return render(request, "registry/partner_list.html", context)
    partners = partners_with_company_counts(actor=request.user)
    companies = scoping.visible_companies(request.user)
    context.update(
        partners=partners, show_portfolios=True,
        sum_of_partner_counts=sum(p.company_count for p in partners),
        unique_companies=companies.filter(partners__isnull=False).distinct().count(),
        shared_companies=companies.annotate(n=Count("partners")).filter(n__gt=1).count(),
    )
    return render(request, "registry/partner_list.html", context)
