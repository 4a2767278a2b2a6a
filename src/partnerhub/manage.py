"""The `partnerhub` command: Django's manage.py for this project."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # An operator who forgot an environment variable needs the one-line reason, not a traceback.
        raise SystemExit(f"partnerhub: configuration error: {error}") from error


if __name__ == "__main__":
    main()
