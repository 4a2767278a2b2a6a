"""The facts of a quarterly evaluation, for the whole programme at once (docs/architecture.md#rule-5).

Who is evaluated: every member of the programme on the quarter's last day (approved into its
qualification window, or registered, by its state in force that day), except OEM partners, to whom the
requirements table does not apply (§3.0). Their resources are taken on the quarter's last day, their
activity over the quarter.

`quarter_facts` gathers the `PartnerFacts` of `people.facts.gather_facts` on the quarter's last day, plus
the quarter's activity, counted by the database: a fixed number of queries whatever the programme's size.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from partnerhub.deals.models import Order, Registration, RegistrationStatus
from partnerhub.partners.models import Classification, Partner, PartnerStatus
from partnerhub.partners.periods import in_state_on
from partnerhub.people.facts import gather_facts
from partnerhub.policy.calendar import Quarter
from partnerhub.policy.facts import (
    ActivityFact,
    PartnerFacts,
)

EVALUATED_STATUSES = (PartnerStatus.APPROVED, PartnerStatus.REGISTERED)
APPROVED_STATUSES = (RegistrationStatus.APPROVED, RegistrationStatus.WON, RegistrationStatus.LOST)
"""Registrations the vendor approved (some of them have since been won or lost)."""


def evaluated_partners(quarter: Quarter) -> QuerySet[Partner]:
    """The members on the quarter's last day, by their state in force then (docs/history.md)."""
    member = Q(status__in=EVALUATED_STATUSES, approved_on__lte=quarter.end) & ~Q(classification=Classification.OEM)
    return Partner.objects.filter(in_state_on(quarter.end, member)).order_by("pk")


def activity_facts(quarter: Quarter, partners: QuerySet[Partner]) -> dict[int, ActivityFact]:
    """The deal activity of each partner in `quarter`, by partner id (partners without any: absent).
    Two aggregate queries, whatever the number of partners (docs/policy.md#r5, the metric definitions):

    - orders attributed to the partner with an order date in the quarter, and of those the ones whose
      opportunity the partner had registered (submitted) strictly before the order date;
    - registrations approved by the vendor with the approval date in the quarter; and approved
      registrations that reached an outcome (won or lost) in the quarter.
    """
    start, end = quarter.start, quarter.end
    ids = partners.values("pk")
    found: dict[int, dict[str, int]] = {}
    registered_before = Registration.objects.filter(
        partner=OuterRef("partner"), opportunity=OuterRef("opportunity"), submitted_on__lt=OuterRef("ordered_on")
    )
    orders = (
        Order.objects.filter(partner__in=ids, ordered_on__gte=start, ordered_on__lte=end)
        .annotate(in_time=Exists(registered_before))
        .values("partner_id")
        .annotate(orders=Count("pk"), in_time_count=Count("pk", filter=Q(in_time=True)))
        .order_by()
        .values_list("partner_id", "orders", "in_time_count")
    )
    for partner_id, count, in_time in orders:
        found.setdefault(partner_id, {}).update(orders=count, orders_registered_in_time=in_time)
    in_quarter = Q(decided_on__gte=start, decided_on__lte=end) | Q(closed_on__gte=start, closed_on__lte=end)
    registrations = (
        Registration.objects.filter(in_quarter, partner__in=ids, status__in=APPROVED_STATUSES)
        .values("partner_id")
        .annotate(
            approved=Count("pk", filter=Q(decided_on__gte=start, decided_on__lte=end)),
            won=Count("pk", filter=Q(status=RegistrationStatus.WON, closed_on__gte=start, closed_on__lte=end)),
            lost=Count("pk", filter=Q(status=RegistrationStatus.LOST, closed_on__gte=start, closed_on__lte=end)),
        )
        .order_by()
        .values_list("partner_id", "approved", "won", "lost")
    )
    for partner_id, approved, won, lost in registrations:
        found.setdefault(partner_id, {}).update(registrations_approved=approved, outcomes_won=won, outcomes_lost=lost)
    return {partner_id: ActivityFact(period=quarter.key, **counts) for partner_id, counts in found.items()}


def quarter_facts(quarter: Quarter, partners: QuerySet[Partner] | None = None) -> list[PartnerFacts]:
    """Every evaluated partner (or those of `partners`) as it stood on the quarter's last day, with its
    activity in the quarter, ordered by id."""
    scope = evaluated_partners(quarter) if partners is None else partners
    activity = activity_facts(quarter, scope)
    empty = ActivityFact(period=quarter.key)
    facts = gather_facts(quarter.end, scope, counted=True, activity=lambda partner_id: activity.get(partner_id, empty))
    return [facts[partner_id] for partner_id in sorted(facts)]
