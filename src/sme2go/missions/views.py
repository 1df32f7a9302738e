"""Mission, pipeline and lead pages (thin: forms in, one service call, errors beside the fields)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sme2go.accounts import scoping
from sme2go.missions import services
from sme2go.missions.forms import LeadForm, MeetingForm, MissionForm, MoveForm, ParticipantForm
from sme2go.missions.models import Lead, Meeting, Mission
from sme2go.registry.forms import attach_errors
from sme2go.registry.search import CompanyNotFound, company_named
from sme2go.registry.views import visible_company_or_404
from sme2go.undo import undo_tag


def staff_only(user: Any) -> None:
    if not scoping.can_run_missions(user):
        raise PermissionDenied("missions and the lead pipeline are for the programme's staff")


@login_required
def mission_list(request: HttpRequest) -> HttpResponse:
    staff_only(request.user)
    missions = Mission.objects.select_related("partner").annotate(
        companies=Count("participants", distinct=True), meeting_count=Count("meetings", distinct=True),
        lead_count=Count("leads", distinct=True)).order_by("-starts_on", "-pk")  # an aggregate drops Meta.ordering
    return render(request, "missions/mission_list.html", {"missions": missions})


@login_required
def mission_new(request: HttpRequest) -> HttpResponse:
    staff_only(request.user)
    form = MissionForm(request.POST or None, choose_partner=scoping.advisor_partner(request.user) is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mission = services.create_mission(actor=request.user, name=data["name"], country=data["country"],
                                              city=data["city"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                                              description=data["description"], partner=data.get("partner"))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Added the mission {mission.name}.")
            return redirect("missions:mission_detail", pk=mission.pk)
    return render(request, "missions/mission_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request.user)
    mission = get_object_or_404(Mission, pk=pk)
    if not scoping.can_change_mission(request.user, mission):
        raise PermissionDenied("only the partner that organises the mission, or the programme manager, changes it")
    fields = ("name", "country", "city", "starts_on", "ends_on", "description")
    form = MissionForm(request.POST or None, choose_partner=False,
                       initial={f: getattr(mission, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_mission(actor=request.user, mission=mission, **{f: data[f] for f in fields})
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Saved the mission {mission.name}.")
            return redirect("missions:mission_detail", pk=mission.pk)
    return render(request, "missions/mission_form.html", {"form": form, "mission": mission},
                  status=400 if form.errors else 200)


@login_required
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request.user)
    mission = get_object_or_404(Mission.objects.select_related("partner"), pk=pk)
    may_change = scoping.can_change_mission(request.user, mission)
    participants = [seat.company for seat in mission.participants.select_related("company")
                    .order_by("company__legal_name")]
    join = ParticipantForm(request.POST if "join" in request.POST else None)
    meeting = MeetingForm(request.POST if "meet" in request.POST else None)
    meeting.fields["company"].choices = [(c.pk, c.legal_name) for c in participants]
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("only the partner that organises the mission, or the programme manager, changes it")
        try:
            if "leave" in request.POST:
                raw = request.POST["leave"]
                left = services.remove_participant(actor=request.user, mission=mission,
                                                   company_id=int(raw)) if raw.isdigit() else None
                if left is not None:
                    messages.success(request, f"{left.legal_name} left the mission.")
                return redirect("missions:mission_detail", pk=mission.pk)
            if "join" in request.POST and join.is_valid():
                company = company_named(request.user, join.cleaned_data["company"])
                services.add_participant(actor=request.user, mission=mission, company=company)
                messages.success(request, f"{company.legal_name} joined the mission.")
                return redirect("missions:mission_detail", pk=mission.pk)
            if "meet" in request.POST and meeting.is_valid():
                company = next(c for c in participants if str(c.pk) == meeting.cleaned_data["company"])
                services.add_meeting(actor=request.user, mission=mission, company=company,
                                     counterpart=meeting.cleaned_data["counterpart"],
                                     held_on=meeting.cleaned_data["held_on"], outcome=meeting.cleaned_data["outcome"])
                messages.success(request, f"Added {company.legal_name}'s meeting.")
                return redirect("missions:mission_detail", pk=mission.pk)
        except CompanyNotFound as error:
            join.add_error("company", str(error))
        except ValidationError as error:
            if "leave" in request.POST:
                messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
                return redirect("missions:mission_detail", pk=mission.pk)
            attach_errors(meeting if "meet" in request.POST else join, error)
    errors = join.errors or meeting.errors
    return render(request, "missions/mission_detail.html", {
        "mission": mission, "participants": participants, "may_change": may_change, "join": join,
        "meeting": meeting, "meetings": mission.meetings.select_related("company"),
        "leads": mission.leads.select_related("company"),
        "may_add_lead": {c.pk for c in participants if scoping.can_follow_leads(request.user, c)},
    }, status=400 if errors else 200)


@login_required
def mission_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a mission: a POST from its page asks first (without JavaScript), the confirmed POST
    removes it and offers Undo in the message on the missions list."""
    staff_only(request.user)
    mission = get_object_or_404(Mission.objects.select_related("partner"), pk=pk)
    if not scoping.can_change_mission(request.user, mission):
        raise PermissionDenied("only the partner that organises the mission, or the programme manager, removes it")
    refusal = services.why_mission_stays(mission)
    if refusal:
        messages.error(request, f"Not removed: {refusal}.")
        return redirect("missions:mission_detail", pk=mission.pk)
    if request.method != "POST" or request.POST.get("confirmed") != "yes":
        return render(request, "missions/mission_remove.html", {
            "mission": mission, "companies": mission.participants.count(), "meetings": mission.meetings.count()})
    try:
        event = services.delete_mission(actor=request.user, mission=mission)
    except ValidationError as error:  # a lead was added between the question and the answer
        messages.error(request, "Not removed: " + " ".join(m for ms in error.message_dict.values() for m in ms) + ".")
        return redirect("missions:mission_detail", pk=mission.pk)
    companies, meetings = len(event.changes["participants"]), len(event.changes["meetings"])
    messages.success(request, f"Removed the mission {mission.name} with its {companies} "
                     f"compan{'y' if companies == 1 else 'ies'} and {meetings} meeting(s).",
                     extra_tags=undo_tag(reverse("missions:mission_restore", args=[event.pk])))
    return redirect("missions:mission_list")


