"""One error format for every API response that is not a success:

    {"error": {"code": "not_found", "message": "…", "details": {…}}}

`code` is stable and machine-readable; `message` is a sentence in the request's language.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError


class ApiError(Exception):
    """Raise from an endpoint to answer with a given status, code and message."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


def error_response(status: int, code: str, message: str, details: dict | None = None) -> JsonResponse:
    body = {"error": {"code": code, "message": str(message), "details": details or {}}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    429: "too_many_requests",
}


def install(api) -> None:
    """Register the handlers that turn every failure into the one error format."""

    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        fields = [
            {"location": ".".join(str(part) for part in err.get("loc", [])), "message": err.get("msg", "")}
            for err in exc.errors
        ]
        return error_response(
            422, "validation_error", _("Some parameters are not valid."), {"fields": fields}
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc):
        return error_response(
            401, "unauthorized", _("A valid API token is required: send 'Authorization: Bearer <token>'.")
        )

    @api.exception_handler(AuthorizationError)
    def on_authorization(request, exc):
        return error_response(403, "forbidden", _("This token may not do that."))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(404, "not_found", _("Nothing was found at this address."))

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        return error_response(exc.status_code, _STATUS_CODES.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        return error_response(
            413, "too_large", _("The request is too large: send at most %(mb).1f MB.") % {"mb": limit}
        )

    @api.exception_handler(Exception)
    def on_unexpected(request, exc):
        import logging

        logging.getLogger("tenderbridge.api").exception("unhandled API error")
        return error_response(500, "server_error", _("Something went wrong on our side. Try again later."))


@csrf_exempt  # it changes nothing: a DELETE with a session cookie must get this 404, not the CSRF HTML page
def not_found_view(request, *args, **kwargs):
    """JSON 404 for any /api/ address that no endpoint claims (instead of an HTML page)."""
    return error_response(404, "not_found", _("There is no API endpoint at this address."))
