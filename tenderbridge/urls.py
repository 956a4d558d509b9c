from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from tenderbridge.api.errors import not_found_view
from tenderbridge.api_v1 import api
from tenderbridge.home.views import set_language
from tenderbridge.ops import views as ops_views

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found_view),
    path("i18n/setlang/", set_language, name="set_language"),
]

# Every page lives under its language: /en/… and /zh-hans/…
urlpatterns += i18n_patterns(
    path("", include("tenderbridge.home.urls")),
    path("accounts/", include("tenderbridge.accounts.urls")),
    path("categories/", include("tenderbridge.taxonomy.urls")),
    path("opportunities/", include("tenderbridge.opportunities.urls")),
    path("feed/", include("tenderbridge.matching.urls")),
    path("alerts/", include("tenderbridge.alerts.urls")),  # saved searches that come to the supplier  # the supplier's ranked, explained feed
    path("", include("tenderbridge.suppliers.urls")),  # /company/… (own profile), /suppliers/… (read-only)
    path("readiness/", include("tenderbridge.readiness.urls")),  # readiness for UN supplier registration
    path("learn/", include("tenderbridge.learning.urls")),  # the learning centre
    path("support/", include("tenderbridge.support.urls")),  # the help desk
    path("market/", include("tenderbridge.market.urls")),  # who buys what, from whom, at what price
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
