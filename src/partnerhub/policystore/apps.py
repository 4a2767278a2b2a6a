from django.apps import AppConfig


class PolicystoreConfig(AppConfig):
    name = "partnerhub.policystore"
    label = "policystore"
    verbose_name = "Policy versions"
    default_auto_field = "django.db.models.BigAutoField"
