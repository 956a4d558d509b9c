from django.urls import path, re_path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("cpv/", views.cpv_index, name="cpv_index"),
    re_path(r"^cpv/(?P<code8>\d{8})/$", views.cpv_detail, name="cpv_detail"),
    re_path(r"^(?P<code>\d{8})/$", views.unspsc_detail, name="unspsc_detail"),
]
