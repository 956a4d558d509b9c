"""JSON twins of the alerts pages (/api/v1/alerts), from the same calls (reads.alerts_page, services.do_*).

- `GET /api/v1/alerts` — the caller's alerts with last and next sending, problems, feed addresses; the
  calendar address and the reader's settings.
- `POST /api/v1/alerts` — save a search as an alert; `PUT /api/v1/alerts/{id}` — edit it;
  `POST /api/v1/alerts/{id}/pause` `{"paused": true|false}`; `DELETE /api/v1/alerts/{id}`.
- `POST /api/v1/alerts/token` — revoke the private feed and calendar addresses and issue new ones.

Alerts belong to a person (they are mailed to one address): the browser session's user; with an organisation's
token, the organisation's first owner. Another reader's alert is a 404. Keys are additive-only within v1.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import SessionAuth

from tenderbridge.accounts.models import Membership, Organisation
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.errors import ApiError
from tenderbridge.api.schemas import ERRORS, ErrorOut
from tenderbridge.suppliers.api import own_profile

from . import reads, services
from .models import NAME_MAX, QUERY_MAX, Alert

router = Router(tags=["alerts"], auth=[OrganisationToken(), SessionAuth()])
ALL_ERRORS = {**ERRORS, 400: ErrorOut, 403: ErrorOut}


class AlertIn(Schema):
    name: str = Field(max_length=NAME_MAX * 2)
    source: str = Field("list", json_schema_extra={"enum": Alert.Source.values})
    query: str = Field("", max_length=QUERY_MAX * 2, description="The search as a query string: q=…&notice_type=rfq")
    frequency: str = Field("daily", json_schema_extra={"enum": Alert.Frequency.values})
    hour: int = Field(8, ge=0, le=23)
    weekday: int = Field(0, ge=0, le=6)
    language: str = Field("en", json_schema_extra={"enum": sorted(services.LANGUAGES)})
    time_zone: str = Field("UTC", max_length=64)
    channel: str = Field("email", json_schema_extra={"enum": Alert.Channel.values})


class AlertOut(Schema):
    id: int
    name: str
    source: str
    query: str
    frequency: str
    hour: int
    weekday: int
    language: str
    time_zone: str
    channel: str
    paused: bool
    created: datetime
    last_sent: datetime | None
    next_send: datetime | None
    pending: int = Field(description="Notices waiting for the next sending")
    problems: list[str] = Field(description="Parts of the saved search that no longer exist (left out, explained)")
    search_url: str
    feed_urls: dict[str, str]


class AlertsOut(Schema):
    alerts: list[AlertOut]
    limit: int
    feed_urls: dict[str, str]
    calendar_url: str
    reminder_days: int
    address_problem: str
    unsubscribed_all: datetime | None


class PauseIn(Schema):
    paused: bool


def _user(request):
    if isinstance(request.auth, Organisation):
        members = Membership.objects.filter(organisation=request.auth).select_related("user").order_by("created")
        owner = members.filter(role=Membership.Role.OWNER).first() or members.first()
        if owner is None:
            raise ApiError(403, "not_a_supplier", _("Only a supplier organisation has alerts."))
        own_profile(request)
        return owner.user
    own_profile(request)  # a buyer or operator has no alerts: 403 not_a_supplier
    return request.auth


def _row_out(row: reads.AlertRow) -> dict:
    a = row.alert
    return {**{k: getattr(a, k) for k in ("id", "name", "source", "query", "frequency", "hour", "weekday", "language",
                                          "time_zone", "channel", "paused", "created", "last_sent")},
            "next_send": row.next_send, "pending": row.pending, "problems": row.problems,
            "search_url": row.search_url, "feed_urls": row.feed_urls}


def _one(user, pk: int) -> dict:
    for row in reads.alerts_page(user).rows:
        if row.alert.pk == pk:
            return _row_out(row)
    raise ApiError(404, "not_found", _("You have no alert with this number."))


def _invalid(error: ValidationError) -> ApiError:
    message = " ".join(error.messages)
    return ApiError(422, "validation_error", message, {"fields": [{"location": "body.payload", "message": message}]})


def _own(user, pk: int) -> Alert:
    alert = Alert.objects.filter(pk=pk, user=user).first()
    if alert is None:
        raise ApiError(404, "not_found", _("You have no alert with this number."))
    return alert


@router.get("", response={200: AlertsOut, **ALL_ERRORS}, summary="Your alerts (JSON twin of /<lang>/alerts/)")
def get_alerts(request):
    page = reads.alerts_page(_user(request))
    return {"alerts": [_row_out(r) for r in page.rows], "limit": page.limit, "feed_urls": page.feed_urls,
            "calendar_url": page.calendar_url, "reminder_days": page.recipient.reminder_days,
            "address_problem": page.address_problem, "unsubscribed_all": page.recipient.unsubscribed_all}


@router.post("", response={201: AlertOut, **ALL_ERRORS}, summary="Save a search as an alert")
def post_alert(request, payload: AlertIn):
    user = _user(request)
    try:
        alert = services.do_save_alert(user, own_profile(request), services.AlertData(**payload.model_dump()))
    except ValidationError as error:
        raise _invalid(error) from None
    return 201, _one(user, alert.pk)


@router.put("/{int:alert_id}", response={200: AlertOut, **ALL_ERRORS}, summary="Edit an alert")
def put_alert(request, alert_id: int, payload: AlertIn):
    user = _user(request)
    try:
        services.do_update_alert(_own(user, alert_id), services.AlertData(**payload.model_dump()))
    except ValidationError as error:
        raise _invalid(error) from None
    return _one(user, alert_id)


@router.post("/{int:alert_id}/pause", response={200: AlertOut, **ALL_ERRORS}, summary="Pause or resume an alert")
def pause_alert(request, alert_id: int, payload: PauseIn):
    user = _user(request)
    services.do_pause(_own(user, alert_id), payload.paused)
    return _one(user, alert_id)


@router.delete("/{int:alert_id}", response={204: None, **ALL_ERRORS}, summary="Delete an alert")
def delete_alert(request, alert_id: int):
    services.do_delete_alert(_own(_user(request), alert_id))
    return 204, None


@router.post("/token", response={200: AlertsOut, **ALL_ERRORS},
             summary="Revoke the private feed and calendar addresses and issue new ones")
def post_token(request):
    user = _user(request)
    services.do_reissue_feed_token(user)
    return get_alerts(request)
