from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    # The signed-in supplier's own company profile
    path("company/", views.my_profile, name="profile"),
    path("company/edit/", views.edit_company, name="edit_company"),
    path("company/products/", views.products, name="products"),
    path("company/contracts/", views.contracts, name="contracts"),
    path("company/contracts/import/", views.import_awards, name="import_awards"),
    path("company/contracts/<int:pk>/", views.contract_edit, name="contract_edit"),
    path("company/certificates/", views.certificates, name="certificates"),
    path("company/certificates/<int:pk>/", views.certificate_edit, name="certificate_edit"),
    path("company/women-owned/", views.edit_women_owned, name="edit_women_owned"),
    path("company/registration/", views.edit_registration, name="edit_registration"),
    path("company/visibility/", views.visibility, name="visibility"),
    # Profiles as buyers and programme operators see them (read-only, visible profiles only)
    path("suppliers/", views.directory, name="directory"),
    path("suppliers/<int:pk>/", views.detail, name="detail"),
    path("suppliers/<int:pk>/verify-women-owned/", views.verify_women_owned, name="verify_women_owned"),
]
