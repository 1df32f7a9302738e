"""Partner-suggestion pages: complete a saved consortium, or a team being put together."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from sme2go.accounts import scoping
from sme2go.collaboration.completion import (
    MAX_SUGGESTIONS,
    CompletionError,
    suggest_for_consortium,
    suggest_to_complete,
)
from sme2go.collaboration.team_input import TeamNotFound, team_entries, typed_team

# The fields of the suggestion pages by their labels, for errors ("How many: ...", "Team: ...").
FIELD_LABELS = {"k": "How many", "countries": "Countries", "company": "Team", "company_ids": "Team"}


def _k(request: HttpRequest) -> int:
    """The "How many" field (10 when left empty); CompletionError on "k" for anything but a whole number."""
    raw = request.GET.get("k", "").strip() or "10"
    if not (raw.isascii() and raw.isdigit()):
        raise CompletionError(f"must be a whole number between 1 and {MAX_SUGGESTIONS}, got {raw!r}", "k")
    return int(raw)


def _in_words(error: CompletionError) -> str:
    return f"{FIELD_LABELS.get(error.field, error.field)}: {error}"


def _countries(request: HttpRequest) -> list[str]:
    """`EE, fi;SE` -> ['EE', 'fi', 'SE']; the use case checks each is a country code."""
    return [c for c in re.split(r"[,;\s]+", request.GET.get("countries", "")) if c]


@login_required
def consortium_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """Companies most likely to complete saved consortium `pk`, with reasons."""
    # A consortium the user may not see is not found, whoever asks: a 403 would tell it exists.
    consortium = get_object_or_404(scoping.visible_consortia(request.user), pk=pk)
    if not scoping.can_see_partner_suggestions(request.user):
        raise PermissionDenied("partner suggestions are for the programme manager and advisors")
    context: dict[str, object] = {"consortium": consortium, "k": request.GET.get("k", "10"),
                                  "countries": request.GET.get("countries", ""), "max_k": MAX_SUGGESTIONS,
                                  # Staff who may change an open consortium add a suggestion in one click.
                                  "can_add": scoping.can_change_consortium(request.user, consortium)
                                  and bool(consortium.allowed_next())}
    # Filtered by default to companies that bring a required capability (the model still orders them).
    # Adding to a team its members have agreed on (or offered with) asks first, naming the status.
    confirm_add = request.GET.get("confirm_add", "")
    if context["can_add"] and consortium.asks_before_team_change() and confirm_add.isdigit():
        context["confirm_add"] = scoping.visible_companies(request.user).filter(pk=int(confirm_add)).first()
    has_requirements, bring = bool(consortium.required_capabilities), request.GET.get("bring", "required")
    context.update(has_requirements=has_requirements, bring="any" if bring == "any" else "required")
    if context.get("confirm_add"):
        kept = {"k": context["k"], "countries": context["countries"], "bring": context["bring"]}
        context["cancel_add_url"] = f"{request.path}?{urlencode({k: v for k, v in kept.items() if k != 'k' or v})}"
    try:
        context["completion"] = suggest_for_consortium(
            user=request.user, consortium=consortium, k=_k(request), countries=_countries(request),
            bringing_only=has_requirements and bring != "any",
        )
    except CompletionError as error:
        context["error"] = _in_words(error)
    return render(request, "collaboration/suggestions.html", context, status=400 if "error" in context else 200)


@login_required
def team_suggestions(request: HttpRequest) -> HttpResponse:
    """Companies most likely to complete a team that is not saved yet: ?company=<name or id>, one per
    line or repeated."""
    if not scoping.can_see_partner_suggestions(request.user):
        raise PermissionDenied("partner suggestions are for the programme manager and advisors")
    typed = request.GET.getlist("company")
    k, countries = request.GET.get("k", "10"), request.GET.get("countries", "")
    context: dict[str, object] = {"k": k, "countries": countries, "team": "\n".join(team_entries(typed)),
                                  "max_k": MAX_SUGGESTIONS}
    if "company" in request.GET:  # the form was sent (an empty Team field is an error, not a blank page)
        try:
            members = typed_team(request.user, typed)
            context["team"] = "\n".join(f"{m.legal_name} ({m.pk})" for m in members)
            completion = suggest_to_complete(
                user=request.user, company_ids=[m.pk for m in members], k=_k(request), countries=_countries(request)
            )
        except TeamNotFound as error:
            context["error"] = "\n".join(f"Team: {problem}" for problem in error.problems)
        except CompletionError as error:
            context["error"] = _in_words(error)
        else:
            team = [m.pk for m in members]
            context["completion"] = completion
            # Grow the team suggestion by suggestion: each links to this page with it added.
            context["add_links"] = {
                s.company.pk: team_url([*team, s.company.pk], k=k, countries=countries) for s in completion.suggestions
            }
            if scoping.can_form_consortia(request.user):
                context["propose_url"] = proposal_url(team)
    return render(request, "collaboration/suggestions.html", context, status=400 if "error" in context else 200)


def team_url(company_ids: list[int], *, k: str, countries: str) -> str:
    """This page for the team `company_ids`, asking for as many suggestions of the same countries."""
    query = urlencode({"company": ",".join(str(i) for i in company_ids), "countries": countries, "k": k})
    return f"{reverse('collaboration:team_suggestions')}?{query}"


def proposal_url(company_ids: list[int]) -> str:
    """The proposal page with these companies locked into every proposed consortium."""
    return f"{reverse('consortia:new')}?{urlencode([('lock', i) for i in company_ids])}"
