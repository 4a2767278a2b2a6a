"""Partner facts for the rules, gathered set-based (docs/architecture.md#rule-5).

`gather_facts(as_of, partners)` answers one `PartnerFacts` per partner of `partners` (default: all of
them) with the same fixed number of queries whether there is one partner or a hundred thousand: the
partners joined once with their state in force on `as_of` (their period, docs/history.md), their latest
compliance verification and financial-standing flag, then one
query per kind of row (people, certifications, trainings, governance records, exceptions, invoices),
each filtered by a subquery on the same partners, never by a list of ids. The dataclasses are then
assembled in Python; the rules in `partnerhub.policy` do the judging.

It is tuned for the quarterly evaluation of 100,000 partners (`make bench`): plain cursors instead of
model rows, and each JSON value decoded once per distinct text (there are a handful of region sets and
role lists).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any, Literal, TypeVar, cast

from django.db import connection
from django.db.models import Q, QuerySet

from partnerhub.billing.models import Invoice, InvoiceKind, InvoiceStatus
from partnerhub.partners.models import Partner, PartnerPeriod
from partnerhub.people.models import (
    Certification,
    CertificationStatus,
    ComplianceTimeline,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    Role,
    StandingException,
    TrainingRecord,
)
from partnerhub.policy.facts import (
    NOT_YET_APPLIED,
    ActivityFact,
    CertificationFact,
    ExceptionFact,
    PartnerFacts,
    PeopleCounts,
    PersonFact,
    RecordFact,
    TrainingFact,
)
from partnerhub.policy.fees import invoice_overdue

TrainingKindName = Literal["online", "advanced"]
T = TypeVar("T")


def active_people(as_of: dt.date) -> Q:
    """People who work for their partner on `as_of` (no start date means: since always)."""
    return (Q(joined_on__isnull=True) | Q(joined_on__lte=as_of)) & (Q(left_on__isnull=True) | Q(left_on__gt=as_of))


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


def _in_force(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A partner row with its state replaced by the period in force (docs/history.md): the period's
    columns when there is one; NOT_YET_APPLIED when its history starts later; the row's own state for a
    partner without periods (it had that state since always)."""
    (pk, name, classification, status, approved_on, deadline, regions, products, reseller, verified, flagged) = row[:11]
    period, has_history = row[11], row[19]
    if period is not None:
        classification, status, approved_on, deadline, regions, products, reseller = row[12:19]
    elif has_history:
        status, approved_on, deadline = NOT_YET_APPLIED, None, None
    return (pk, name, classification, status, approved_on, deadline, regions, products, reseller, verified, flagged)


def gather_facts(
    as_of: dt.date,
    partners: QuerySet[Partner] | None = None,
    *,
    history: bool = False,
    counted: bool = False,
    activity: Callable[[int], ActivityFact | None] = lambda partner_id: None,
) -> dict[int, PartnerFacts]:
    """The facts of each partner in `partners` (default: every partner) as they stand on `as_of`, by id.

    People count only while they work for the partner on `as_of`. Certifications: verified ones (a partner's
    claim counts for nothing until a manager verifies it, docs/dates-and-trust.md) earned on or
    before `as_of` and still valid on it, or, with `history`, every one earned on or before `as_of`
    (due dates show lapsed ones as overdue). Governance records, exceptions and trainings are passed whole
    with their dates: the rules look at the dates; compliance timelines communicated and overdue on `as_of`
    are listed. `activity(partner_id)` supplies a quarter's activity when an evaluation asks. Eight queries,
    whatever the number of partners.

    With `counted` (the quarterly evaluation of every partner): what a scorecard reads and no more. The
    people are counted by the database (`PartnerFacts.counted`: one aggregate for the roles, one for the
    certifications) instead of listed, and no trainings, invoices or compliance timelines are read: five
    queries, and no object per person or certification (445,000 and 200,000 at the reference size).
    """
    if history and counted:
        raise ValueError("the people are counted on one day: history cannot be counted")
    if partners is None:
        partners = Partner.objects.all()
    still_valid = "" if history else "AND c.expires_on >= %s"
    valid_params = [] if history else [as_of]
    scope_sql, scope_params = partners.values("pk").query.sql_with_params()
    text = "::text" if connection.vendor == "postgresql" else ""
    regions_of = _decoder(lambda value: tuple(value or ()))
    in_scope = f"IN ({scope_sql})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT p.id, p.name, p.classification, p.status, p.approved_on, p.qualification_deadline,
                   p.regions{text}, p.products{text}, p.reseller_agreement_signed, v.latest, f.flagged,
                   s.id, s.classification, s.status, s.approved_on, s.qualification_deadline,
                   s.regions{text}, s.products{text}, s.reseller_agreement_signed,
                   EXISTS (SELECT 1 FROM {_table(PartnerPeriod)} h WHERE h.partner_id = p.id)
            FROM {_table(Partner)} p
            LEFT JOIN {_table(PartnerPeriod)} s ON s.partner_id = p.id AND s.valid_from <= %s
                 AND (s.valid_to IS NULL OR s.valid_to > %s)
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
            [as_of, as_of, as_of, as_of, *scope_params],
        )
        partner_rows = [_in_force(row) for row in cursor.fetchall()]
        counts = _people_counts(cursor, as_of, in_scope, scope_params) if counted else None
        if counts is not None:
            people: dict[int, list[PersonFact]] = {}
        else:
            people = _people(cursor, as_of, in_scope, scope_params, still_valid, valid_params)

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

        late: dict[int, list[str]] = defaultdict(list)
        if counts is None:
            _late_timelines(cursor, as_of, in_scope, scope_params, late)

    billing = (
        _billing_facts(partners.values("pk"), {row[0]: row[4] for row in partner_rows}, as_of) if counts is None else {}
    )
    nobody = PeopleCounts(as_of, {}, {})
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
            overdue_timelines=tuple(late.get(partner_id, ())),
            activity=activity(partner_id),
            counted=None if counts is None else counts.get(partner_id, nobody),
            **(money or {}),
        )
    return facts


