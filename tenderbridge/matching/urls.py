from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("marks/<int:notice_id>/", views.mark, name="mark"),
    path("filters/", views.save_filter, name="save_filter"),
    path("filters/<int:pk>/delete/", views.delete_filter, name="delete_filter"),
    path("refresh/", views.refresh, name="refresh"),
]
