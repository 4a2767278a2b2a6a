"""The job queue's Celery application: `celery -A partnerhub.config.celery worker` (docs/operations.md).

Its configuration is Django's settings prefixed CELERY_. Without a broker (neither REDIS_URL nor
CELERY_BROKER_URL set) every job runs in-process at the moment it is enqueued.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.config.settings")

app = Celery("partnerhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