@login_required
@require_POST
def mission_restore(request: HttpRequest, event_id: int) -> HttpResponse:
    """Undo a mission's removal (the Undo button of the message after it), as merges are undone."""
    staff_only(request.user)
    event = services.removed_mission(event_id)
    if event is None:
        raise Http404(f"no removed mission {event_id}")
    try:
        mission = services.restore_mission(actor=request.user, event=event)
    except services.NotRestored as error:
        messages.error(request, f"Not undone: {error}.")
        return redirect("missions:mission_list")
    messages.success(request, f"Undone: the mission {mission.name} is back with its companies and meetings.")
    return redirect("missions:mission_detail", pk=mission.pk)


@login_required
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    staff_only(request.user)
    meeting = get_object_or_404(Meeting.objects.select_related("mission__partner", "company"), pk=meeting_pk,
                                mission_id=pk)
    mission = meeting.mission
    if not scoping.can_change_mission(request.user, mission):
        raise PermissionDenied("only the partner that organises the mission, or the programme manager, changes it")
    if request.method == "POST" and request.POST.get("delete"):
        if request.POST.get("confirmed") != "yes":
            return render(request, "missions/meeting_remove.html", {
                "meeting": meeting, "mission": mission,
                "leads": mission.leads.filter(company=meeting.company).count()})
        services.delete_meeting(actor=request.user, meeting=meeting)
        messages.success(request, f"Removed {meeting.company.legal_name}'s meeting with {meeting.counterpart} "
                         f"({meeting.held_on:%Y-%m-%d}). The audit trail keeps what it was.")
        return redirect("missions:mission_detail", pk=mission.pk)
    participants = [seat.company for seat in mission.participants.select_related("company")
                    .order_by("company__legal_name")]
    form = MeetingForm(request.POST or None, initial={
        "company": meeting.company_id, "counterpart": meeting.counterpart, "held_on": meeting.held_on,
        "outcome": meeting.outcome})
    form.fields["company"].choices = [(c.pk, c.legal_name) for c in participants]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        company = next(c for c in participants if str(c.pk) == data["company"])
        try:
            services.change_meeting(actor=request.user, meeting=meeting, company=company,
                                    counterpart=data["counterpart"], held_on=data["held_on"],
                                    outcome=data["outcome"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Saved {company.legal_name}'s meeting with {meeting.counterpart}.")
            return redirect("missions:mission_detail", pk=mission.pk)
    return render(request, "missions/meeting_form.html", {"form": form, "meeting": meeting, "mission": mission},
                  status=400 if form.errors else 200)


@login_required
def lead_new(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    if not scoping.can_follow_leads(request.user, company):
        raise PermissionDenied("only the company's advisors and the programme manager add its leads")
    missions = list(Mission.objects.filter(participants__company=company))
    initial = {"mission": request.GET.get("mission", "")}
    form = LeadForm(request.POST or None, choose_partner=scoping.advisor_partner(request.user) is None,
                    initial=initial)
    form.fields["mission"].choices = [("", "—")] + [(str(m.pk), str(m)) for m in missions]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mission = next((m for m in missions if str(m.pk) == data["mission"]), None)
        try:
            lead = services.create_lead(actor=request.user, company=company, buyer=data["buyer"],
                                        country=data["country"], value_eur=data["value_eur"],
                                        description=data["description"], mission=mission,
                                        follow_up_on=data["follow_up_on"], partner=data.get("partner"))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Added the lead {lead.buyer}.")
            return redirect("missions:lead_detail", pk=lead.pk)
    return render(request, "missions/lead_form.html", {"company": company, "form": form},
                  status=400 if form.errors else 200)


@login_required
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_object_or_404(Lead.objects.select_related("company", "partner", "mission"), pk=pk)
    visible_company_or_404(request.user, lead.company_id)  # a company user reads only its own leads
    may_move = scoping.can_follow_leads(request.user, lead.company)
    form = MoveForm(request.POST or None, initial={"stage": lead.stage, "value_eur": lead.value_eur,
                                                   "won_on": lead.won_on, "follow_up_on": lead.follow_up_on})
    if request.method == "POST":
        if not may_move:
            raise PermissionDenied("only the company's advisors and the programme manager move its leads")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.move_lead(actor=request.user, lead=lead, stage=data["stage"], note=data["note"],
                                   won_on=data["won_on"], value_eur=data["value_eur"],
                                   follow_up_on=data["follow_up_on"])
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, f"{lead.buyer}: {lead.get_stage_display()}.")
                return redirect("missions:lead_detail", pk=lead.pk)
    staff = scoping.can_run_missions(request.user)
    first = services.first_sales([lead.company_id]).get(lead.company_id)
    return render(request, "missions/lead_detail.html", {
        "lead": lead, "form": form, "may_move": may_move, "events": lead.events.select_related("user"),
        "staff": staff, "is_first_sale": first is not None and first.pk == lead.pk,
    }, status=400 if form.errors else 200)
