from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.ticket, name="ticket"),
    path("files/<int:pk>/", views.file, name="file"),
]
