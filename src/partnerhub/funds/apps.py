from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "partnerhub.funds"
    label = "funds"
    verbose_name = "Joint-marketing funds"
