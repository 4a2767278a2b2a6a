"""Reads of joint-marketing funds, plans and claims (docs/policy.md#r6-2), scoped by `partners.selectors.visible_to`:
another partner's fund, plan, claim or proof is not found (404). The figures of any number of funds come from one
query (`with_figures`), so the console's list costs the same whatever the number of partners (rule 5)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from partnerhub.funds.models import COUNTED_CLAIMS, Claim, ClaimDocument, ClaimStatus, Fund, Plan, PlanStatus
from partnerhub.partners.selectors import UserLike, visible_to
from partnerhub.policy.funds import FundFigures

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _sum(queryset: QuerySet[Claim] | QuerySet[Plan], expression: object) -> Coalesce:
    total = queryset.order_by().values("fund").annotate(total=Sum(expression)).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), ZERO)


def with_figures(funds: QuerySet[Fund]) -> QuerySet[Fund]:
    """`funds` with `committed`, `claimed` and `paid` annotated (see `policy.funds.FundFigures`)."""
    claims = Claim.objects.filter(fund=OuterRef("pk"))
    unclaimed = Plan.objects.filter(fund=OuterRef("pk"), status=PlanStatus.APPROVED).exclude(
        claim__status__in=COUNTED_CLAIMS
    )
    return funds.annotate(
        committed=_sum(unclaimed, "planned_cost"),
        claimed=_sum(claims.filter(status__in=COUNTED_CLAIMS), Coalesce("approved_amount", "amount")),
        paid=_sum(claims.filter(status=ClaimStatus.PAID), "approved_amount"),
    )


def figures(fund: Fund) -> FundFigures:
    """The figures of a fund read through `with_figures`."""
    return FundFigures(
        budget=fund.amount,
        committed=fund.committed,  # type: ignore[attr-defined]
        claimed=fund.claimed,  # type: ignore[attr-defined]
        paid=fund.paid,  # type: ignore[attr-defined]
    )


def visible_funds(user: UserLike) -> QuerySet[Fund]:
    return with_figures(visible_to(user, Fund.objects.select_related("partner")))


def visible_plans(user: UserLike) -> QuerySet[Plan]:
    return visible_to(user, Plan.objects.select_related("partner", "fund", "submitted_by", "decided_by"))


def visible_claims(user: UserLike) -> QuerySet[Claim]:
    return visible_to(
        user,
        Claim.objects.select_related("partner", "fund", "plan", "submitted_by", "decided_by", "payment"),
    ).prefetch_related("documents")


def visible_documents(user: UserLike) -> QuerySet[ClaimDocument]:
    return visible_to(user, ClaimDocument.objects.select_related("claim"), partner_field="claim__partner")
