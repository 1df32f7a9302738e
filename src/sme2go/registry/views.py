"""Registry pages (thin: the rules live in services.py and accounts.scoping)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sme2go.accounts.scoping import visible_companies
from sme2go.registry.models import Partner


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    companies = visible_companies(request.user).order_by("legal_name")[:50]
    return render(request, "registry/company_list.html", {"companies": companies})


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/partner_list.html", {"partners": Partner.objects.all()})
