"""What a demo visitor sees for an unknown address or a server error: the product's pages."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from sme2go.registry.management.commands.demo import demo_server
from tests.e2e.registry_pages import client_for


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = False  # as SME2GO_ENV=demo gives (checked below)
    return settings


def settings_debug(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "SME2GO_ENV")}
    result = subprocess.run([sys.executable, "-c", "import sme2go.settings as s; print(s.DEBUG)"],
                            env={**clean, **env}, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_demo_runs_with_debug_off_and_development_with_debug_on():
    assert settings_debug(SME2GO_ENV="demo") == "False"
    assert settings_debug() == "True"  # development, the default
    assert settings_debug(SME2GO_ENV="demo", DEBUG="1") == "True"  # a developer may still ask for it


def test_sme2go_demo_serves_in_demo_mode_unless_told_otherwise():
    argv, env = demo_server("8123", {"PATH": "/bin"})
    assert argv[-4:] == ["demo", "--serve-only", "--port", "8123"] and env["SME2GO_ENV"] == "demo"
    assert demo_server("8123", {"SME2GO_ENV": "development"})[1]["SME2GO_ENV"] == "development"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/nonexistent/", "/companies/abc/", "/markets/nowhere/x/"])
def test_an_unknown_address_gives_the_products_not_found_page_even_logged_out(demo_settings, path):
    response = Client().get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing here, or nothing you may see." in page and 'href="/static/sme2go/site.css"' in page
    assert "URLconf" not in page and "urlpatterns" not in page


def test_a_logged_in_user_gets_the_same_not_found_page(demo_settings, manager):
    response = client_for(manager).get("/companies/abc/")
    assert response.status_code == 404 and "There is nothing here" in response.content.decode()


def test_a_server_error_gives_the_products_error_page(demo_settings, manager, monkeypatch):
    from sme2go.registry import views

    def broken(user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "_countries", broken)
    client = client_for(manager)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and "the database went away" not in page and "Traceback" not in page


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off(demo_settings):
    response = Client().get("/static/sme2go/site.css")
    assert response.status_code == 200
    assert b"box-sizing" in b"".join(response.streaming_content)


def test_the_demo_server_hides_djangos_warning_and_says_what_it_is_in_its_own_words():
    _, env = demo_server("8123", {})
    assert env["DJANGO_RUNSERVER_HIDE_WARNING"] == "true"
