"""The facts of a quarterly evaluation, for the whole programme at once (DESIGN rule 5).

Who is evaluated: every member of the programme (approved into its qualification window, or registered)
approved on or before the quarter's last day, except OEM partners, to whom the requirements table does
not apply (§3.0). Their resources are taken on the quarter's last day (people's `gather_facts`), their
activity over the quarter (the deals app's activity facts), each with a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import QuerySet

from partnerhub.partners.models import Classification, Partner, PartnerStatus
from partnerhub.people.facts import gather_facts
from partnerhub.policy.calendar import Quarter
from partnerhub.policy.facts import ActivityFact, PartnerFacts

EVALUATED_STATUSES = (PartnerStatus.APPROVED, PartnerStatus.REGISTERED)


def evaluated_partners(quarter: Quarter) -> QuerySet[Partner]:
    return (
        Partner.objects.filter(status__in=EVALUATED_STATUSES, approved_on__lte=quarter.end)
        .exclude(classification=Classification.OEM)
        .order_by("pk")
    )


def activity_facts(quarter: Quarter, partners: QuerySet[Partner]) -> dict[int, ActivityFact]:
    """The deal activity of each partner in `quarter`, by partner id (partners without any: absent)."""
    return {}


def quarter_facts(quarter: Quarter, partners: QuerySet[Partner] | None = None) -> list[PartnerFacts]:
    """Every evaluated partner as it stood on the quarter's last day, with its activity in the quarter."""
    scope = evaluated_partners(quarter) if partners is None else partners
    resources = gather_facts(quarter.end, scope)
    activity = activity_facts(quarter, scope)
    empty = ActivityFact(period=quarter.key)
    return [replace(facts, activity=activity.get(partner_id, empty)) for partner_id, facts in sorted(resources.items())]
