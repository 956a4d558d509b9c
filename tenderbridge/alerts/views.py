"""The alerts pages (/<lang>/alerts/): the list with last and next sendings, a new or edited alert, pause and
resume, delete, the reader's settings, and the unsubscribe page of the emails (GET asks, POST does — the
one-click POST of RFC 8058 comes from the mail client, without a session or a CSRF token).

Thin: reads.py reads, services.py writes. Another reader's alert is a 404, like one that does not exist.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tenderbridge.opportunities.filters import NoticeFilters
from tenderbridge.suppliers.views import supplier_view

from . import reads, services
from .forms import AlertForm, PreferencesForm
from .models import Alert


def _data(form: AlertForm) -> services.AlertData:
    return services.AlertData(**{k: form.cleaned_data[k] for k in
                                 ("name", "source", "query", "frequency", "hour", "weekday", "language",
                                  "time_zone", "channel")})


def _own(request, pk: int) -> Alert:
    return get_object_or_404(Alert, pk=pk, user=request.user)


@supplier_view
def alert_list(request):
    page = reads.alerts_page(request.user)
    form = PreferencesForm(initial={"reminder_days": page.recipient.reminder_days,
                                    "webhook_url": page.recipient.webhook_url})
    return render(request, "alerts/list.html", {"page": page, "preferences": form, "api_url": "/api/v1/alerts"})


def _initial(request) -> dict:
    source = request.GET.get("source") if request.GET.get("source") in Alert.Source.values else Alert.Source.LIST
    zone = request.user.time_zone or getattr(request, "time_zone", "UTC")
    return {"source": source, "query": _search_part(request.GET.get("query", ""))[:1000], "frequency": Alert.Frequency.DAILY,
            "hour": 8, "weekday": 0, "language": get_language() or "en", "time_zone": zone,
            "channel": Alert.Channel.EMAIL, "name": request.GET.get("name", "")[:100]}


def _save(request, form: AlertForm, alert: Alert | None):
    if not form.is_valid():
        return None
    try:
        if alert is None:
            return services.do_save_alert(request.user, request.profile, _data(form))
        return services.do_update_alert(alert, _data(form))
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return None


def _search_part(query: str) -> str:
    """The search of a page's query string, less its page, tab and cursor."""
    kept = ("q", "sort", "match", *NoticeFilters.names())
    data = QueryDict(query)
    return urlencode([(k, v) for k in kept for v in data.getlist(k) if v])


@supplier_view
def new_alert(request):
    form = AlertForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and (saved := _save(request, form, None)):
        messages.success(request, _("The alert “%(name)s” is saved.") % {"name": saved.name})
        return redirect("alerts:list")
    problems = services.saved_search(form["source"].value(), form["query"].value() or "").problems
    status = 400 if form.errors else 200
    return render(request, "alerts/form.html", {"form": form, "problems": problems, "new": True}, status=status)


@supplier_view
def edit_alert(request, pk: int):
    alert = _own(request, pk)
    initial = {k: getattr(alert, k) for k in ("name", "source", "query", "frequency", "hour", "weekday", "language",
                                              "time_zone", "channel")}
    form = AlertForm(request.POST or None, initial=initial)
    if request.method == "POST" and _save(request, form, alert):
        messages.success(request, _("The alert “%(name)s” is saved.") % {"name": alert.name})
        return redirect("alerts:list")
    problems = services.saved_search(alert.source, alert.query).problems
    return render(request, "alerts/form.html", {"form": form, "problems": problems, "alert": alert},
                  status=400 if form.errors else 200)


@require_POST
@supplier_view
def pause_alert(request, pk: int):
    alert = _own(request, pk)
    paused = request.POST.get("paused") == "1"
    services.do_pause(alert, paused)
    messages.success(request, _("The alert is paused.") if paused else _("The alert sends again."))
    return redirect("alerts:list")


@require_POST
@supplier_view
def delete_alert(request, pk: int):
    services.do_delete_alert(_own(request, pk))
    messages.success(request, _("The alert is deleted."))
    return redirect("alerts:list")


@require_POST
@supplier_view
def preferences(request):
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            services.do_set_preferences(request.user, form.cleaned_data["reminder_days"],
                                        form.cleaned_data["webhook_url"])
            messages.success(request, _("Your alert settings are saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("alerts:list")


@require_POST
@supplier_view
def reissue_token(request):
    services.do_reissue_feed_token(request.user)
    messages.success(request, _("New private addresses are issued; the old ones no longer work."))
    return redirect("alerts:list")


@require_POST
@supplier_view
def resubscribe(request):
    services.do_resubscribe_all(request.user)
    messages.success(request, _("Your alerts are sent again."))
    return redirect("alerts:list")


@require_POST
@supplier_view
def clear_bounce(request):
    services.do_clear_bounce(request.user)
    messages.success(request, _("Your address is marked as working; alerts are emailed to it again."))
    return redirect("alerts:list")


@csrf_exempt
def unsubscribe(request, token: str):
    found = services.read_unsubscribe_token(token)
    if found is None:
        raise Http404(_("This unsubscribe link is not valid."))
    if request.method == "POST":
        services.do_unsubscribe(found)
        return render(request, "alerts/unsubscribe.html", {"found": found, "done": True})
    return render(request, "alerts/unsubscribe.html", {"found": found, "done": False})
