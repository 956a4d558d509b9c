"""The supplier's feed page (/<lang>/feed/) and its actions: mark a notice, save or delete a filter, rank again.

Thin: feed.py reads, services.py writes, reasons.py words the explanations. The page never ranks: feeds are
computed in the background (tasks.py); while a ranking is pending the page says so.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenderbridge.opportunities.filters import FilterError
from tenderbridge.opportunities.models import Notice
from tenderbridge.suppliers.views import supplier_view

from . import feed as reads
from . import services, tasks
from .forms import FeedFilterForm, MarkForm, SaveFilterForm
from .models import Mark

MARK_MESSAGES = {
    "saved": lambda: _("Saved: you find it under “Saved”."),
    "bidding": lambda: _("Marked as bidding: you find it under “Bidding”."),
    "dismissed": lambda: _("Dismissed: it will not come back to your feed. You find it under “Dismissed”."),
    "": lambda: _("The mark is removed."),
}


@supplier_view
def feed(request):
    try:
        tab, page_number = reads.read_tab(request.GET), reads.read_page(request.GET)
        filters = reads.read_filters(request.GET)
    except FilterError as error:
        context = {"error": error.message, "api_url": "/api/v1/feed", "tabs": _tabs("feed", {}, {})}
        return render(request, "matching/feed.html", context, status=400)
    page = reads.feed_page(request.profile, tab, filters, page_number)
    query = filters.as_query()
    context = {
        "page": page,
        "tabs": _tabs(tab, page.counts, query),
        "form": FeedFilterForm(query, page.options),
        "save_form": SaveFilterForm(initial={"query": urlencode(query)}),
        "filters_query": urlencode(query),
        "previous_url": _page_url(tab, query, page.page - 1) if page.page > 1 else None,
        "next_url": _page_url(tab, query, page.page + 1) if page.page < page.pages else None,
        "saved_filters": [(f, reverse("matching:feed") + "?" + f.query if f.query else reverse("matching:feed"))
                          for f in page.saved_filters],
        "api_url": "/api/v1/feed" + ("?" + urlencode({**({"tab": tab} if tab != "feed" else {}), **query})
                                      if query or tab != "feed" else ""),
        "here": request.get_full_path(),
        "profile_url": reverse("suppliers:profile"),
        "mark_states": Mark.State.choices,
    }
    return render(request, "matching/feed.html", context)


def _tabs(current: str, counts: dict, query: dict) -> list[dict]:
    return [
        {"slug": slug, "label": label, "count": counts.get(slug), "current": slug == current,
         "url": _page_url(slug, query, 1)}
        for slug, label in reads.TABS.items()
    ]


def _page_url(tab: str, query: dict, page: int) -> str:
    params = {**({"tab": tab} if tab != "feed" else {}), **query, **({"page": page} if page > 1 else {})}
    return reverse("matching:feed") + ("?" + urlencode(params) if params else "")


def _back(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_POST
@supplier_view
def mark(request, notice_id: int):
    notice = get_object_or_404(Notice, pk=notice_id)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That is not a known mark."))
        return redirect(_back(request, reverse("matching:feed")))
    state = form.cleaned_data["state"]
    services.do_mark(request.profile, notice, state, request.user)
    messages.success(request, MARK_MESSAGES[state]())
    return redirect(_back(request, reverse("matching:feed")))


@require_POST
@supplier_view
def save_filter(request):
    form = SaveFilterForm(request.POST)
    query = request.POST.get("query", "")
    try:
        reads.read_filters(QueryDict(query))  # only filters the feed understands are saved
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        saved = services.do_save_filter(request.profile, form.cleaned_data["name"], query)
    except (ValidationError, FilterError) as error:
        text = error.message if isinstance(error, FilterError) else " ".join(error.messages)
        messages.error(request, text)
        return redirect(reverse("matching:feed") + (f"?{query}" if query else ""))
    messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
    return redirect(reverse("matching:feed") + (f"?{query}" if query else ""))


@require_POST
@supplier_view
def delete_filter(request, pk: int):
    if services.do_delete_filter(request.profile, pk):
        messages.success(request, _("The saved filter is deleted."))
    return redirect("matching:feed")


@require_POST
@supplier_view
def refresh(request):
    tasks.request_recompute(request.profile.pk)
    messages.success(request, _("Your feed is being ranked again; this takes a few seconds."))
    return redirect("matching:feed")
