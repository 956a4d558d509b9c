from django.http import Http404
from django.shortcuts import redirect, render

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
