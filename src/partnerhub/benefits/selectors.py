"""Reads of the benefits app, scoped by who is asking through `partners.selectors.visible_to`
(docs/architecture.md#rule-4): a manager sees everything, a partner user its own partner's objects, and another
partner's objects do not exist for it (404)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from partnerhub.benefits.models import (
    NOTICE_MISSING,
    BenefitRequest,
    Demonstration,
    LeadOffer,
    MarketingAccessGrant,
    MarketingDocument,
    MarketingPayment,
    MarketingReview,
    MarketplaceListing,
    ProductSubscription,
    TrademarkUsage,
    TrademarkUsageStatus,
    WebLead,
)
from partnerhub.partners.models import Partner
from partnerhub.partners.periods import PartnerState, partner_state_on
from partnerhub.partners.selectors import UserLike, visible_to
from partnerhub.policy.benefits import Entitlement, entitlements
from partnerhub.policy.decision import Decision
from partnerhub.policystore.selectors import policy_in_force


def partner_entitlements(
    partner: Partner, as_of: dt.date, *, state: PartnerState | None = None
) -> Decision[tuple[Entitlement, ...]]:
    """The benefits `partner` has on `as_of` under the policy and with the status and classification in
    force that day (§5.1, docs/history.md): `state`, when the caller read it already."""
    state = state if state is not None else partner_state_on(partner, as_of)
    return entitlements(policy_in_force(as_of), classification=state.classification, status=state.status, as_of=as_of)


def visible_benefit_requests(user: UserLike) -> QuerySet[BenefitRequest]:
    return visible_to(user, BenefitRequest.objects.select_related("partner"))


def visible_listings(user: UserLike) -> QuerySet[MarketplaceListing]:
    return visible_to(user, MarketplaceListing.objects.select_related("partner").prefetch_related("reviews"))


def published_listings() -> QuerySet[MarketplaceListing]:
    """The Amelia Marketplace as the public sees it."""
    return MarketplaceListing.objects.filter(status="published").select_related("partner")


def visible_lead_offers(user: UserLike) -> QuerySet[LeadOffer]:
    return visible_to(user, LeadOffer.objects.select_related("lead", "partner"))


def visible_leads(user: UserLike) -> QuerySet[WebLead]:
    """A manager: every lead; a partner user: the leads offered to its partner."""
    return visible_to(user, WebLead.objects.all(), partner_field="offers__partner").distinct()


def visible_subscriptions(user: UserLike) -> QuerySet[ProductSubscription]:
    return visible_to(user, ProductSubscription.objects.select_related("partner", "user"))


def visible_marketing_grants(user: UserLike) -> QuerySet[MarketingAccessGrant]:
    return visible_to(user, MarketingAccessGrant.objects.select_related("partner", "user", "responsible"))


def visible_marketing_reviews(user: UserLike) -> QuerySet[MarketingReview]:
    return visible_to(user, MarketingReview.objects.select_related("partner"))


def visible_marketing_payments(user: UserLike) -> QuerySet[MarketingPayment]:
    return visible_to(user, MarketingPayment.objects.select_related("partner").prefetch_related("documents"))


def visible_marketing_documents(user: UserLike) -> QuerySet[MarketingDocument]:
    return visible_to(user, MarketingDocument.objects.select_related("payment"), partner_field="payment__partner")


def visible_trademark_usages(user: UserLike) -> QuerySet[TrademarkUsage]:
    return visible_to(user, TrademarkUsage.objects.select_related("partner", "withdrawal"))


def usages_valid_on(day: dt.date, queryset: QuerySet[TrademarkUsage] | None = None) -> QuerySet[TrademarkUsage]:
    """Uses of the marks valid on `day`: approved on or before it, inside their period, and not withdrawn
    with effect on or before it (a withdrawn use is not valid from its effective date on, §10.3)."""
    queryset = TrademarkUsage.objects.all() if queryset is None else queryset
    return queryset.filter(
        status__in=(TrademarkUsageStatus.APPROVED, TrademarkUsageStatus.WITHDRAWN),
        decided_on__lte=day,
        starts_on__lte=day,
        ends_on__gte=day,
    ).exclude(withdrawal__effective_on__lte=day)


def usage_valid_on(usage: TrademarkUsage, day: dt.date) -> bool:
    return usages_valid_on(day).filter(pk=usage.pk).exists()


def visible_demonstrations(user: UserLike) -> QuerySet[Demonstration]:
    return visible_to(user, Demonstration.objects.select_related("partner"))


def flagged_demonstrations() -> QuerySet[Demonstration]:
    """Demonstrations that needed a notice (§9.1) and have none given on or before their day (managers)."""
    return Demonstration.objects.filter(NOTICE_MISSING).select_related("partner")


def coming_demonstrations_without_notice(as_of: dt.date, lead_days: int) -> QuerySet[Demonstration]:
    """Demonstrations from `as_of` to `lead_days` later that need a notice and have none yet."""
    return Demonstration.objects.filter(
        notice_required=True,
        advised_on__isnull=True,
        demo_on__gte=as_of,
        demo_on__lte=as_of + dt.timedelta(days=lead_days),
    ).select_related("partner")
