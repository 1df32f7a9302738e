"""Helpers shared by the company-page tests (not a test module)."""

from __future__ import annotations

from django.test import Client

from sme2go.registry import services

PROFILE_POST = {
    "legal_name": "Aqua Sense OÜ", "country": "EE", "city": "Tartu", "registry_code": "EE123", "vat": "",
    "website": "aquasense.ee", "size_band": "small", "founded_year": "2015", "nace_codes": "36.00, 71.12",
    "description": "Leak detection for water utilities",
}  # fmt: skip


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_private_notes(*, advisor, other_advisor, company) -> None:
    services.add_note(actor=advisor, company=company, text="Tehnopol secret: pitch in Nairobi")
    services.add_note(actor=other_advisor, company=company, text="Turku secret: slow to answer")
