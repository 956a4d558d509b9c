from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("", views.notice_list, name="list"),
    # OCIDs may hold slashes (Canada's "ocds-34a6hz-01044-060931/001/USW"): the rest of the path is the OCID.
    path("<path:ocid>/deadline.ics", views.notice_ics, name="deadline_ics"),
    path("<path:ocid>/", views.notice_detail, name="detail"),
]
