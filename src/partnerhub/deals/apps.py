from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "partnerhub.deals"
    label = "deals"
    verbose_name = "Deal registrations and orders"
