"""Liveness and readiness for load balancers and monitoring."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """The process is up and answering. Touches nothing else."""
    return JsonResponse({"status": "ok"})


def _readiness() -> dict:
    checks = {"database": False, "geography": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            checks["database"] = True
            # Ready when councils and at least one postcode are loaded.
            cursor.execute("SELECT COUNT(*) FROM places_council")
            councils = cursor.fetchone()[0]
            cursor.execute("SELECT 1 FROM places_postcode LIMIT 1")
            checks["geography"] = councils > 0 and cursor.fetchone() is not None
    except DatabaseError:
        pass
    return checks


@login_not_required
@never_cache
@require_safe
def readyz(request):
    """Ready to serve: the database answers and the geography is loaded."""
    checks = _readiness()
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
