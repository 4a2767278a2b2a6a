from django.apps import AppConfig


class PolicystoreConfig(AppConfig):
    name = "partnerhub.policystore"
    label = "policystore"
    verbose_name = "Policy versions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API's and the forms' date checks (core, below this app) ask for the first policy's date here.
        from partnerhub.core.fields import register_policy_start
        from partnerhub.policystore.selectors import first_policy_date

        register_policy_start(first_policy_date)
