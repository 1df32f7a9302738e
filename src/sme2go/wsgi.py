"""WSGI entry point: `gunicorn sme2go.wsgi` or the dev server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sme2go.settings")
application = get_wsgi_application()
