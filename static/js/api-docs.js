// The API's reference page (templates/api/docs.html): Swagger UI reads the schema with the signed-in session.
// A static file, not an inline script: the Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: false,
    tryItOutEnabled: false,
    supportedSubmitMethods: [],
    defaultModelsExpandDepth: -1,
    requestInterceptor: function (request) {
      request.headers.Accept = "application/vnd.oai.openapi+json";
      request.headers["Accept-Language"] = document.documentElement.lang || "vi";
      return request;
    },
  });
})();
