"""The facts of a quarterly evaluation, for the whole programme at once (DESIGN rule 5).

Who is evaluated: every member of the programme (approved into its qualification window, or registered)
approved on or before the quarter's last day, except OEM partners, to whom the requirements table does
not apply (§3.0). Their resources are taken on the quarter's last day, their activity over the quarter.

`quarter_facts` gathers the very `PartnerFacts` that `people.facts.gather_facts` builds (a test holds the
two equal), plus the quarter's activity, with a fixed number of queries — tuned for a programme of
100,000 partners: plain cursors instead of model rows, each JSON value decoded once per distinct text
(there are a handful of region sets and role lists), the latest compliance verification and financial
flag joined once rather than looked up per partner, and the activity counted by the database.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from partnerhub.deals.models import Order, Registration, RegistrationStatus
from partnerhub.partners.models import Classification, Partner, PartnerStatus
from partnerhub.people.facts import TrainingKindName, _billing_facts
from partnerhub.people.models import (
    Certification,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)
from partnerhub.policy.calendar import Quarter
from partnerhub.policy.facts import (
    ActivityFact,
    CertificationFact,
    ExceptionFact,
    PartnerFacts,
    PersonFact,
    RecordFact,
    TrainingFact,
)

EVALUATED_STATUSES = (PartnerStatus.APPROVED, PartnerStatus.REGISTERED)
APPROVED_STATUSES = (RegistrationStatus.APPROVED, RegistrationStatus.WON, RegistrationStatus.LOST)
"""Registrations the vendor approved (some of them have since been won or lost)."""

T = TypeVar("T")


def evaluated_partners(quarter: Quarter) -> QuerySet[Partner]:
    return (
        Partner.objects.filter(status__in=EVALUATED_STATUSES, approved_on__lte=quarter.end)
        .exclude(classification=Classification.OEM)
        .order_by("pk")
    )


def activity_facts(quarter: Quarter, partners: QuerySet[Partner]) -> dict[int, ActivityFact]:
    """The deal activity of each partner in `quarter`, by partner id (partners without any: absent).
    Two aggregate queries, whatever the number of partners (SPEC §5 metric definitions):

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
    facts = program_facts(quarter.end, scope, activity=lambda partner_id: activity.get(partner_id, empty))
    return [facts[partner_id] for partner_id in sorted(facts)]


def _decoder(convert: Callable[[Any], T]) -> Callable[[Any], T]:
    """Decode a JSON column value (text, or already decoded by the driver) once per distinct text."""
    seen: dict[str, T] = {}

    def decode(raw: Any) -> T:
        if not isinstance(raw, str):
            return convert(raw)
        value = seen.get(raw)
        if value is None:
            value = seen[raw] = convert(json.loads(raw))
        return value

    return decode


