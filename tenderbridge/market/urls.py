from django.urls import path

from . import views

app_name = "market"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("category/<str:code>/", views.category, name="category"),
    path("agency/<int:buyer_id>/", views.agency, name="agency"),
    path("supplier/<path:key>/", views.supplier, name="supplier"),
]
