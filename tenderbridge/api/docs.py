"""The /api/v1/docs page: Swagger UI from the site's own static files, never from a CDN.

django-ninja renders its CDN template unless `ninja` is an installed app; rather than install the app (and its
copy of Swagger UI, upgraded only with ninja), the page uses the copy vendored under
`static/vendor/swagger-ui/<version>/` (its README says where it came from and how to upgrade it).
"""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed

SWAGGER_UI_VERSION = "5.36.0"
_VENDOR = f"vendor/swagger-ui/{SWAGGER_UI_VERSION}"


class OfflineSwagger(Swagger):
    template = "api/swagger.html"
    # validatorUrl None: Swagger UI would otherwise ask validator.swagger.io for a badge image.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "swagger_css": f"{_VENDOR}/swagger-ui.css",
            "swagger_js": f"{_VENDOR}/swagger-ui-bundle.js",
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)