def _table(model: type[Any]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def program_facts(
    as_of: dt.date,
    partners: QuerySet[Partner],
    *,
    activity: Callable[[int], ActivityFact | None] = lambda partner_id: None,
) -> dict[int, PartnerFacts]:
    """The facts of each partner of `partners` on `as_of`, by id: what `people.facts.gather_facts(as_of,
    partners)` answers (current certifications), with `activity(partner_id)` set. Eight queries."""
    scope_sql, scope_params = partners.values("pk").query.sql_with_params()
    text = "::text" if connection.vendor == "postgresql" else ""
    regions_of = _decoder(lambda value: tuple(value or ()))
    roles_of = _decoder(lambda value: frozenset(value or ()))
    in_scope = f"IN ({scope_sql})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT p.id, p.name, p.classification, p.status, p.approved_on, p.qualification_deadline,
                   p.regions{text}, p.products{text}, p.reseller_agreement_signed, v.latest, f.flagged
            FROM {_table(Partner)} p
            LEFT JOIN (
                SELECT partner_id, max(verified_on) AS latest FROM {_table(ComplianceVerification)}
                WHERE verified_on <= %s GROUP BY partner_id
            ) v ON v.partner_id = p.id
            LEFT JOIN (
                SELECT partner_id, flagged FROM (
                    SELECT partner_id, flagged,
                           row_number() OVER (PARTITION BY partner_id ORDER BY effective_on DESC, id DESC) AS n
                    FROM {_table(FinancialStandingChange)} WHERE effective_on <= %s
                ) ranked WHERE n = 1
            ) f ON f.partner_id = p.id
            WHERE p.id {in_scope}
            """,
            [as_of, as_of, *scope_params],
        )
        partner_rows = cursor.fetchall()

        cursor.execute(
            f"""
            SELECT c.person_id, c.kind, c.product, c.earned_on, c.expires_on FROM {_table(Certification)} c
            WHERE c.person_id IN (SELECT id FROM {_table(Person)} WHERE partner_id {in_scope})
              AND c.earned_on <= %s AND c.expires_on >= %s
            ORDER BY c.person_id, c.earned_on, c.id
            """,
            [*scope_params, as_of, as_of],
        )
        certifications: dict[int, list[CertificationFact]] = defaultdict(list)
        for person_id, kind, product, earned_on, expires_on in cursor.fetchall():
            certifications[person_id].append(CertificationFact(kind, product or None, earned_on, expires_on))

        cursor.execute(
            f"""
            SELECT t.person_id, t.kind, t.completed_on FROM {_table(TrainingRecord)} t
            WHERE t.person_id IN (SELECT id FROM {_table(Person)} WHERE partner_id {in_scope})
              AND t.completed_on <= %s
            ORDER BY t.person_id, t.completed_on, t.id
            """,
            [*scope_params, as_of],
        )
        trainings: dict[int, list[TrainingFact]] = defaultdict(list)
        for person_id, kind, completed_on in cursor.fetchall():
            trainings[person_id].append(TrainingFact(cast(TrainingKindName, kind), completed_on))

        cursor.execute(
            f"""
            SELECT pe.id, pe.partner_id, pe.name, pe.region, pe.roles{text} FROM {_table(Person)} pe
            WHERE pe.partner_id {in_scope}
              AND (pe.joined_on IS NULL OR pe.joined_on <= %s) AND (pe.left_on IS NULL OR pe.left_on > %s)
            ORDER BY pe.partner_id, pe.name, pe.id
            """,
            [*scope_params, as_of, as_of],
        )
        people: dict[int, list[PersonFact]] = defaultdict(list)
        no_facts: tuple[Any, ...] = ()
        for person_id, partner_id, name, region, roles in cursor.fetchall():
            held = certifications.get(person_id)
            trained = trainings.get(person_id)
            people[partner_id].append(
                PersonFact(
                    person_id,
                    name,
                    region,
                    roles_of(roles),
                    tuple(held) if held else no_facts,
                    tuple(trained) if trained else no_facts,
                )
            )
        del certifications, trainings

        cursor.execute(
            f"""
            SELECT g.partner_id, g.kind, g.effective_on, g.valid_until FROM {_table(GovernanceRecord)} g
            WHERE g.partner_id {in_scope} AND g.effective_on <= %s
            ORDER BY g.partner_id, g.effective_on, g.id
            """,
            [*scope_params, as_of],
        )
        records: dict[int, list[RecordFact]] = defaultdict(list)
        for partner_id, kind, effective_on, valid_until in cursor.fetchall():
            records[partner_id].append(RecordFact(kind, effective_on, valid_until))

        cursor.execute(
            f"""
            SELECT e.id, e.partner_id, e.qualification, e.starts_on, e.ends_on, e.reason, e.approved_by
            FROM {_table(StandingException)} e WHERE e.partner_id {in_scope}
            ORDER BY e.partner_id, e.starts_on, e.id
            """,
            scope_params,
        )
        exceptions: dict[int, list[ExceptionFact]] = defaultdict(list)
        for pk, partner_id, qualification, starts_on, ends_on, reason, approved_by in cursor.fetchall():
            exceptions[partner_id].append(ExceptionFact(pk, qualification, starts_on, ends_on, reason, approved_by))

    billing = _billing_facts(partners.values("pk"), {row[0]: row[4] for row in partner_rows}, as_of)
    facts: dict[int, PartnerFacts] = {}
    for (
        partner_id,
        name,
        classification,
        status,
        approved_on,
        deadline,
        regions,
        products,
        reseller,
        verified_on,
        flagged,
    ) in partner_rows:
        staff = people.get(partner_id)
        kept = records.get(partner_id)
        excepted = exceptions.get(partner_id)
        money = billing.get(partner_id)
        facts[partner_id] = PartnerFacts(
            partner_id=partner_id,
            name=name,
            classification=classification,
            status=status,
            approved_on=approved_on,
            regions=cast(tuple[str, ...], regions_of(regions)),
            products=cast(tuple[str, ...], regions_of(products)),
            qualification_deadline=deadline,
            reseller_agreement=bool(reseller),
            people=tuple(staff) if staff else (),
            records=tuple(kept) if kept else (),
            exceptions=tuple(excepted) if excepted else (),
            # An aggregate loses its column type on SQLite: it comes back as text.
            compliance_verified_on=dt.date.fromisoformat(verified_on) if isinstance(verified_on, str) else verified_on,
            financial_standing_flagged=bool(flagged),
            activity=activity(partner_id),
            **(money or {}),
        )
    return facts
