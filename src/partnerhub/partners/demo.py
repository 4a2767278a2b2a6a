"""Demo partners and their users."""

from partnerhub.core.demodata import DemoContext
from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus, PartnerUser


def build(ctx: DemoContext) -> None:
    partner, _ = Partner.objects.get_or_create(
        name="Northwind Consulting",
        defaults={
            "kind": PartnerKind.COMPANY,
            "classification": Classification.ALLIANCE,
            "status": PartnerStatus.REGISTERED,
        },
    )
    user = ctx.user("partner", "paul", "paul-demo-2019", first_name="Paul", last_name="Nguyen",
                    email="paul.nguyen@northwind.example")
    PartnerUser.objects.update_or_create(user=user, defaults={"partner": partner, "representative": True})
