from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "partnerhub.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every change records its timeline entry (partners.history.record_event) in its own transaction;
        # the outbox row is written beside it, so the partners app need not know webhooks exist.
        from django.db.models.signals import post_save

        from partnerhub.partners.models import PartnerEvent
        from partnerhub.webhooks.outbox import on_partner_event

        post_save.connect(on_partner_event, sender=PartnerEvent, dispatch_uid="webhooks-outbox")
