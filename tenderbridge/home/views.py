from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.i18n import set_language as django_set_language

from .sections import BY_SLUG, SECTIONS


def index(request):
    return render(request, "home/index.html", {"sections": SECTIONS})


def section(request, slug: str):
    """A section whose capability has not landed yet says so honestly instead of a broken link."""
    if slug not in BY_SLUG:
        raise Http404
    if BY_SLUG[slug].url_name:
        return redirect(BY_SLUG[slug].url())
    return render(request, "home/section.html", {"section": BY_SLUG[slug], "sections": SECTIONS})


def set_language(request):
    """Django's set_language, translating `next` from the language in its own URL.

    Django resolves `next` in the request's language (cookie or Accept-Language), which is not the page's when
    a reader opened /zh-hans/… directly in an English browser: `next` then fails to resolve and the switch
    silently keeps the Chinese page.
    """
    page_language = translation.get_language_from_path(request.POST.get("next", request.GET.get("next", "")))
    if page_language:
        translation.activate(page_language)
    return django_set_language(request)
