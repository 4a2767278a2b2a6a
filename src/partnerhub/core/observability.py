"""What an operator watches: one access line per request, Prometheus metrics, health and readiness.

- `/healthz`: the process answers (no database, no cache: a restart would not fix those).
- `/readyz`: the database, the cache and the job queue's broker answer; 503 naming which does not. A load
  balancer sends traffic only to a ready host.
- `/metrics`: Prometheus text format, for the addresses in METRICS_ALLOWED_IPS or a bearer METRICS_TOKEN;
  anyone else gets 404, as if it did not exist (it names views and volumes, which are nobody else's business).

Neither health answer needs a sign-in, and neither says more than "ok" or which dependency failed.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter, Histogram

access_log = logging.getLogger("partnerhub.access")
log = logging.getLogger(__name__)

JOB_RUNS = Counter("partnerhub_jobs_total", "Background jobs finished, by job and outcome", ["job", "outcome"])
JOB_SECONDS = Histogram(
    "partnerhub_job_duration_seconds",
    "How long background jobs ran, by job",
    ["job"],
    buckets=(0.05, 0.25, 1, 5, 30, 120, 600, 1800, 3600),
)
WEBHOOK_DELIVERIES = Counter(
    "partnerhub_webhook_deliveries_total", "Webhook delivery attempts, by outcome", ["outcome"]
)
TICK_RUNS = Counter("partnerhub_tick_runs_total", "Ticks started, by outcome (done, skipped, failed)", ["outcome"])


class AccessLogMiddleware:
    """One `partnerhub.access` line per request, with its request id (the log filter adds it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "remote_addr": request.META.get("REMOTE_ADDR"),
            },
        )
        return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("partnerhub:readyz", "1", timeout=10)
    if cache.get("partnerhub:readyz") != "1":
        raise RuntimeError("the cache did not return what was just stored")


def _broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # No broker configured: jobs run in-process.
    from partnerhub.config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS: dict[str, Callable[[], None]] = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            # The reason goes to the log, not to the (unauthenticated) caller.
            log.warning("readyz: %s is not reachable: %s", name, error)
            checks[name] = "unavailable"
        else:
            checks[name] = "ok"
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def _may_read_metrics(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    return request.META.get("REMOTE_ADDR") in settings.METRICS_ALLOWED_IPS


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_read_metrics(request):
        raise Http404
    response: HttpResponse = ExportToDjangoView(request)
    return response
