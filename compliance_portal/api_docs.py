"""The API docs page under the site's strict CSP (no inline script or style)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI whose init script is a second request to this URL (``?script``), not an inline block."""

    template_name = "api/swagger_ui.html"