def _people(
    cursor: Any,
    as_of: dt.date,
    in_scope: str,
    scope_params: Any,
    still_valid: str,
    valid_params: list[dt.date],
) -> dict[int, list[PersonFact]]:
    """The people working for each partner on `as_of`, each with its certifications and trainings."""
    text = "::text" if connection.vendor == "postgresql" else ""
    roles_of = _decoder(lambda value: frozenset(value or ()))
    cursor.execute(
        f"""
        SELECT c.person_id, c.kind, c.product, c.earned_on, c.expires_on FROM {_table(Certification)} c
        WHERE c.person_id IN (SELECT id FROM {_table(Person)} WHERE partner_id {in_scope})
          AND c.status = %s AND c.earned_on <= %s {still_valid}
        ORDER BY c.person_id, c.earned_on, c.id
        """,
        [*scope_params, CertificationStatus.VERIFIED.value, as_of, *valid_params],
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
    return people


def _people_counts(cursor: Any, as_of: dt.date, in_scope: str, scope_params: Any) -> dict[int, PeopleCounts]:
    """What `PeopleIndex` counts of each partner's people on `as_of`, counted by the database: the people
    working for it on that day by region and role, and by region, verified certification kind valid that
    day and product line (NULL: any product line; a person holding a kind on two product lines counts once
    there)."""
    postgres = connection.vendor == "postgresql"
    # One count per role the model knows, by a containment test: unnesting the JSON made PostgreSQL expect a
    # hundred roles a person, and plan (and JIT-compile) for millions of rows.
    holds = "pe.roles ? %s" if postgres else "EXISTS (SELECT 1 FROM json_each(pe.roles) WHERE value = %s)"
    counts = ", ".join(f"count(*) FILTER (WHERE {holds})" for _ in Role.values)
    active = "(pe.joined_on IS NULL OR pe.joined_on <= %s) AND (pe.left_on IS NULL OR pe.left_on > %s)"
    found: dict[int, tuple[dict[tuple[str, str], int], dict[tuple[str, str, str | None], int]]] = {}
    cursor.execute(
        f"""
        SELECT pe.partner_id, pe.region, {counts} FROM {_table(Person)} pe
        WHERE pe.partner_id {in_scope} AND {active}
        GROUP BY pe.partner_id, pe.region
        """,
        [*Role.values, *scope_params, as_of, as_of],
    )
    for partner_id, region, *held_roles in cursor.fetchall():
        entry = found.get(partner_id)
        if entry is None:
            entry = found[partner_id] = ({}, {})
        for role, count in zip(Role.values, held_roles, strict=True):
            if count:
                entry[0][(region, role)] = count
    cursor.execute(
        f"""
        WITH held AS (
            SELECT DISTINCT pe.partner_id, pe.region, c.kind, c.product, pe.id AS person_id
            FROM {_table(Certification)} c JOIN {_table(Person)} pe ON pe.id = c.person_id
            WHERE pe.partner_id {in_scope} AND {active}
              AND c.status = %s AND c.earned_on <= %s AND c.expires_on >= %s
        )
        SELECT partner_id, region, kind, product, count(*) FROM held WHERE product <> ''
        GROUP BY partner_id, region, kind, product
        UNION ALL
        SELECT partner_id, region, kind, NULL, count(DISTINCT person_id) FROM held
        GROUP BY partner_id, region, kind
        """,
        [*scope_params, as_of, as_of, CertificationStatus.VERIFIED.value, as_of, as_of],
    )
    for partner_id, region, kind, product, count in cursor.fetchall():
        entry = found.get(partner_id)
        if entry is None:
            entry = found[partner_id] = ({}, {})
        entry[1][(region, kind, product)] = count
    return {partner_id: PeopleCounts(as_of, roles, held) for partner_id, (roles, held) in found.items()}


def _late_timelines(cursor: Any, as_of: dt.date, in_scope: str, scope_params: Any, late: dict[int, list[str]]) -> None:
    """The compliance timelines communicated and overdue on `as_of`, in words, into `late` by partner."""
    cursor.execute(
        f"""
        SELECT t.partner_id, t.requirement, t.section, t.due_on FROM {_table(ComplianceTimeline)} t
        WHERE t.partner_id {in_scope} AND t.communicated_on <= %s AND t.due_on < %s
          AND (t.completed_on IS NULL OR t.completed_on > %s)
        ORDER BY t.partner_id, t.due_on, t.id
        """,
        [*scope_params, as_of, as_of, as_of],
    )
    for partner_id, requirement, section, due_on in cursor.fetchall():
        due = due_on if isinstance(due_on, dt.date) else dt.date.fromisoformat(due_on)
        late[partner_id].append(f"{requirement}, due {due.isoformat()} (§{section})")


def _billing_facts(
    ids: QuerySet[Any], approved: dict[int, dt.date | None], as_of: dt.date
) -> dict[int, dict[str, Any]]:
    """The §2.0 paperwork of each partner on `as_of`, from its program-fee invoices (one query).

    - `order_form_signed`: a program-fee invoice was issued since the partner's latest approval. Partnerhub
      keeps no separate order form: the invoice is issued from the order form signed on approval.
    - `program_fee_paid`: those invoices exist and each was paid in full on or before `as_of`, or waived.
    - `overdue_invoices`: program-fee invoices past their due date and not paid by `as_of`.
    """
    settled_by: dict[int, bool] = {}
    issued: set[int] = set()
    overdue: dict[int, list[str]] = defaultdict(list)
    for partner_id, pk, issued_on, due_on, status, paid_on, amount, currency in (
        Invoice.objects.filter(partner__in=ids, kind=InvoiceKind.PROGRAM_FEE, issued_on__lte=as_of)
        .order_by("partner_id", "issued_on", "id")
        .values_list("partner_id", "pk", "issued_on", "due_on", "status", "paid_on", "amount", "currency")
    ):
        settled = status == InvoiceStatus.WAIVED or (
            status == InvoiceStatus.PAID and paid_on is not None and paid_on <= as_of
        )
        if due_on is not None and invoice_overdue(
            due_on=due_on, waived=status == InvoiceStatus.WAIVED, paid_on=paid_on, as_of=as_of
        ):
            overdue[partner_id].append(f"invoice {pk} of {amount} {currency}, due {due_on.isoformat()}")
        since = approved.get(partner_id) or dt.date(as_of.year, 1, 1)
        if issued_on >= since:
            issued.add(partner_id)
            settled_by[partner_id] = settled_by.get(partner_id, True) and settled
    return {
        partner_id: {
            "order_form_signed": partner_id in issued,
            "program_fee_paid": partner_id in issued and settled_by.get(partner_id, False),
            "overdue_invoices": tuple(overdue.get(partner_id, ())),
        }
        for partner_id in issued | set(overdue)
    }


def partner_facts(partner: Partner, as_of: dt.date, *, history: bool = False) -> PartnerFacts:
    """The facts of one partner, gathered by the same queries as for all of them."""
    return gather_facts(as_of, Partner.objects.filter(pk=partner.pk), history=history)[partner.pk]
