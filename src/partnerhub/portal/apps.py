from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "partnerhub.portal"
    label = "portal"
    verbose_name = "Portal"
