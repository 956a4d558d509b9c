"""The /api/v1 NinjaAPI, assembled: every app's router is added here; OpenAPI at /api/v1/openapi.json.

This module sits at the top of the layers (beside urls.py, which mounts it): it imports the apps, and no app
imports it. The parts the apps share (the error format, token auth, error schemas) are the bottom package
`tenderbridge/api/` (docs/architecture.md, the contracts in pyproject.toml).
"""

from django.utils.translation import get_language
from ninja import NinjaAPI, Router, Schema

from tenderbridge.alerts.api import router as alerts_router
from tenderbridge.api import errors
from tenderbridge.api.auth import OrganisationToken
from tenderbridge.api.docs import OfflineSwagger
from tenderbridge.api.schemas import ERRORS
from tenderbridge.home.sections import SECTIONS
from tenderbridge.learning.api import router as learning_router
from tenderbridge.market.api import router as market_router
from tenderbridge.matching.api import bidders_router
from tenderbridge.matching.api import router as feed_router
from tenderbridge.opportunities.api import router as opportunities_router
from tenderbridge.readiness.api import router as readiness_router
from tenderbridge.suppliers.api import router as suppliers_router
from tenderbridge.support.api import router as support_router
from tenderbridge.taxonomy.api import router as taxonomy_router

api = NinjaAPI(
    title="TenderBridge API",
    version="1",
    description="JSON twins of TenderBridge's pages. Keys are additive-only within v1. "
    'Errors always have the shape {"error": {"code", "message", "details"}}.',
    urls_namespace="api",
    docs_url="/docs",
    docs=OfflineSwagger(),  # Swagger UI from static/vendor, not a CDN
    openapi_url="/openapi.json",
)
errors.install(api)

core = Router(tags=["core"])


class SectionOut(Schema):
    slug: str
    title: str
    summary: str


class HomeOut(Schema):
    language: str
    sections: list[SectionOut]


@core.get("/home", response={200: HomeOut}, summary="The home page's sections (JSON twin of /<lang>/)")
def home(request):
    sections = [SectionOut(slug=s.slug, title=str(s.title), summary=str(s.summary)) for s in SECTIONS]
    return {"language": get_language(), "sections": sections}


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    country: str


class MeOut(Schema):
    organisation: OrganisationOut


@core.get(
    "/me", response={200: MeOut, **ERRORS}, auth=OrganisationToken(), summary="The token's organisation"
)
def me(request):
    org = request.auth
    return {"organisation": {"id": org.pk, "name": org.name, "kind": org.kind, "country": org.country}}


api.add_router("/", core)
api.add_router("/taxonomy/", taxonomy_router)
api.add_router("/opportunities", opportunities_router)
api.add_router("/suppliers", suppliers_router)
api.add_router("/feed", feed_router)
api.add_router("/fitting-suppliers", bidders_router)
api.add_router("/alerts", alerts_router)
api.add_router("/readiness", readiness_router)
api.add_router("/learn", learning_router)
api.add_router("/support", support_router)
api.add_router("/market", market_router)
