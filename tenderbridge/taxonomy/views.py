from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from .forms import SearchForm
from .models import CpvCode, UnspscCode
from .search import search_unspsc


def index(request):
    """The UNSPSC browser's first level: the segments, each with how many families it holds."""
    segments = UnspscCode.objects.roots().annotate(child_count=Count("children"))
    return render(request, "taxonomy/index.html", {"segments": segments, "form": SearchForm()})


def unspsc_detail(request, code: str):
    unspsc = get_object_or_404(UnspscCode, code=code)
    context = {
        "code": unspsc,
        "ancestors": unspsc.ancestors(),
        "children": unspsc.children.all(),
        "form": SearchForm(),
    }
    return render(request, "taxonomy/unspsc_detail.html", context)


def search(request):
    form = SearchForm(request.GET)
    result = None
    if form.is_valid():
        result = search_unspsc(form.cleaned_data["q"], form.cleaned_data["level"] or None)
    status = 400 if form.errors else 200
    return render(request, "taxonomy/search.html", {"form": form, "result": result}, status=status)


def cpv_index(request):
    divisions = CpvCode.objects.roots().annotate(child_count=Count("children"))
    return render(request, "taxonomy/cpv_index.html", {"divisions": divisions})


def cpv_detail(request, code8: str):
    cpv = get_object_or_404(CpvCode, code8=code8)
    context = {
        "code": cpv,
        "ancestors": cpv.ancestors(),
        "children": cpv.children.all(),
        "targets": cpv.unspsc_targets(),
    }
    return render(request, "taxonomy/cpv_detail.html", context)
