"""Reads of registrations, opportunities, conflicts and orders.

Every read a partner user can reach is scoped here through `partners.selectors.visible_to`
(docs/architecture.md#rule-4): another partner's registration or order does not exist for it (404), in lists, by
id, in exports and in search alike (§7.3 item 5, docs/policy.md#r12-1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from partnerhub.core.permissions import is_manager
from partnerhub.core.written import remembered
from partnerhub.deals.models import (
    OPEN_STATUSES,
    Opportunity,
    Order,
    Registration,
    RegistrationConflict,
    RegistrationEvent,
    RegistrationStatus,
)
from partnerhub.partners.models import Partner
from partnerhub.partners.selectors import UserLike, visible_to
from partnerhub.policy.decision import Decision
from partnerhub.policy.opportunity import (
    KEY_SEPARATOR,
    Match,
    OpportunityRef,
    duplicate_candidates,
    normalize_company,
    normalize_title,
    possible_duplicates,
)
from partnerhub.policystore.selectors import policy_in_force


def visible_registrations(user: UserLike) -> QuerySet[Registration]:
    """The registrations `user` may see: all for a manager, its own partner's for a partner user."""
    return visible_to(
        user,
        Registration.objects.select_related(
            "partner", "opportunity", "submitted_by", "decided_by", "consent_confirmed_by"
        ).prefetch_related("conflicts", "conflicted_by"),
    )


def registration_for(user: UserLike, pk: object) -> Registration:
    """One registration `user` may see, or Http404 (another partner's is not found, §7.3 item 5)."""
    return get_object_or_404(visible_registrations(user), pk=pk)


def registration_events(registration: Registration, user: UserLike) -> QuerySet[RegistrationEvent]:
    """The registration's timeline; entries about other partners' registrations are for the vendor only."""
    events = registration.events.select_related("actor")
    return events if is_manager(user) else events.filter(vendor_only=False)


def timeline_of(
    registration: Registration, user: UserLike
) -> Sequence[RegistrationEvent] | QuerySet[RegistrationEvent]:
    """`registration_events`, or for a registration just written, the timeline its service wrote and kept
    on it (`core.written`), without reading it again."""
    written = remembered(registration, "events")
    if written is None:
        return registration_events(registration, user)
    return [event for event in written if is_manager(user) or not event.vendor_only]


def visible_conflicts(user: UserLike) -> QuerySet[RegistrationConflict]:
    """Conflicts name two partners' registrations, so only the vendor sees them."""
    if not is_manager(user):
        return RegistrationConflict.objects.none()
    return RegistrationConflict.objects.select_related("opportunity", "registration__partner", "other__partner")


def visible_orders(user: UserLike) -> QuerySet[Order]:
    """All orders for a manager; a partner user sees the orders attributed to its partner."""
    return visible_to(user, Order.objects.select_related("partner", "opportunity"))


def order_for(user: UserLike, pk: object) -> Order:
    return get_object_or_404(visible_orders(user), pk=pk)


def registrations_with_conflicts() -> QuerySet[Registration]:
    """Registrations involved in a conflict (either side)."""
    return Registration.objects.filter(
        Q(pk__in=RegistrationConflict.objects.values("registration_id"))
        | Q(pk__in=RegistrationConflict.objects.values("other_id"))
    )


def in_conflict_among(registration_ids: Iterable[int]) -> set[int]:
    """Which of these registrations are involved in a conflict (either side): two indexed lookups bounded by
    the ids given, so a page of a queue costs the same whatever the number of conflicts in the programme."""
    ids = list(registration_ids)
    sides = RegistrationConflict.objects.filter(Q(registration_id__in=ids) | Q(other_id__in=ids))
    return {pk for pair in sides.values_list("registration_id", "other_id") for pk in pair if pk in ids}


def open_registrations(opportunity: Opportunity) -> list[Registration]:
    """The registrations still claiming this opportunity (pending, approved or won), with their partners."""
    return list(
        opportunity.registrations.filter(status__in=OPEN_STATUSES)
        .select_related("partner")
        .order_by("submitted_on", "id")
    )


def order_placed_on(opportunity: Opportunity) -> dt.date | None:
    order = Order.objects.filter(opportunity=opportunity).only("ordered_on").first()
    return None if order is None else order.ordered_on


def registration_of_ordered_opportunity(opportunity: Opportunity, partner: Partner) -> Registration | None:
    """The registration a referral fee on this opportunity looks at (§7.2, §7.3).

    This partner's registration, preferring one the vendor approved, then the earliest submitted; when the
    partner has none, another partner's approved one (so the decision can say who registered it).
    """
    approved = (RegistrationStatus.APPROVED, RegistrationStatus.WON, RegistrationStatus.LOST)
    own = opportunity.registrations.filter(partner=partner)
    for candidates in (own.filter(status__in=approved), own, opportunity.registrations.filter(status__in=approved)):
        found = candidates.order_by("submitted_on", "id").first()
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class PossibleDuplicate:
    registration: Registration
    match: Match


