"""Consortium pages: the list, the proposal page (propose, lock / exclude, save) and one consortium."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sme2go.accounts import scoping
from sme2go.consortia import proposals, services
from sme2go.consortia.forms import read_need
from sme2go.consortia.instance_builder import READINESS_PROXY, capabilities_for_opportunity
from sme2go.consortia.models import Consortium, ConsortiumMember
from sme2go.consortia.wording import rule_sentence
from sme2go.opportunities.models import Opportunity
from sme2go.registry.models import Company
from sme2go.registry.search import CompanyNotFound, company_named
from sme2go.taxonomy import load_taxonomy


def _require_role(request: HttpRequest) -> None:
    if not scoping.can_propose_consortia(request.user):
        raise PermissionDenied("you have no programme role")


@login_required
def consortium_list(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    consortia = scoping.visible_consortia(request.user).select_related("lead_company", "opportunity")
    return render(
        request,
        "consortia/consortium_list.html",
        {"consortia": consortia, "can_form": scoping.can_form_consortia(request.user)},
    )


def _prefill(params: QueryDict) -> tuple[list[str], QueryDict]:
    """Capabilities of the opportunity's top themes, and where it works as the target.

    The target country is the project's country, or empty for a project of several countries
    (no ISO code; its "country" is a region such as "Eastern and Southern Africa"); the target city is its
    one place, or empty when it works in several (the first of 408 places in Bahia says nothing).
    """
    if params.get("go") == "1" or not params.get("opportunity", "").isdigit():
        return [], params
    opportunity = Opportunity.objects.select_related("country").filter(pk=params["opportunity"]).first()
    if opportunity is None:
        return [], params
    filled = params.copy()
    country = opportunity.country.name if opportunity.country else opportunity.country_name if opportunity.iso3 else ""
    filled.setdefault("target_country", country)
    places = list(opportunity.locations.all()[:2])
    filled.setdefault("target_city", places[0].place if len(places) == 1 else "")
    return capabilities_for_opportunity(opportunity), filled


@login_required
def consortium_new(request: HttpRequest) -> HttpResponse:
    """Propose consortia for an opportunity (?opportunity=<id>) or a hand-written need."""
    _require_role(request)
    prefill, params = _prefill(request.GET)
    query = read_need(params, prefill=prefill, companies=scoping.visible_companies(request.user))
    proposal = None
    if query.submitted and not query.errors:
        if not query.need.required:
            query.errors.append("Required capabilities: pick at least one")
        else:
            proposal = proposals.propose_consortia(
                need=query.need, rules=query.rules, weights=query.weights, top_k=query.top_k,
                user=request.user,
            )
    taxonomy = load_taxonomy()
    themes = [
        {
            "theme": theme,
            "open": any(c.id in query.capabilities for c in theme.capabilities),
            "rows": [
                (c, c.id in query.capabilities, query.values.get(f"weight_{c.id}", "1"))
                for c in theme.capabilities
            ],
        }
        for theme in taxonomy.themes
    ]
    names = {c.id: c.name for c in taxonomy.capabilities}
    context: dict[str, Any] = {
        "query": query,
        "themes": themes,
        "proposal": proposal,
        # Each team with its suggested lead (the member covering most weight), preselected on save,
        # and the token that makes saving this rendered proposal twice keep one consortium.
        "teams": [
            (team, proposals.default_lead(proposal.built, team.consortium), services.new_proposal_token())
            for team in proposal.teams
        ] if proposal is not None else [],
        "capability_names": names,
        "readiness_proxy": READINESS_PROXY,
        "can_form": scoping.can_form_consortia(request.user),
        "infeasible_reason": rule_sentence(proposal.reason, names, proposals.company_names(proposal.built))
        if proposal is not None else "",
        "query_string": _solve_query(request.GET, query),
        "locked": [(i, query.company_names.get(i, f"“{i}” (no such company)")) for i in query.rules.lock],
        "locked_ids": {int(i) for i in query.rules.lock if str(i).isdigit()},
        "excluded": [(i, query.company_names.get(i, f"“{i}” (no such company)")) for i in query.rules.exclude],
    }
    return render(request, "consortia/consortium_new.html", context)


def _solve_query(params: QueryDict, query: Any) -> str:
    """The query string that reproduces this proposal (lock / exclude made explicit)."""
    kept = params.copy()
    for name in ("do_lock", "do_exclude", "unlock", "unexclude", "lock", "exclude"):
        kept.pop(name, None)
    kept.setlist("lock", list(query.rules.lock))
    kept.setlist("exclude", list(query.rules.exclude))
    return kept.urlencode()


@login_required
@require_POST
def consortium_save(request: HttpRequest) -> HttpResponse:
    """Save one proposed team (the form carries the proposal's query string and the members)."""
    if not scoping.can_form_consortia(request.user):
        raise PermissionDenied("only programme staff may save consortia")
    query_string = request.POST.get("query", "")
    query = read_need(QueryDict(query_string), companies=scoping.visible_companies(request.user))
    if query.errors:
        messages.error(request, "; ".join(query.errors))
        return redirect(f"/consortia/new/?{query_string}")
    try:
        consortium = services.save_consortium(
            user=request.user, need=query.need, rules=query.rules, weights=query.weights,
            member_ids=request.POST.getlist("member"), lead_id=request.POST.get("lead") or None,
            name=request.POST.get("name", ""), proposal_token=request.POST.get("proposal_token", ""),
        )
    except services.AlreadySaved as saved:
        messages.info(request, str(saved))
        return redirect("consortia:detail", pk=saved.consortium.pk)
    except services.ConsortiumError as error:
        messages.error(request, str(error))
        return redirect(f"/consortia/new/?{query_string}")
    messages.success(request, f"Saved consortium “{consortium.name}”.")
    return redirect("consortia:detail", pk=consortium.pk)


def _visible_consortium(request: HttpRequest, pk: int) -> Consortium:
    return get_object_or_404(
        scoping.visible_consortia(request.user).select_related("lead_company", "opportunity", "partner"), pk=pk
    )


@login_required
def consortium_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_role(request)
    consortium = _visible_consortium(request, pk)
    can_change = scoping.can_change_consortium(request.user, consortium)
    names = proposals.capability_names()
    members = consortium.members.select_related("company")
    return render(
        request,
        "consortia/consortium_detail.html",
        {
            "consortium": consortium,
            "members": [(m, [names.get(c, c) for c in m.capabilities]) for m in members],
            # Company pages the user may open (a company representative: only their own).
            "visible_company_ids": set(
                scoping.visible_companies(request.user).filter(consortium_memberships__consortium=consortium)
                .values_list("pk", flat=True)
            ),
            # An open team is checked against its rules; a closed one is history.
            "warnings": services.review_team(consortium).warnings if consortium.allowed_next() else [],
            "events": consortium.events.select_related("user"),
            "required": [
                {"id": r["capability"], "name": names.get(r["capability"], r["capability"]), "weight": r["weight"]}
                for r in consortium.required_capabilities
            ],
            "can_change": can_change and bool(consortium.allowed_next()),
            "next_statuses": [
                (s, Consortium.status_label(s)) for s in consortium.allowed_next()
            ] if can_change else [],
            # "Mark lost" closes the consortium for good: it asks first (?confirm=lost).
            "confirm_lost": can_change and request.GET.get("confirm") == "lost" and "lost" in consortium.allowed_next(),
            **_member_question(request, consortium, can_change),
        },
    )


def _member_question(request: HttpRequest, consortium: Consortium, can_change: bool) -> dict[str, object]:
    """The company a change of an agreed (or offered) team would add or remove, to ask about first."""
    if not (can_change and consortium.asks_before_team_change()):
        return {}
    add, remove = request.GET.get("confirm_add", ""), request.GET.get("confirm_remove", "")
    if add.isdigit():
        company = scoping.visible_companies(request.user).filter(pk=int(add)).first()
        return {"confirm_member": company, "confirm_verb": "add"} if company else {}
    if remove.isdigit():
        member = consortium.members.select_related("company").filter(company_id=int(remove)).first()
        if member and member.role != ConsortiumMember.Role.LEAD:
            return {"confirm_member": member.company, "confirm_verb": "remove"}
    return {}


@login_required
@require_POST
def consortium_status(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _visible_consortium(request, pk)
    to_status = request.POST.get("status", "")
    if to_status == Consortium.Status.LOST and request.POST.get("confirmed") != "yes":
        if not scoping.can_change_consortium(request.user, consortium):
            raise PermissionDenied("you may not change this consortium")
        return redirect(f"{reverse('consortia:detail', args=[pk])}?confirm=lost")
    try:
        services.change_status(user=request.user, consortium=consortium, to_status=to_status)
    except services.ConsortiumError as error:
        messages.error(request, str(error))
    return redirect("consortia:detail", pk=pk)


@login_required
@require_POST
def consortium_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a member (`remove=<company id>`) or add a company (`add=<company id or name>`)."""
    consortium = _visible_consortium(request, pk)
    add, remove = request.POST.get("add", "").strip(), request.POST.get("remove", "").strip()
    if (remove and not remove.isdigit()) or not (add or remove):
        messages.error(request, "members: give a company to add (registry id or name) or one to remove")
        return redirect("consortia:detail", pk=pk)
    try:
        added = company_named(request.user, add) if add else None
        if consortium.asks_before_team_change() and request.POST.get("confirmed") != "yes":
            if not scoping.can_change_consortium(request.user, consortium):
                raise PermissionDenied("you may not change this consortium")
            return redirect(_confirm_url(request, pk, added.pk if added else None, int(remove) if remove else None))
        changed = services.change_members(
            user=request.user, consortium=consortium,
            add=[added.pk] if added else [], remove=[int(remove)] if remove else [],
        )
    except CompanyNotFound as error:
        messages.error(request, f"members: {error}")
    except services.ConsortiumError as error:
        messages.error(request, str(error))
    else:
        name = added.legal_name if added else (
            Company.objects.filter(pk=int(remove)).values_list("legal_name", flat=True).first()
        )
        _member_change_feedback(request, f"{'Added' if added else 'Removed'} {name}.", changed)
    if request.POST.get("then") == "suggest":  # added from the suggestions page: back to the next suggestions
        query = urlencode(_suggestions_query(request))
        return redirect(reverse("collaboration:consortium_suggestions", args=[pk]) + (f"?{query}" if query else ""))
    return redirect("consortia:detail", pk=pk)


def _suggestions_query(request: HttpRequest) -> dict[str, str]:
    """The suggestions page's choices a change made from there carries back (k, countries, bring)."""
    return {key: request.POST.get(key, "") for key in ("k", "countries", "bring") if request.POST.get(key)}


def _confirm_url(request: HttpRequest, pk: int, add: int | None, remove: int | None) -> str:
    """Where the question is asked: the suggestions page when the change came from there, else the
    consortium page."""
    if request.POST.get("then") == "suggest" and add is not None:
        query = {**_suggestions_query(request), "confirm_add": add}
        return f"{reverse('collaboration:consortium_suggestions', args=[pk])}?{urlencode(query)}"
    asked = {"confirm_add": add} if add is not None else {"confirm_remove": remove}
    return f"{reverse('consortia:detail', args=[pk])}?{urlencode(asked)}"


def _member_change_feedback(request: HttpRequest, done: str, changed: services.MembersChanged) -> None:
    """What changed, the capabilities no longer covered, and the rules the team now breaks (the
    warnings of the consortium page), wherever the change was made from."""
    sentences = [done, *changed.no_longer_covered]
    if changed.review.warnings:
        sentences.append(f"The team as it is now breaks its rules: {'; '.join(changed.review.warnings)}.")
    (messages.warning if len(sentences) > 1 else messages.success)(request, " ".join(sentences))
