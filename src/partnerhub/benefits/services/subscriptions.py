"""Writes of the benefits app: Product subscriptions (§10.1)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from partnerhub.benefits.events import BenefitsEventKind
from partnerhub.benefits.models import ProductSubscription
from partnerhub.benefits.services.common import decision_reasons, locked
from partnerhub.core.errors import Conflict, refuse_unless
from partnerhub.partners.history import record_event
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.partners.periods import partner_state_on
from partnerhub.policy import licenses
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policystore.selectors import policy_for_input


@transaction.atomic
def subscription_grant(
    *,
    partner: Partner,
    user: User,
    product: str,
    purpose: str,
    starts_on: dt.date,
    ends_on: dt.date,
    login_hint: str,
    credential_reference: str,
    granted_on: dt.date,
    acting_user: User,
) -> ProductSubscription:
    """Give a named partner user credentials to a product, for demonstration or training only (§10.1)."""
    state = partner_state_on(partner, granted_on)
    decision = licenses.product_subscription_admissible(
        policy_for_input(granted_on, "granted_on"),
        status=state.status,
        purpose=purpose,
        product=product,
        products=list(state.products),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    member = PartnerUser.objects.filter(partner=partner, user=user).exists()
    reasons = (
        *decision.reasons,
        Reason(
            "named_partner_user",
            licenses.PRODUCT_SUBSCRIPTION_SECTION,
            f"{user} is a user of {partner}" if member else f"{user} is not a user of {partner}",
            member,
        ),
    )
    decision = Decision(decision.outcome and member, decision.policy_version, reasons, decision.facts)
    refuse_unless(decision)
    subscription = ProductSubscription.objects.create(
        partner=partner,
        user=user,
        product=product,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        login_hint=login_hint,
        credential_reference=credential_reference,
        granted_on=granted_on,
        granted_by=acting_user,
        policy_version=decision.policy_version,
        reasons=decision_reasons(decision),
    )
    record_event(
        partner=partner,
        kind=BenefitsEventKind.PRODUCT_SUBSCRIPTION_GRANTED,
        message=f"Credentials to {product} for {user}, for {purpose}, {starts_on} to {ends_on}",
        section=licenses.PRODUCT_SUBSCRIPTION_SECTION,
        actor=acting_user,
        data={"subscription": subscription.pk, "user": user.pk, "product": product, "purpose": purpose},
        policy_version=decision.policy_version,
        effective_on=starts_on,
    )
    return subscription


@transaction.atomic
def subscription_revoke(
    *, subscription: ProductSubscription, revoked_on: dt.date, reason: str, acting_user: User
) -> ProductSubscription:
    subscription = locked(subscription)
    if subscription.revoked_on is not None:
        raise Conflict(
            gettext("the subscription was already revoked on %(revoked_on)s") % {"revoked_on": subscription.revoked_on}
        )
    subscription.revoked_on = revoked_on
    subscription.revoked_by = acting_user
    subscription.revocation_reason = reason
    subscription.save(update_fields=["revoked_on", "revoked_by", "revocation_reason"])
    record_event(
        partner=subscription.partner,
        kind=BenefitsEventKind.PRODUCT_SUBSCRIPTION_REVOKED,
        message=f"Revoked the credentials to {subscription.product} of {subscription.user}"
        + (f": {reason}" if reason else ""),
        section=licenses.PRODUCT_SUBSCRIPTION_SECTION,
        actor=acting_user,
        data={"subscription": subscription.pk, "reason": reason},
        effective_on=revoked_on,
    )
    return subscription
