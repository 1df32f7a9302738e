"""Errors of the REST API as JSON: a message and the offending field.

Every error body has `detail` (a sentence) and, when one field is to blame,
`field` (a path into the request, e.g. `capabilities[0].capability_id`).
When several fields are wrong, `errors` lists each as `{"detail", "field"}` and
the top-level pair repeats the first, so a script can always read `detail`.

    422 {"detail": "unknown capability id 'water.xyz'", "field": "capabilities[0].capability_id",
         "errors": [{"detail": "...", "field": "capabilities[0].capability_id"}]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# Where ninja says a parameter came from: the first element of each error's `loc`.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def field_path(loc: Sequence[Any]) -> str | None:
    """`("body", "payload", "capabilities", 0, "capability_id")` -> `"capabilities[0].capability_id"`;
    a key that is the empty string is `[""]` (`("body", "payload", "")` -> `'[""]'`).

    The source and the handler's parameter name are dropped: the client never sees them.
    """
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # A body schema is nested under the handler's parameter name; query/path fields are not.
        # An error about the body as a whole (e.g. a list instead of an object) names no field.
        if source in ("body", "form") and parts:
            parts.pop(0)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part == "":
            path += '[""]'  # a key with no name (`{"": 1}`): still named, not dropped
        else:
            path += f".{part}" if path else str(part)
    return path or None


# pydantic's types of error for a value that is not an object where one is expected. For the body as
# a whole, its words ("Input should be a valid dictionary or object to extract fields from", with no
# field) leave the client guessing what "input" is. (ninja drops the value sent from the error.)
_NOT_AN_OBJECT = {"model_attributes_type", "model_type", "dict_type"}


def _message(error: dict[str, Any]) -> str:
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "missing" and loc[:1] == ("body",) and field_path(loc) is None:
        # No body at all: pydantic says "Field required" about a field the client never named.
        return 'the request body is empty: send a JSON object ({"name": value, ...}) with the header ' \
               "Content-Type: application/json"
    if error.get("type") in _NOT_AN_OBJECT and field_path(loc) is None:
        return 'the request body must be a JSON object ({"name": value, ...}), not a list or a single value'
    msg = str(error.get("msg", "invalid value"))
    # pydantic prefixes messages of custom validators; the client needs only the reason.
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    return msg


def _repeated_message(request: HttpRequest, error: dict[str, Any]) -> str | None:
    """For a query parameter that takes one value but was given several (api.OneValueParser
    passes them on as a list): say so, rather than that a list is not a number."""
    loc = tuple(error.get("loc", ()))
    if len(loc) == 2 and loc[0] == "query" and isinstance(loc[1], str):
        values = request.GET.getlist(loc[1])
        if len(values) > 1:
            return f"give {loc[1]} once: it was given {len(values)} times ({', '.join(map(repr, values))})"
    return None


def error_body(errors: Iterable[tuple[str, str | None]]) -> dict[str, Any]:
    """The JSON body for one or more `(message, field)` pairs."""
    items = [{"detail": detail, "field": field} for detail, field in errors]
    if not items:
        items = [{"detail": "invalid request", "field": None}]
    body: dict[str, Any] = dict(items[0])
    if len(items) > 1:
        body["errors"] = items
    return body


def refused(detail: str, field: str | None) -> DjangoValidationError:
    """A 422 for an endpoint to raise, whose body is built like every other one: {"detail", "field"}."""
    return DjangoValidationError({field or NON_FIELD_ERRORS: [detail]})


@contextmanager
def fields_named(names: Mapping[str, str]) -> Iterator[None]:
    """Name the fields of a service's ValidationError as the API names them: a service's `partner`
    (a Partner) is the API's `partner_id`.

        with fields_named({"partner": "partner_id"}):
            services.log_support(...)
    """
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from None


def _django_validation_pairs(exc: DjangoValidationError) -> list[tuple[str, str | None]]:
    if hasattr(exc, "error_dict"):
        pairs: list[tuple[str, str | None]] = []
        for field, errors in exc.error_dict.items():
            for error in errors:
                # An error about one item of a list (registry.services.ItemError) names its path,
                # e.g. `references[1].country`, where the list's name alone would leave the client guessing.
                path = getattr(error, "path", None) or (None if field == "__all__" else field)
                pairs.extend((message, path) for message in error)
        return pairs
    return [(message, None) for message in exc.messages]


class RepeatedKey(ValueError):
    """A key given twice in one object of a JSON body (api.OneValueParser): which value was meant?"""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} is given twice in one object of the request body: give it once")


def one_value_per_key(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json.loads(..., object_pairs_hook=one_value_per_key)`: RepeatedKey instead of keeping the last."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise RepeatedKey(key)
        seen[key] = value
    return seen


# What ninja says (400) when its parser cannot read the body (ninja.params.models.BodyModel).
_NINJA_UNPARSABLE_BODY = "Cannot parse request body"


def not_json_message(request: HttpRequest, cause: BaseException | None) -> str:
    """A 400's sentence: what is wrong with the body and what to send instead.

    'the request body is not JSON (Expecting value: line 1 column 1 (char 0)); send a JSON object
    with the header Content-Type: application/json (this request was sent as multipart/form-data)'
    """
    reason = f" ({cause})" if isinstance(cause, ValueError) else ""
    message = f"the request body is not JSON{reason}; send a JSON object with the header Content-Type: application/json"
    if request.content_type and request.content_type != "application/json":
        message += f" (this request was sent as {request.content_type})"
    return message


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default error bodies with `{"detail", "field"}` ones."""
    # Handlers take `exc: Any`: ninja types a handler by the class it is registered for, which mypy cannot follow.

    def on_request_invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        pairs = [(_repeated_message(request, e) or _message(e), field_path(e.get("loc", ()))) for e in exc.errors]
        return api.create_response(request, error_body(pairs), status=422)

    def on_content_invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, error_body(_django_validation_pairs(exc)), status=422)

    def on_not_allowed(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, error_body([(str(exc) or "not allowed", None)]), status=403)

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, error_body([("not found", None)]), status=404)

    def on_unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        response = api.create_response(
            request,
            error_body([("authentication required: send 'Authorization: Bearer <token>' or log in", None)]),
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        message = f"the request body is larger than {limit_mb:g} MB; send fewer or shorter values"
        return api.create_response(request, error_body([(message, None)]), status=413)

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and message.startswith(_NINJA_UNPARSABLE_BODY):
            cause = exc.__cause__
            message = str(cause) if isinstance(cause, RepeatedKey) else not_json_message(request, cause)
        return api.create_response(request, error_body([(message, None)]), status=exc.status_code)

    api.add_exception_handler(NinjaValidationError, on_request_invalid)
    api.add_exception_handler(DjangoValidationError, on_content_invalid)
    api.add_exception_handler(PermissionDenied, on_not_allowed)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
