"""Pages of export readiness: a company's history with its latest result (next steps with the training
that addresses them), and the questionnaire. The cohort page is in views_cohort.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sme2go.accounts import scoping
from sme2go.readiness import questionnaire, services, training
from sme2go.registry.views import visible_company_or_404


@login_required
def readiness_page(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    assessments = services.history(company)
    latest = assessments[0] if assessments else None
    result = services.result_of(latest) if latest else None
    next_steps = []
    if result is not None:
        offers = training.training_for(result.next_step_questions, today=timezone.localdate())
        next_steps = [(step, offers.get(key, [])) for step, key in zip(result.next_steps, result.next_step_questions,
                                                                        strict=True)]
    return render(request, "readiness/history.html", {
        "company": company,
        "assessments": assessments,
        "latest": latest,
        "result": result,
        "next_steps": next_steps,
        "link_sessions": scoping.can_see_support(request.user),
        "see_cohort": scoping.can_see_readiness_cohort(request.user),
        "can_assess": services.can_assess(request.user, company),
        "bands": questionnaire.BANDS,
    })


@login_required
def assess_page(request: HttpRequest, pk: int) -> HttpResponse:
    company = visible_company_or_404(request.user, pk)
    if not services.can_assess(request.user, company):
        raise PermissionDenied("only the company's advisors, the programme manager and the company itself assess it")
    previous = services.history(company)
    # A new assessment starts from the last answers, so that a follow-up changes only what moved.
    answers: dict[str, object] = dict(previous[0].answers) if previous else {}
    error = None
    if request.method == "POST":
        answers = {q.key: request.POST.get(q.key, "") for q in questionnaire.QUESTIONS}
        try:
            assessment = services.assess(actor=request.user, company=company, answers=answers)
        except questionnaire.AnswerError as problem:
            error = problem
        else:
            messages.success(request, f"Assessed {company.legal_name}: {assessment.overall:.0f}/100, {assessment.band}.")
            return redirect("readiness:history", pk=company.pk)
    sections = [
        (dimension, [(q, str(answers.get(q.key, ""))) for q in questionnaire.QUESTIONS if q.dimension == dimension])
        for dimension in questionnaire.DIMENSIONS
    ]
    return render(request, "readiness/assess.html", {
        "company": company,
        "sections": sections,
        "scale": list(enumerate(questionnaire.SCALE)),
        "error": error,
        "starts_from_previous": bool(previous) and request.method != "POST",
    }, status=400 if error else 200)
