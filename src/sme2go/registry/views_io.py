"""The import page and the export download (thin: the use cases are importing.py and exporting.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from sme2go.accounts.models import Role
from sme2go.accounts.scoping import can_import_companies, role_of
from sme2go.registry.company_formats import CONTENT_TYPES
from sme2go.registry.company_rows import FIELDS
from sme2go.registry.exporting import export_companies
from sme2go.registry.importing import import_companies
from sme2go.registry.models import Partner
from sme2go.registry.tabular import FILE_FORMATS

PROBLEMS_SHOWN = 1000


class UploadLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit (when Content-Length is absent or lies)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"


def _too_large(request: HttpRequest, size: int | None, context: dict[str, Any]) -> HttpResponse:
    limit = settings.SME2GO_MAX_UPLOAD_BYTES
    what = f"The upload is {_megabytes(size)}" if size else "The upload is too large"
    context["error"] = (
        f"{what}; the import page accepts files up to {_megabytes(limit)}. "
        "Nothing was read or changed. Split the file, or import it on the server with "
        "`sme2go import companies FILE`."
    )
    return render(request, "registry/import.html", context, status=413)


def _unused_response(request: HttpRequest) -> HttpResponse:
    """Stands in for a view when the CSRF check runs by hand (it is not exempt, unlike import_page)."""
    return HttpResponse()


def _parse_mapping(text: str) -> tuple[dict[str, str], list[str]]:
    mapping, errors = {}, []
    for line in text.splitlines():
        if not line.strip():
            continue
        source, sep, target = line.partition("=")
        if not sep or not source.strip():
            errors.append(f"mapping line {line.strip()!r}: write it as 'Column header = field'")
        else:
            mapping[source.strip()] = target.strip()
    return mapping, errors


@csrf_exempt  # checked below, after the size check, so that an oversized upload is never parsed
@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a CSV, XLSX or JSON file of companies; show every problem by row and column, or a summary."""
    if not can_import_companies(request.user):
        raise PermissionDenied("only programme managers and advisors import companies")
    limit = settings.SME2GO_MAX_UPLOAD_BYTES
    is_manager = role_of(request.user) == Role.MANAGER
    context: dict[str, Any] = {
        "max_size": _megabytes(limit), "fields": FIELDS, "is_manager": is_manager,
        "partners": Partner.objects.order_by("name") if is_manager else [],
        "values": {"dry_run": True},
    }
    if request.method != "POST":
        return render(request, "registry/import.html", context)

    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit + 64 * 1024:  # room for the form fields around the file
        return _too_large(request, declared, context)
    guard = UploadLimit(request, limit)
    request.upload_handlers.insert(0, guard)
    refused = CsrfViewMiddleware(_unused_response).process_view(request, _unused_response, (), {})
    if refused is not None:
        return refused
    upload = request.FILES.get("file")  # parses the form; the guard stops at the limit
    if guard.exceeded:
        return _too_large(request, None, context)
    values = {"dry_run": request.POST.get("dry_run") == "on", "partial": request.POST.get("partial") == "on",
              "mapping": request.POST.get("mapping", ""), "partner": request.POST.get("partner", "")}
    context["values"] = values
    mapping, mapping_errors = _parse_mapping(values["mapping"])
    if upload is None:
        context["error"] = "Choose a file to import (.csv, .xlsx or .json)."
    elif upload.size is not None and upload.size > limit:
        return _too_large(request, upload.size, context)
    elif mapping_errors:
        context["error"] = "; ".join(mapping_errors)
    if "error" in context:
        return render(request, "registry/import.html", context, status=400)

    assert upload is not None
    partner = Partner.objects.filter(pk=values["partner"]).first() if is_manager and values["partner"].isdigit() else None
    report = import_companies(
        actor=request.user, data=upload.read(), filename=upload.name or "", mapping=mapping,
        dry_run=values["dry_run"], all_or_nothing=not values["partial"], partner=partner,
    )
    context.update(report=report, filename=upload.name, problems=report.problems[:PROBLEMS_SHOWN],
                   more_problems=max(0, len(report.problems) - PROBLEMS_SHOWN))
    return render(request, "registry/import.html", context, status=200 if report.ok or report.stored else 422)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Download the companies the user may see: `?format=csv|xlsx|json`."""
    file_format = request.GET.get("format", "csv")
    if file_format not in FILE_FORMATS:
        return HttpResponse(f"Unknown format {file_format!r}: use csv, xlsx or json.", status=400,
                            content_type="text/plain; charset=utf-8")
    data = export_companies(actor=request.user, file_format=file_format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    name = f"sme2go-companies-{datetime.date.today().isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
