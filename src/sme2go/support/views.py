"""Training and support pages: the overview with the KPI, sessions and their attendance, and
support actions logged from a company's page."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.registry.forms import attach_errors
from sme2go.registry.search import CompanyNotFound, company_named
from sme2go.registry.views import visible_company_or_404
from sme2go.support import services
from sme2go.support.exports import ExportSupportActions
from sme2go.support.forms import AttendanceForm, OverviewFilterForm, SessionForm, SupportActionForm
from sme2go.support.kpis import support_kpis
from sme2go.support.models import SupportAction, TrainingSession
from sme2go.support.queries import find_sessions, find_support_actions
from sme2go.table_downloads import bad_filter, table_download

PAGE_SIZE = 50


def _staff_only(user: Any) -> None:
    if not scoping.can_see_support(user):
        raise PermissionDenied("training and support are for the programme's staff")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _staff_only(request.user)
    today = timezone.localdate()
    years = list(range(today.year, today.year - 6, -1))
    form = OverviewFilterForm(request.GET or None, years=years, initial={"year": today.year})
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year, partner = chosen.get("year") or today.year, chosen.get("partner")
    partner_id = partner.pk if partner else None
    # A query with an aggregate drops Meta.ordering, so the order is asked for again.
    sessions = find_sessions(actor=request.user, year=year, partner_id=partner_id).annotate(
        companies=Count("attendances", distinct=True), people=Sum("attendances__people")).order_by("-held_on", "-pk")
    actions = find_support_actions(actor=request.user, year=year, partner_id=partner_id)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "support/overview.html", {
        "form": form, "year": year, "partner": partner,
        "in_year": support_kpis(datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)),
        "all_time": support_kpis(None, today),
        "sessions": sessions, "page": page, "filter_params": params.urlencode(),
        "own_partner": scoping.advisor_partner(request.user),
    }, status=400 if form.errors else 200)


@login_required
def actions_download(request: HttpRequest) -> HttpResponse:
    """The year's support actions (this year by default) of the partner chosen (all when none), as
    `sme2go export support-actions` writes them: `?year=2026&partner=Tehnopol&format=csv|xlsx`."""
    _staff_only(request.user)
    today = timezone.localdate()
    form = OverviewFilterForm(request.GET, years=list(range(today.year, today.year - 6, -1)))
    if not form.is_valid():
        return bad_filter(form)
    year, partner = form.cleaned_data["year"] or today.year, form.cleaned_data["partner"]
    return table_download(ExportSupportActions(), actor=request.user, partner_id=partner.pk if partner else None,
                          year=year, file_format=request.GET.get("format", "csv"),
                          name=f"support-{year}" + (f"-{partner.short_name}" if partner else ""))


@login_required
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    if not scoping.can_log_support(request.user, company):
        raise PermissionDenied("only the company's advisors and the programme manager log support for it")
    choose_partner = scoping.advisor_partner(request.user) is None
    form = SupportActionForm(request.POST or None, choose_partner=choose_partner,
                             initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.log_support(actor=request.user, company=company, kind=data["kind"],
                                          given_on=data["given_on"], hours=data["hours"], note=data["note"],
                                          partner=data.get("partner"))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Logged {action.get_kind_display().lower()} for {company.legal_name}.")
            return redirect("registry:company_detail", pk=company.pk)
    return render(request, "support/action_form.html", {"company": company, "form": form},
                  status=400 if form.errors else 200)


@login_required
def action_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request.user)
    action = get_object_or_404(SupportAction.objects.select_related("company"), pk=pk)
    if not scoping.can_change_support_action(request.user, action):
        raise PermissionDenied("only the partner that gave the support, or the programme manager, removes it")
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        company = action.company
        services.delete_support(actor=request.user, action=action)
        messages.success(request, f"Removed the support action ({action.get_kind_display().lower()}, "
                         f"{action.given_on:%Y-%m-%d}). The audit trail keeps what it was.")
        return redirect("registry:company_detail", pk=company.pk)
    return render(request, "support/action_remove.html", {"action": action})


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    _staff_only(request.user)
    choose_partner = scoping.advisor_partner(request.user) is None
    form = SessionForm(request.POST or None, choose_partner=choose_partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.add_session(actor=request.user, module_title=data["module_title"],
                                           held_on=data["held_on"], place=data["place"], hours=data["hours"],
                                           partner=data.get("partner"))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Added the session {session}.")
            return redirect("support:session_detail", pk=session.pk)
    return render(request, "support/session_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request.user)
    session = get_object_or_404(TrainingSession.objects.select_related("module", "partner"), pk=pk)
    if not scoping.can_change_session(request.user, session):
        raise PermissionDenied("only the partner that runs the session, or the programme manager, changes it")
    if request.method == "POST" and request.POST.get("delete"):
        if request.POST.get("confirmed") != "yes":
            return render(request, "support/session_remove.html",
                          {"session": session, "attendances": session.attendances.count()})
        removed = services.delete_session(actor=request.user, session=session)
        messages.success(request, f"Removed the session {session} and its {removed} attendance(s). "
                         "The audit trail keeps who came.")
        return redirect("support:overview")
    initial = {"module_title": session.module.title, "held_on": session.held_on, "place": session.place}
    form = SessionForm(request.POST or None, choose_partner=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_session(actor=request.user, session=session, module_title=data["module_title"],
                                    held_on=data["held_on"], place=data["place"], hours=data["hours"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Saved the session {session}.")
            return redirect("support:session_detail", pk=session.pk)
    return render(request, "support/session_form.html", {"form": form, "session": session},
                  status=400 if form.errors else 200)


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request.user)
    session = get_object_or_404(TrainingSession.objects.select_related("module", "partner"), pk=pk)
    may_change = scoping.can_change_session(request.user, session)
    form = AttendanceForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("only the partner that runs the session, or the programme manager, records who came")
        if "remove" in request.POST:
            raw = request.POST["remove"]
            removed = services.remove_attendance(actor=request.user, session=session,
                                                 company_id=int(raw)) if raw.isdigit() else None
            if removed is not None:
                messages.success(request, f"Removed {removed.legal_name} from the list.")
            return redirect("support:session_detail", pk=session.pk)
        if form.is_valid():
            try:
                company = company_named(request.user, form.cleaned_data["company"])
                services.add_attendance(actor=request.user, session=session, company=company,
                                        people=form.cleaned_data["people"] or 1)
            except CompanyNotFound as error:
                form.add_error("company", str(error))
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, f"Added {company.legal_name}.")
                return redirect("support:session_detail", pk=session.pk)
    attendances = session.attendances.select_related("company").order_by("company__legal_name")
    return render(request, "support/session_detail.html", {
        "session": session, "attendances": attendances, "form": form, "may_change": may_change,
    }, status=400 if form.errors else 200)
