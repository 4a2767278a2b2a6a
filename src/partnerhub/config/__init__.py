# The Celery app is loaded with Django, so that @shared_task jobs bind to it wherever they are enqueued.
from partnerhub.config.celery import app as celery_app

__all__ = ["celery_app"]
