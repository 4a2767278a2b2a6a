from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "partnerhub.benefits"
    label = "benefits"
    verbose_name = "Benefits and licenses"
