"""gunicorn's configuration for `partnerhub serve`, read from the environment (docs/operations.md).

BIND (default 127.0.0.1:$PORT, PORT default 8000), WEB_CONCURRENCY worker processes (default 2),
GUNICORN_THREADS threads per worker (default 4), GUNICORN_TIMEOUT seconds a request may take (default 60).

Graceful restarts are gunicorn's: `kill -HUP <master pid>` starts new workers with the new code and lets
the old ones finish their requests (up to graceful_timeout); TERM stops after the requests in flight.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The access line comes from Django (partnerhub.access), with the request id; gunicorn's would lack it.
accesslog = None
errorlog = "-"
# The master's own lines (starting, workers booting or killed) in the same JSON shape as the application's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
if os.environ.get("LOG_FORMAT", "json") == "text":
    logconfig_dict = {}
# Behind a proxy on the same host or network, which sets X-Forwarded-Proto for SECURE_SSL_REDIRECT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "partnerhub-web"
# gunicorn's control socket is one path per user, which two servers on one host would share; signals do its job.
control_socket_disable = True
wsgi_app = "partnerhub.config.wsgi:application"

# Prometheus counts live in each worker process; the exporter adds them up from files in this directory
# (a fresh one per server unless PROMETHEUS_MULTIPROC_DIR names one, which the operator then empties at start).
_own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="partnerhub-metrics-")
_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, _metrics_dir)


def on_exit(server: Any) -> None:
    if _own_metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)
