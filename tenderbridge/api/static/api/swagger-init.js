/* Starts Swagger UI on /api/v1/docs from the settings the server put in #swagger-settings
   (tenderbridge/api/docs.py). No inline script, and nothing fetched from another host. */
(function () {
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  var csrf = document.body.getAttribute("data-csrf-token");
  if (csrf) {
    config.requestInterceptor = function (req) { req.headers["X-CSRFToken"] = csrf; return req; };
  }
  SwaggerUIBundle(config);
})();
