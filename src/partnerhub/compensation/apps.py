from django.apps import AppConfig


class CompensationConfig(AppConfig):
    name = "partnerhub.compensation"
    label = "compensation"
    verbose_name = "Referral fees and resale"
