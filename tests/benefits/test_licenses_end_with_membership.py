"""§10.3 and §10.1: trademark approvals and product-subscription credentials end with the membership.

The fault: both outlived a termination or deactivation until the next tick. Now the transaction that ends the
membership (termination, deactivation, membership ended by notice) withdraws every approval and revokes every
subscription still running, as of the day the membership ends, with a timeline entry and a mail: the reaction
`benefits.reactions.licenses_on_membership_end` in the one table `partnerhub.reactions`.
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
from partnerhub.partners.services.lifecycle import partner_deactivate, partner_terminate
from partnerhub.partners.services.renewal import non_renewal_notice_record

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


def ended_licenses(partner) -> tuple[list[PartnerEvent], list[PartnerEvent]]:
    events = PartnerEvent.objects.filter(partner=partner).order_by("pk")
    return (
        list(events.filter(kind="trademark_usage_withdrawn")),
        list(events.filter(kind="product_subscription_revoked")),
    )


def test_a_termination_ends_the_trademark_approval_and_the_credentials_at_once(
    implementation, manager_user, licensed, committed
):
    """§10.3, §10.1: ended in the termination's own transaction, with no tick between."""
    usage, subscription = licensed
    mail.outbox.clear()

    with committed():
        partner_terminate(
            partner=implementation, terminated_on=ENDED, acting_user=manager_user, reason="breach of the IPPA"
        )

    usage.refresh_from_db()
    subscription.refresh_from_db()
    assert usage.status == "withdrawn" and usage.withdrawal.effective_on == ENDED
    assert usage.withdrawal.withdrawn_by == manager_user
    assert usage_valid_on(usage, ENDED - dt.timedelta(days=1))
    assert not usage_valid_on(usage, ENDED)
    assert subscription.revoked_on == ENDED and not subscription.active_on(ENDED)
    assert subscription.active_on(ENDED - dt.timedelta(days=1))
    [withdrawn], [revoked] = ended_licenses(implementation)
    assert (withdrawn.section, withdrawn.effective_on, withdrawn.actor) == ("10.3", ENDED, manager_user)
    assert (revoked.section, revoked.effective_on) == ("10.1", ENDED)
    [message] = [m for m in mail.outbox if "licenses ended" in m.subject]
    assert "Partner program logo" in message.body and "amelia" in message.body and "terminated" in message.body

    assert "ended with the membership" not in tick(ENDED + dt.timedelta(days=3), committed)
    assert ended_licenses(implementation) == ([withdrawn], [revoked])


def test_a_termination_refused_by_the_reaction_leaves_everything_as_it_was(
    implementation, manager_user, licensed, monkeypatch
):
    """One transaction: a license that cannot be ended undoes the termination too (and the other way round)."""
    usage, subscription = licensed

    def fail(**_):
        raise RuntimeError("the credentials vault is unreachable")

    monkeypatch.setattr("partnerhub.benefits.reactions.licenses_end_with_membership", fail)
    with pytest.raises(RuntimeError):
        partner_terminate(partner=implementation, terminated_on=ENDED, acting_user=manager_user, reason="breach")

    implementation.refresh_from_db()
    assert implementation.status == "registered"
    assert TrademarkUsage.objects.get(pk=usage.pk).status == "approved"
    assert ProductSubscription.objects.get(pk=subscription.pk).revoked_on is None
    assert not PartnerEvent.objects.filter(partner=implementation, kind="terminated").exists()


def test_a_termination_taking_effect_later_ends_them_on_its_date(implementation, manager_user, licensed):
    """A termination recorded today for a later date (an evaluation's notice): the licenses run until then."""
    usage, subscription = licensed

    partner_terminate(
        partner=implementation,
        terminated_on=ENDED,
        acting_user=manager_user,
        reason="evaluation: below the floor",
        recorded_on=ENDED - dt.timedelta(days=30),
    )

    usage.refresh_from_db()
    subscription.refresh_from_db()
    assert usage_valid_on(usage, ENDED - dt.timedelta(days=1)) and not usage_valid_on(usage, ENDED)
    assert subscription.active_on(ENDED - dt.timedelta(days=1)) and not subscription.active_on(ENDED)


def test_a_deactivation_ends_them_at_once(partner_in, manager_user, northwind_user, committed):
    """§10.3, §10.1 for a prospective partner deactivated after its qualification window."""
    prospect = partner_in("approved", name="Prospect")
    usage = TrademarkUsage.objects.create(
        partner=prospect, mark="Partner program logo", medium="web site", territory="DE", starts_on=DAY,
        ends_on=dt.date(2019, 12, 31), requested_on=DAY, status="approved", written_approval="as shown",
        policy_version=dt.date(2018, 1, 31),
    )  # fmt: skip
    subscription = ProductSubscription.objects.create(
        partner=prospect, user=northwind_user, product="amelia", purpose="demonstration", starts_on=DAY,
        ends_on=dt.date(2019, 12, 31), granted_on=DAY, granted_by=manager_user, policy_version=dt.date(2018, 1, 31),
    )  # fmt: skip
    deadline = prospect.qualification_deadline
    assert deadline is not None
    ended = deadline + dt.timedelta(days=1)

    with committed():
        partner_deactivate(partner=prospect, deactivated_on=ended, acting_user=manager_user)

    assert TrademarkUsage.objects.get(pk=usage.pk).status == "withdrawn"
    assert ProductSubscription.objects.get(pk=subscription.pk).revoked_on == ended
    [withdrawn], [revoked] = ended_licenses(prospect)
    assert withdrawn.effective_on == revoked.effective_on == ended
    assert any("licenses ended" in m.subject and "deactivated" in m.body for m in mail.outbox)


def test_a_membership_ended_by_notice_ends_them_with_the_program_year(
    implementation, partner_in, manager_user, northwind_user, committed
):
    """A timely notice of non-renewal (§5.1): the tick of 1 January ends the membership, and the licenses granted
    into the next year with it, in the same transaction; a member that renews keeps its own."""
    next_year = dt.date(2020, 6, 30)
    subscription = subscriptions.subscription_grant(
        partner=implementation, user=northwind_user, product="amelia", purpose="demonstration", starts_on=DAY,
        ends_on=next_year, login_hint="demo@northwind", credential_reference="vault://northwind", granted_on=DAY,
        acting_user=manager_user,
    )  # fmt: skip
    non_renewal_notice_record(partner=implementation, received_on=dt.date(2019, 10, 1), acting_user=manager_user)
    still = partner_in("registered", name="Still a member")

    tick(dt.date(2020, 1, 1), committed)

    implementation.refresh_from_db()
    assert implementation.status == "deactivated"
    ends_on = implementation.status_since
    subscription.refresh_from_db()
    assert subscription.revoked_on == ends_on and not subscription.active_on(ends_on)
    [revoked] = ended_licenses(implementation)[1]
    assert (revoked.effective_on, revoked.section) == (ends_on, "10.1")
    assert ended_licenses(still) == ([], [])
