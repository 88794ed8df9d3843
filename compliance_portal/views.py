"""Project-level pages: the role dashboards and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import dashboards


@login_required
def dashboard(request):
    user = request.user
    if user.role is None:
        return render(request, "dashboard/no_role.html", status=403)
    context = dashboards.for_user(user)
    return render(request, f"dashboard/{user.role}.html", context)


@never_cache
def healthz(request):
    """Database always; the Celery broker too when one is configured (not the eager default)."""
    checks: dict[str, str] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
        healthy = False
    if settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = "eager (no broker configured)"
    else:
        from .celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)
