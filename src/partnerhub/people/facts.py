"""Partner facts for the rules, gathered set-based (DESIGN rule 5).

`gather_facts(as_of, partners)` answers one `PartnerFacts` per partner of `partners` (default: all of
them) with the same fixed number of queries whether there is one partner or a hundred thousand: the
partners with their latest compliance verification and financial-standing flag as subquery columns,
then one query per kind of row (people, certifications, trainings, governance records, exceptions,
invoices), each filtered by a subquery on the same partners, never by a list of ids. The dataclasses are
then assembled in Python. The rules in `partnerhub.policy` do the judging.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Literal, cast

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from partnerhub.billing.models import Invoice, InvoiceKind, InvoiceStatus
from partnerhub.partners.models import Partner
from partnerhub.people.models import (
    Certification,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)
from partnerhub.policy.facts import (
    CertificationFact,
    ExceptionFact,
    PartnerFacts,
    PersonFact,
    RecordFact,
    TrainingFact,
)

TrainingKindName = Literal["online", "advanced"]


def active_people(as_of: dt.date) -> Q:
    """People who work for their partner on `as_of` (no start date means: since always)."""
    return (Q(joined_on__isnull=True) | Q(joined_on__lte=as_of)) & (Q(left_on__isnull=True) | Q(left_on__gt=as_of))


def gather_facts(
    as_of: dt.date, partners: QuerySet[Partner] | None = None, *, history: bool = False
) -> dict[int, PartnerFacts]:
    """The facts of each partner in `partners` (default: every partner) as they stand on `as_of`, by id.

    People count only while they work for the partner on `as_of`. Certifications: those earned on or
    before `as_of` and still valid on it, or, with `history`, every one earned on or before `as_of`
    (due dates show lapsed ones as overdue). Governance records, exceptions and trainings are passed whole
    with their dates: the rules look at the dates. Seven queries, whatever the number of partners.
    """
    scope = partners if partners is not None else Partner.objects.all()
    ids = scope.values("pk")

    latest_verification = (
        ComplianceVerification.objects.filter(partner=OuterRef("pk"), verified_on__lte=as_of)
        .values("partner")
        .annotate(latest=Max("verified_on"))
        .values("latest")
    )
    latest_flag = FinancialStandingChange.objects.filter(partner=OuterRef("pk"), effective_on__lte=as_of).order_by(
        "-effective_on", "-id"
    )
    partner_rows = list(
        scope.annotate(
            compliance_verified_on=Subquery(latest_verification[:1]),
            financially_flagged=Subquery(latest_flag.values("flagged")[:1]),
        ).values(
            "pk",
            "name",
            "classification",
            "status",
            "approved_on",
            "qualification_deadline",
            "regions",
            "products",
            "reseller_agreement_signed",
            "compliance_verified_on",
            "financially_flagged",
        )
    )

    people_filter = Q(partner__in=ids) & active_people(as_of)
    people_rows = list(
        Person.objects.filter(people_filter)
        .order_by("partner_id", "name", "id")
        .values("pk", "partner_id", "name", "region", "roles")
    )
    certifications: dict[int, list[CertificationFact]] = defaultdict(list)
    certification_filter = Q(person__partner__in=ids, earned_on__lte=as_of)
    if not history:
        certification_filter &= Q(expires_on__gte=as_of)
    for cert in (
        Certification.objects.filter(certification_filter)
        .order_by("person_id", "earned_on", "id")
        .values_list("person_id", "kind", "product", "earned_on", "expires_on")
    ):
        certifications[cert[0]].append(CertificationFact(cert[1], cert[2] or None, cert[3], cert[4]))
    trainings: dict[int, list[TrainingFact]] = defaultdict(list)
    for person_id, kind, completed_on in (
        TrainingRecord.objects.filter(person__partner__in=ids, completed_on__lte=as_of)
        .order_by("person_id", "completed_on", "id")
        .values_list("person_id", "kind", "completed_on")
    ):
        trainings[person_id].append(TrainingFact(cast(TrainingKindName, kind), completed_on))
    people: dict[int, list[PersonFact]] = defaultdict(list)
    for person_row in people_rows:
        person_id = person_row["pk"]
        people[person_row["partner_id"]].append(
            PersonFact(
                person_id=person_id,
                name=person_row["name"],
                region=person_row["region"],
                roles=frozenset(person_row["roles"] or ()),
                certifications=tuple(certifications.get(person_id, ())),
                trainings=tuple(trainings.get(person_id, ())),
            )
        )

    records: dict[int, list[RecordFact]] = defaultdict(list)
    for partner_id, kind, effective_on, valid_until in (
        GovernanceRecord.objects.filter(partner__in=ids, effective_on__lte=as_of)
        .order_by("partner_id", "effective_on", "id")
        .values_list("partner_id", "kind", "effective_on", "valid_until")
    ):
        records[partner_id].append(RecordFact(kind, effective_on, valid_until))

    exceptions: dict[int, list[ExceptionFact]] = defaultdict(list)
    for pk, partner_id, qualification, starts_on, ends_on, reason, approved_by in (
        StandingException.objects.filter(partner__in=ids)
        .order_by("partner_id", "starts_on", "id")
        .values_list("pk", "partner_id", "qualification", "starts_on", "ends_on", "reason", "approved_by")
    ):
        exceptions[partner_id].append(ExceptionFact(pk, qualification, starts_on, ends_on, reason, approved_by))

    billing = _billing_facts(ids, {row["pk"]: row["approved_on"] for row in partner_rows}, as_of)

    facts: dict[int, PartnerFacts] = {}
    for row in partner_rows:
        partner_id = row["pk"]
        money = billing.get(partner_id, {})
        facts[partner_id] = PartnerFacts(
            partner_id=partner_id,
            name=row["name"],
            classification=row["classification"],
            status=row["status"],
            approved_on=row["approved_on"],
            regions=tuple(row["regions"] or ()),
            products=tuple(row["products"] or ()),
            qualification_deadline=row["qualification_deadline"],
            reseller_agreement=bool(row["reseller_agreement_signed"]),
            people=tuple(people.get(partner_id, ())),
            records=tuple(records.get(partner_id, ())),
            exceptions=tuple(exceptions.get(partner_id, ())),
            compliance_verified_on=row["compliance_verified_on"],
            financial_standing_flagged=bool(row["financially_flagged"]),
            **money,
        )
    return facts


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
        if due_on is not None and due_on < as_of and not settled:
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
