from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("", views.index, name="index"),
    path("prefill/", views.prefill, name="prefill"),
    path("upload/", views.upload, name="upload"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evidence/<int:pk>/delete/", views.delete_evidence, name="delete_evidence"),
    # The programme operators' view of every firm's check
    path("firms/", views.firms, name="firms"),
    path("firms/<int:pk>/", views.firm, name="firm"),
    path("firms/<int:pk>/report.pdf", views.firm_pdf, name="firm_pdf"),
]
