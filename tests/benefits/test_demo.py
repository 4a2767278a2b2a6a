"""The benefits demo: built through the services, the same again on a second run."""

import pytest
from django.core.management import call_command

from partnerhub.benefits.models import BenefitRequest, MarketplaceListing, TrademarkUsage, TrademarkWithdrawal
from partnerhub.benefits.selectors import flagged_demonstrations

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_runs_again_unchanged(db, db_state):
    call_command("demo", "--as-of", "2019-09-01", verbosity=0)
    first = db_state()
    call_command("demo", "--as-of", "2019-09-01", verbosity=0)

    # The portal's demo programme (built last) adds other partners' requests and trademark uses: look at Litware's.
    litware = {"partner__name": "Litware Solutions"}
    assert {status for status in BenefitRequest.objects.filter(**litware).values_list("status", flat=True)} == {
        "requested",
        "fulfilled",
        "declined",
    }
    assert MarketplaceListing.objects.get().status == "published"
    assert set(TrademarkUsage.objects.filter(**litware).values_list("status", flat=True)) == {"approved", "withdrawn"}
    withdrawal = TrademarkWithdrawal.objects.get()
    assert (withdrawal.effective_on - withdrawal.notice_on).days == 30
    assert flagged_demonstrations().get().partner.name == "Litware Solutions"
    assert "Litware Solutions" in set(BenefitRequest.objects.values_list("partner__name", flat=True))
    second = db_state()
    # Only sign-ins are refreshed (the demo resets their passwords); nothing of ours changes.
    assert {k: v for k, v in second.items() if k != "auth.User"} == {k: v for k, v in first.items() if k != "auth.User"}
