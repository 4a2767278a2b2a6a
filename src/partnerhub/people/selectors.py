"""Reads of the people app: scoped by who asks (tenancy through `partners.selectors` only), and good
standing for one partner or for all of them on a date (docs/policy.md#r2-7).

Other apps ask `partner_standing(partner, as_of)` (one partner) or `standing_for_all(as_of)` (every
partner, set-based) whether a partner is in good standing on a date, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import UserLike, visible_partners, visible_to
from partnerhub.people.facts import gather_facts, partner_facts
from partnerhub.people.models import (
    Certification,
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)
from partnerhub.policy.decision import Decision
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.scoring import Gap, gap_to_next
from partnerhub.policy.standing import DueDate, due_dates, good_standing, registration_criteria, standing_forecast
from partnerhub.policystore.selectors import policy_in_force

# -- tenancy-scoped reads ----------------------------------------------------------------------------------


def visible_partner(user: UserLike, partner_id: int) -> Partner:
    """The partner `partner_id` if `user` may see it; otherwise 404, exactly as for an unknown id."""
    return get_object_or_404(visible_partners(user), pk=partner_id)


def visible_people(user: UserLike) -> QuerySet[Person]:
    people = Person.objects.select_related("partner").prefetch_related(
        Prefetch("certifications", queryset=Certification.objects.order_by("kind", "product", "earned_on", "id"))
    )
    return visible_to(user, people)


def visible_certifications(user: UserLike) -> QuerySet[Certification]:
    return visible_to(
        user, Certification.objects.select_related("person", "person__partner"), partner_field="person__partner"
    )


def recertifications_due(
    partners: QuerySet[Partner], first: dt.date, last: dt.date, as_of: dt.date
) -> list[Certification]:
    """The certifications falling due (expiring) between `first` and `last` (§10.1): for each person working
    for one of `partners` on `as_of`, the latest one earned by then of each kind and product, as
    `due_dates` sees them. One query reading only what expires in those days (an index on `expires_on`),
    with the person and the partner."""
    later = Certification.objects.filter(
        person=OuterRef("person"),
        kind=OuterRef("kind"),
        product=OuterRef("product"),
        earned_on__lte=as_of,
        expires_on__gt=OuterRef("expires_on"),
    )
    due = (
        Certification.objects.filter(
            expires_on__range=(first, last),
            earned_on__lte=as_of,
            person__partner__in=partners,
        )
        .filter(Q(person__joined_on__isnull=True) | Q(person__joined_on__lte=as_of))
        .filter(Q(person__left_on__isnull=True) | Q(person__left_on__gt=as_of))
        .exclude(Exists(later))
        .select_related("person__partner")
        .order_by("expires_on", "person__partner__name", "person__name", "person_id", "kind", "product", "id")
    )
    seen: set[tuple[int, str, str]] = set()
    found = []
    for certification in due:  # two of one kind expiring the same day are one due date
        key = (certification.person_id, certification.kind, certification.product)
        if key not in seen:
            seen.add(key)
            found.append(certification)
    return found


def visible_trainings(user: UserLike) -> QuerySet[TrainingRecord]:
    return visible_to(user, TrainingRecord.objects.select_related("person"), partner_field="person__partner")


def partner_people(partner: Partner) -> QuerySet[Person]:
    """The people of a partner already reached through `visible_partner`."""
    return Person.objects.filter(partner=partner).prefetch_related(
        Prefetch("certifications", queryset=Certification.objects.order_by("kind", "product", "earned_on", "id"))
    )


def partner_compliance_verifications(partner: Partner) -> QuerySet[ComplianceVerification]:
    return ComplianceVerification.objects.filter(partner=partner).order_by("-verified_on", "-id")


def visible_compliance_timeline(user: UserLike, pk: int) -> ComplianceTimeline:
    """A compliance timeline of a partner the user may see; another partner's is not found (404)."""
    return get_object_or_404(ComplianceTimeline.objects.filter(partner__in=visible_partners(user)), pk=pk)


def partner_compliance_timelines(partner: Partner) -> QuerySet[ComplianceTimeline]:
    return ComplianceTimeline.objects.filter(partner=partner).order_by("-due_on", "-id")


