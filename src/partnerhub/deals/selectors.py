"""Reads of registrations, opportunities, conflicts and orders.

Every read a partner user can reach is scoped here through `partners.selectors.visible_to`
(docs/architecture.md#rule-4): another partner's registration or order does not exist for it (404), in lists, by
id, in exports and in search alike (§7.3 item 5, docs/policy.md#r12-1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from partnerhub.core.permissions import is_manager
from partnerhub.core.written import remembered
from partnerhub.deals.models import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    OpenPipeline,
    Opportunity,
    Order,
    ProtectionExtension,
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
    return visible_to(user, _registrations_as_shown())


def _registrations_as_shown() -> QuerySet[Registration]:
    """Registrations with what a page or an answer shows of each, read in a fixed number of queries."""
    return Registration.objects.select_related(
        "partner", "opportunity", "submitted_by", "decided_by", "consent_confirmed_by"
    ).prefetch_related("conflicts", "conflicted_by")


def registration_for(user: UserLike, pk: object) -> Registration:
    """One registration `user` may see, or Http404 (another partner's is not found, §7.3 item 5)."""
    return get_object_or_404(visible_registrations(user), pk=pk)


def registration_events(registration: Registration, user: UserLike) -> QuerySet[RegistrationEvent]:
    """The registration's timeline; entries about other partners' registrations are for the vendor only."""
    events = registration.events.select_related("actor")
    return events if is_manager(user) else events.filter(vendor_only=False)


def visible_extensions(user: UserLike) -> QuerySet[ProtectionExtension]:
    """Extension requests of protection windows (docs/policy.md#r8-4): all for a manager, its own partner's for a
    partner user."""
    return visible_to(user, ProtectionExtension.objects.select_related("registration", "requested_by", "decided_by"))


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

    This partner's registration, preferring one the vendor approved and that was in force on the order date
    (its protection window, if any, not ended before it: docs/policy.md#r8-4), then any it approved, then the
    earliest submitted; when the partner has none, another partner's approved one (so the decision can say
    who registered it).
    """
    approved = (*APPROVED_STATUSES, RegistrationStatus.EXPIRED)
    own = opportunity.registrations.filter(partner=partner)
    ordered_on = order_placed_on(opportunity)
    in_force = own.filter(status__in=approved)
    if ordered_on is not None:
        in_force = in_force.filter(Q(protected_until__isnull=True) | Q(protected_until__gte=ordered_on))
    for candidates in (
        in_force,
        own.filter(status__in=approved),
        own,
        opportunity.registrations.filter(status__in=approved),
    ):
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
    docs/performance.md); only their names are read and scored by `possible_duplicates`, and only the
    duplicates it reports are read whole.
    """
    policy = policy_in_force(registration.submitted_on)
    rule = policy.compensation.deal_registration
    customer = normalize_company(registration.end_customer, rule.legal_form_suffixes)
    title = normalize_title(registration.title)
    others = Registration.objects.exclude(pk=registration.pk)
    if statuses is not None:
        others = others.filter(status__in=statuses)
    candidates = _candidate_names(others, customer, f"{customer}{KEY_SEPARATOR}{title}")
    ids = duplicate_candidates(
        customer,
        title,
        [(pk, customer_key, opportunity_key) for pk, customer_key, opportunity_key, _, _ in candidates],
        rule.near_duplicate_similarity,
        customer_weight=float(rule.near_duplicate_customer_weight),
    )
    named = {pk: OpportunityRef(pk, end_customer, other_title) for pk, _, _, end_customer, other_title in candidates}
    decision = possible_duplicates(
        policy,
        OpportunityRef(registration.pk, registration.end_customer, registration.title),
        [named[pk] for pk in ids],
    )
    # Read the way the lists read registrations: the answer shows each one whole, with its relations.
    matched = [int(match.id) for match in decision.outcome]  # type: ignore[call-overload]
    by_id = {other.pk: other for other in _registrations_as_shown().filter(pk__in=matched)}
    rows = [PossibleDuplicate(by_id[match.id], match) for match in decision.outcome]  # type: ignore[index]
    return decision, rows


WORD_SIMILARITY = 0.3
"""On PostgreSQL, the least trigram word similarity (`pg_trgm`'s `word_similarity`) of the reviewed customer's
distinctive words to a part of another customer's name: pg_trgm's similarity default, low enough for a typo
("Glbex" / "Globex": 0.44). The recall and the cost of this choice are measured in docs/performance.md."""

_SHARED_WORDS = (
    "airlines bank banking brewery capital chemicals clinic clinics consulting dairy data digital electronics "
    "energy engineering enterprises finance financial foods foundry freight global group health healthcare "
    "holding holdings hotels industries insurance international investments labs logistics management "
    "manufacturing media mining motors networks partners pharma pharmaceuticals retail robotics services "
    "shipping software solutions steel studios systems technologies technology telecom textiles trading "
    "utilities water"
)
SHARED_WORDS = frozenset(_SHARED_WORDS.split())
"""Words many company names share, normalized (`policy.opportunity.normalize_company`). The candidates of a
review are looked up by the other words of the name: with "systems" in it, one customer in 32 of the
benchmark's programme shares most of the name's trigrams (docs/performance.md)."""


def distinctive_words(customer: str) -> str:
    """The normalized customer without the words many names share; the whole name when nothing else is left."""
    return " ".join(word for word in customer.split() if word not in SHARED_WORDS) or customer


WHOLE_NAME_SIMILARITY = 0.2
"""On PostgreSQL, the least trigram similarity (`pg_trgm`'s `similarity`, `%`) of another customer's whole name to the
reviewed one's, besides its distinctive words' `WORD_SIMILARITY`: a name close only in a part of one word ("kazanor
energy" for "kazanka systems": 0.63 in the word, 0.19 whole) is far from being a duplicate, and at the reference
size such names were nineteen candidates in twenty. One typo in a four-letter name still passes ("acne" / "acme":
0.25)."""

CANDIDATES = 5000
"""On PostgreSQL, at most this many others close in both ways are scored, the closest whole names first, besides
every registration of the same key: a bound on what one review reads, whatever its name (at the reference size
the duplicates the full scoring reports ranked 2,156th at worst, docs/performance.md)."""


def _candidate_names(others: QuerySet[Registration], customer: str, key: str) -> list[tuple[int, str, str, str, str]]:
    """(id, normalized customer, opportunity key, end customer, title) of the others: on PostgreSQL only those of
    the same key, and the CANDIDATES closest to the customer among those with a part close to its distinctive
    words (`%>`) and a whole name not far from it (`%`), both answered by the trigram index on `customer_key`
    (migration `deals.0003`); elsewhere all of them."""
    fields = ("pk", "customer_key", "opportunity_key", "end_customer", "title")
    names = others.values_list(*fields)
    if connection.vendor != "postgresql":
        return list(names)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true), "
                "set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(WORD_SIMILARITY), str(WHOLE_NAME_SIMILARITY)],
            )
        closest = (
            others.filter(
                customer_key__trigram_word_similar=distinctive_words(customer), customer_key__trigram_similar=customer
            )
            .annotate(closeness=TrigramSimilarity("customer_key", customer))
            .order_by("-closeness", "pk")
            .values_list(*fields)[:CANDIDATES]
        )
        return list(names.filter(opportunity_key=key).order_by().union(closest))


REPORTED_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)
"""The open registrations the pipeline report sums (and `OpenPipeline` keeps)."""


def open_pipeline(user: UserLike) -> list[tuple[list[str], str, str, str, Decimal, int]]:
    """(partner's regions, country, status, currency, estimated value, registrations) of the open (pending and
    approved) registrations `user` may see, per group. A manager on PostgreSQL reads the sums the database
    keeps (`OpenPipeline`); otherwise the registrations are summed (one set-based query)."""
    if connection.vendor == "postgresql" and is_manager(user):
        kept = OpenPipeline.objects.filter(status__in=REPORTED_STATUSES, registrations__gt=0)
        return list(kept.values_list("regions", "country", "status", "currency", "total", "registrations"))
    rows = (
        visible_registrations(user)
        .filter(status__in=REPORTED_STATUSES)
        .values_list("partner__regions", "country", "status", "currency")
        .annotate(total=Sum("estimated_value"), n=Count("id"))
        .order_by()
    )
    return [(regions or [], country, status, cur, total, n) for regions, country, status, cur, total, n in rows]


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
