from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partnerhub.core"
    label = "core"
    verbose_name = "Partnerhub core"

    def ready(self) -> None:
        # The security event log listens to the sign-in machinery's signals.
        from partnerhub.core import signals  # noqa: F401
