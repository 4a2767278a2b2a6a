"""§10.3 and §10.1: trademark approvals and product-subscription credentials end with the membership.

The fault: both outlived a termination or deactivation. Now the tick withdraws every approval and revokes
every subscription still running, as of the day the membership ended, with a timeline entry and a mail.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.benefits.models import ProductSubscription, TrademarkUsage
from partnerhub.benefits.selectors import usage_valid_on
from partnerhub.benefits.services import subscriptions, trademark
from partnerhub.partners.models import PartnerEvent
from partnerhub.partners.services.lifecycle import partner_terminate

pytestmark = pytest.mark.django_db

DAY = dt.date(2019, 5, 2)
ENDED = dt.date(2019, 7, 1)


def tick(day: dt.date, committed) -> str:
    out = StringIO()
    with committed():
        call_command("tick", "--as-of", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def licensed(implementation, northwind_user, manager_user):
    usage = trademark.trademark_usage_request(
        partner=implementation,
        mark="Partner program logo",
        medium="web site",
        territory="DE",
        starts_on=DAY,
        ends_on=dt.date(2019, 12, 31),
        requested_on=DAY,
        acting_user=northwind_user,
    )
    trademark.trademark_usage_approve(
        usage=usage, approved_on=DAY, written_approval="Approved as shown", acting_user=manager_user
    )
    subscription = subscriptions.subscription_grant(
        partner=implementation,
        user=northwind_user,
        product="amelia",
        purpose="demonstration",
        starts_on=DAY,
        ends_on=dt.date(2019, 12, 31),
        login_hint="demo@northwind",
        credential_reference="vault://partners/northwind/amelia",
        granted_on=DAY,
        acting_user=manager_user,
    )
    return usage, subscription


def test_a_termination_ends_the_trademark_approval_and_the_credentials(
    implementation, manager_user, licensed, committed
):
    usage, subscription = licensed
    partner_terminate(
        partner=implementation, terminated_on=ENDED, acting_user=manager_user, reason="breach of the IPPA"
    )
    mail.outbox.clear()

    out = tick(ENDED + dt.timedelta(days=3), committed)

    usage.refresh_from_db()
    subscription.refresh_from_db()
    assert usage.status == "withdrawn" and usage.withdrawal.effective_on == ENDED
    assert usage_valid_on(usage, ENDED - dt.timedelta(days=1))
    assert not usage_valid_on(usage, ENDED)
    assert subscription.revoked_on == ENDED and not subscription.active_on(ENDED)
    assert "ended with the membership" in out
    withdrawn = PartnerEvent.objects.get(partner=implementation, kind="trademark_usage_withdrawn")
    revoked = PartnerEvent.objects.get(partner=implementation, kind="product_subscription_revoked")
    assert (withdrawn.section, withdrawn.effective_on) == ("10.3", ENDED)
    assert (revoked.section, revoked.effective_on) == ("10.1", ENDED)
    [message] = [m for m in mail.outbox if "licenses ended" in m.subject]
    assert "Partner program logo" in message.body and "amelia" in message.body

    assert "ended with the membership" not in tick(ENDED + dt.timedelta(days=4), committed)
    assert PartnerEvent.objects.filter(partner=implementation, kind="trademark_usage_withdrawn").count() == 1


def test_a_deactivation_ends_them_too_and_a_running_membership_keeps_them(
    implementation, partner_in, manager_user, licensed, committed
):
    usage, subscription = licensed
    type(implementation).objects.filter(pk=implementation.pk).update(status="deactivated", status_since=ENDED)
    still = partner_in("registered", name="Still a member")

    tick(ENDED, committed)

    assert TrademarkUsage.objects.get(pk=usage.pk).status == "withdrawn"
    assert ProductSubscription.objects.get(pk=subscription.pk).revoked_on == ENDED
    assert not PartnerEvent.objects.filter(partner=still, kind__in=["trademark_usage_withdrawn"]).exists()