def partner_governance_records(partner: Partner) -> QuerySet[GovernanceRecord]:
    return GovernanceRecord.objects.filter(partner=partner).order_by("-effective_on", "-id")


def partner_financial_standing(partner: Partner) -> QuerySet[FinancialStandingChange]:
    return FinancialStandingChange.objects.filter(partner=partner).order_by("-effective_on", "-id")


def financial_flag_on(partner: Partner, as_of: dt.date) -> FinancialStandingChange | None:
    """The change in force on `as_of`: the latest effective on or before it."""
    return partner_financial_standing(partner).filter(effective_on__lte=as_of).first()


def partner_exceptions(partner: Partner) -> QuerySet[StandingException]:
    return StandingException.objects.filter(partner=partner).order_by("-starts_on", "-id")


# -- good standing -------------------------------------------------------------------------------------------


def partner_standing(partner: Partner, as_of: dt.date, facts: PartnerFacts | None = None) -> Decision[bool]:
    """Whether `partner` is in good standing on `as_of` (docs/policy.md#r2-7), under the policy in force that day,
    with one reason per condition (met or not) and the requirement lines in `facts["lines"]`. `facts`: its
    facts on `as_of` when the caller gathered them already (`facts_with_history` narrowed by `valid_on`)."""
    policy = policy_in_force(as_of)
    return good_standing(policy, facts or partner_facts(partner, as_of), as_of)


def facts_with_history(partner: Partner, as_of: dt.date) -> PartnerFacts:
    """The partner's facts on `as_of` with every certification earned by then (due dates show lapsed ones):
    gathered once, they serve standing and gap too, through `valid_on`."""
    return partner_facts(partner, as_of, history=True)


def valid_on(facts: PartnerFacts, as_of: dt.date) -> PartnerFacts:
    """Facts gathered with history narrowed to what `gather_facts` answers without: the certifications still
    valid on `as_of` (the history adds only those that expired before it)."""
    people = tuple(
        replace(person, certifications=tuple(c for c in person.certifications if c.expires_on >= as_of))
        for person in facts.people
    )
    return replace(facts, people=people)


def participation_requirements_met(partner: Partner, as_of: dt.date) -> bool:
    """Whether `partner` fulfils the §2.0 participation requirements (the minimum criteria, fee paid
    included) on `as_of`, whatever its status or window: what waives the fee of a partner rejoining."""
    policy = policy_in_force(as_of)
    return bool(registration_criteria(policy, partner_facts(partner, as_of), as_of).facts["criteria_met"])


def standing_for_all(as_of: dt.date, partners: QuerySet[Partner] | None = None) -> dict[int, Decision[bool]]:
    """Good standing on `as_of` of every partner (or of `partners`), by partner id, with a fixed number of
    queries whatever their number (docs/architecture.md#rule-5)."""
    policy = policy_in_force(as_of)
    return {
        partner_id: good_standing(policy, facts, as_of) for partner_id, facts in gather_facts(as_of, partners).items()
    }


def partner_gap(partner: Partner, as_of: dt.date, facts: PartnerFacts | None = None) -> Decision[Gap]:
    """What `partner` lacks on `as_of` to meet the next classification on its path (§3.0, docs/policy.md#r3-1)."""
    policy = policy_in_force(as_of)
    return gap_to_next(policy, facts or partner_facts(partner, as_of), as_of)


def partner_due_dates(
    partner: Partner, as_of: dt.date, days: int, facts: PartnerFacts | None = None
) -> tuple[DueDate, ...]:
    """Each person's certifications and annual trainings falling due within `days` of `as_of` (R10.1);
    `facts` as `facts_with_history` gives them, when the caller has them."""
    policy = policy_in_force(as_of)
    return due_dates(policy, facts or partner_facts(partner, as_of, history=True), as_of, days)


def standing_forecasts(
    as_of: dt.date, on: dt.date, partners: QuerySet[Partner] | None = None
) -> dict[int, Decision[bool]]:
    """For every partner in good standing on `as_of`, whether it still is on `on` if nothing new is earned;
    `facts["breaks_on"]` is the day it would lose it. Set-based, like `standing_for_all`."""
    policy = policy_in_force(as_of)
    return {
        partner_id: standing_forecast(policy, facts, as_of, on)
        for partner_id, facts in gather_facts(as_of, partners).items()
    }
