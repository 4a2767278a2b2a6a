from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "partnerhub.billing"
    label = "billing"
    verbose_name = "Billing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # partners (below billing) asks whether a year's fee was invoiced, and answers an approval with its
        # invoice, through `partners.upstream`: billing names its answers there.
        from partnerhub.billing.api import issued_invoice
        from partnerhub.billing.selectors import program_fee_invoiced
        from partnerhub.partners import upstream

        upstream.register(fee_invoiced=program_fee_invoiced, issued_invoice=issued_invoice)