def possible_duplicates_of(
    registration: Registration, *, statuses: Collection[str] | None = None
) -> tuple[Decision[tuple[Match, ...]], list[PossibleDuplicate]]:
    """Other registrations whose opportunity looks like this one's, best first (§7.3): for a manager only.

    Uses the policy in force on the registration's submission date (threshold, legal-form suffixes and
    weights); nothing is merged. The names normalized when each registration was written narrow the others
    down to candidates (`duplicate_candidates`; on PostgreSQL first a trigram index on the customer, see
    docs/performance.md); only those are read whole and scored by `possible_duplicates`.
    """
    policy = policy_in_force(registration.submitted_on)
    rule = policy.compensation.deal_registration
    customer = normalize_company(registration.end_customer, rule.legal_form_suffixes)
    title = normalize_title(registration.title)
    others = Registration.objects.exclude(pk=registration.pk)
    if statuses is not None:
        others = others.filter(status__in=statuses)
    ids = duplicate_candidates(
        customer,
        title,
        _candidate_names(others, customer, f"{customer}{KEY_SEPARATOR}{title}"),
        rule.near_duplicate_similarity,
        customer_weight=float(rule.near_duplicate_customer_weight),
    )
    by_id = {other.pk: other for other in others.filter(pk__in=ids).select_related("partner")}
    decision = possible_duplicates(
        policy,
        OpportunityRef(registration.pk, registration.end_customer, registration.title),
        [OpportunityRef(other.pk, other.end_customer, other.title) for other in by_id.values()],
    )
    rows = [PossibleDuplicate(by_id[match.id], match) for match in decision.outcome]  # type: ignore[index]
    return decision, rows


TRIGRAM_SIMILARITY = 0.3
"""On PostgreSQL, the least trigram similarity (`pg_trgm`) of a candidate's normalized customer to the reviewed
one: pg_trgm's default, low enough for a typo ("Glbex" / "Globex": 0.44). A word many customers share
("logistics") makes many of them candidates; the trade-off is measured in docs/performance.md."""


def _candidate_names(others: QuerySet[Registration], customer: str, key: str) -> list[tuple[int, str, str]]:
    """(id, normalized customer, opportunity key) of the others: on PostgreSQL only those of the same key or
    with a customer sharing enough trigrams (answered by the trigram index); elsewhere all of them."""
    names = others.values_list("pk", "customer_key", "opportunity_key")
    if connection.vendor != "postgresql":
        return list(names)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TRIGRAM_SIMILARITY)])
        return list(names.filter(Q(opportunity_key=key) | Q(customer_key__trigram_similar=customer)))


def personal_data_of(registration: Registration) -> dict[str, object]:
    """What Partnerhub holds on the lead's contact person of one registration (docs/policy.md#r12-2)."""
    return {
        "registration": registration.pk,
        "contact_name": registration.contact_name,
        "contact_email": registration.contact_email,
        "contact_phone": registration.contact_phone,
        "consent_confirmed": registration.consent_confirmed,
        "consent_confirmed_at": registration.consent_confirmed_at.isoformat(),
        "submitted_on": registration.submitted_on.isoformat(),
        "purpose": "deal registration under the Partner Program Agreement (§7.3)",
        "erased_at": None
        if registration.personal_data_erased_at is None
        else registration.personal_data_erased_at.isoformat(),
    }


def registrations_of_person(user: UserLike, email: str) -> QuerySet[Registration]:
    """The visible registrations naming this contact email (a data subject's request, docs/policy.md#r12-2)."""
    return visible_registrations(user).filter(contact_email__iexact=email.strip())


def search_registrations(queryset: QuerySet[Registration], text: str) -> QuerySet[Registration]:
    """Free-text search inside an already scoped queryset: customer, title, partner name."""
    # Per word, the ids found by the customer and title (trigram indexes on PostgreSQL) united with those of
    # the partners whose name matches: an OR across the join would walk every registration instead.
    for word in text.split():
        named = Registration.objects.filter(Q(end_customer__icontains=word) | Q(title__icontains=word))
        by_partner = Registration.objects.filter(partner__in=Partner.objects.filter(name__icontains=word).values("pk"))
        queryset = queryset.filter(pk__in=named.order_by().values("pk").union(by_partner.order_by().values("pk")))
    return queryset
