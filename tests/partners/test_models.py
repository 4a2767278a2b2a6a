import pytest
from django.db import IntegrityError

from partnerhub.partners.models import Classification, Partner, PartnerKind, PartnerStatus


def test_a_new_partner_has_applied(db):
    partner = Partner.objects.create(
        name="Initech", kind=PartnerKind.INDIVIDUAL, classification=Classification.ADVISORY
    )

    assert partner.status == PartnerStatus.APPLIED
    assert partner.created_at.tzinfo is not None


@pytest.mark.parametrize(("field", "value"), [("kind", "trust"), ("classification", "platinum"), ("status", "paused")])
def test_the_database_refuses_values_outside_the_choices(db, field, value):
    fields = {"name": "Initech", "kind": PartnerKind.COMPANY, "classification": Classification.SOLUTION}
    fields[field] = value

    with pytest.raises(IntegrityError):
        Partner.objects.create(**fields)
