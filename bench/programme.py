"""The evaluation benchmark (`make bench`, `python -m bench`): a reference programme, one quarterly evaluation
timed against the floor — one hand-written SQL query that computes the same facts.

The reference programme is generated in the configured database: on PostgreSQL with `generate_series`
(set-based, in seconds), elsewhere with a portable row-by-row fallback meant for small scales (the test
suite uses 200 partners). It is reused when it was generated with the same parameters; a database holding
partners that the benchmark did not generate is refused, never overwritten.

Facts compared (`facts_of_evaluation` and `floor_facts` return the same shape): per partner, the people in
each region with each role; the distinct people holding each valid certification kind per region and
product line (and on any product line); the governance records on file, in months of the quarter and in the
quarter; and the quarter's deal activity (orders, orders registered in time, registrations approved, won,
lost).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import resource
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone

from partnerhub.deals.models import Opportunity, Order, Registration
from partnerhub.evaluations.gather import APPROVED_STATUSES, EVALUATED_STATUSES, quarter_facts
from partnerhub.evaluations.models import EvaluationRun
from partnerhub.evaluations.periods import resolve_period
from partnerhub.evaluations.services.runs import evaluate_into
from partnerhub.partners.models import Partner
from partnerhub.people.models import Certification, GovernanceRecord, Person
from partnerhub.policy.calendar import Quarter
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.opportunity import customer_of_key
from partnerhub.policy.requirements import PeopleIndex

MARKER_TABLE = "partnerhub_bench_parameters"
BENCH_USER = "bench-registrar"

CLASSIFICATIONS = (("advisory", 0.20), ("alliance", 0.45), ("implementation", 0.25), ("solution", 0.10))
STAFF = {"advisory": 2, "alliance": 3, "implementation": 6, "solution": 12}
"""People per partner by classification (±1): certifications go to them."""
REGION_SETS = (["EMEA"], ["AMER"], ["APAC"], ["EMEA", "AMER"], ["AMER", "APAC"], ["EMEA", "AMER", "APAC"])
PRODUCT_SETS = (["amelia"], ["1desk"], ["1rpa"], ["amelia", "1rpa"], ["amelia", "1desk", "1rpa"])
TECHNICAL = ("ctl", "cie", "ced", "experience_designer")
STATUSES = (("pending", 0.10), ("approved", 0.30), ("rejected", 0.15), ("won", 0.25), ("lost", 0.20))
SYLLABLES = (
    "ka", "lo", "mi", "ra", "ven", "tor", "ex", "al", "ni", "qu", "zan", "bel", "cor", "dex", "fi", "gal", "hel",
    "jun", "mar", "nov", "or", "pax", "ros", "sil", "tek", "ul", "vor", "wyn", "yel", "zen", "bra", "cla", "dro",
    "fen", "gri", "har", "ix", "jo", "kel", "lum",
)  # fmt: skip
INDUSTRIES = (
    "Systems", "Logistics", "Foods", "Retail", "Energy", "Bank", "Insurance", "Pharma", "Telecom", "Motors",
    "Airlines", "Hotels", "Media", "Health", "Chemicals", "Textiles", "Mining", "Software", "Consulting", "Foundry",
    "Shipping", "Utilities", "Brewery", "Dairy", "Clinics", "Labs", "Studios", "Freight", "Capital", "Robotics",
    "Water", "Steel",
)  # fmt: skip
"""Customer names: three syllables and an industry, distinct for each of 2,048,000 numbers, and as varied as
real names are (names differing in one syllable are the near duplicates). "Customer 17" for every one made
all names share a word, which no trigram index can narrow down (docs/performance.md)."""


def customer_name(number: int) -> str:
    n = len(SYLLABLES)
    word = "".join(SYLLABLES[(number // n**power) % n] for power in range(3))
    return f"{word.capitalize()} {INDUSTRIES[(number // n**3) % len(INDUSTRIES)]}"


def customer_name_sql(number: str) -> str:
    """`customer_name` as a PostgreSQL expression of the integer expression `number`."""
    n = len(SYLLABLES)
    syllables = "ARRAY[" + ", ".join(f"'{s}'" for s in SYLLABLES) + "]"
    industries = "ARRAY[" + ", ".join(f"'{s}'" for s in INDUSTRIES) + "]"
    word = " || ".join(f"({syllables})[1 + ({number} / {n**power}) % {n}]" for power in range(3))
    return f"(initcap({word}) || ' ' || ({industries})[1 + ({number} / {n**3}) % {len(INDUSTRIES)}])"


@dataclass(frozen=True)
class Scale:
    partners: int = 100_000
    registrations: int = 2_000_000
    certifications: int = 600_000
    seed: int = 2019

    @property
    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


class NotABenchDatabase(RuntimeError):
    """The database holds partners the benchmark did not generate."""


# -- generation ----------------------------------------------------------------------------------------------

_TABLES: tuple[type[models.Model], ...] = (Order, Registration, Opportunity, GovernanceRecord, Certification, Person)


def generated_scale() -> Scale | None:
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT parameters FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    return Scale(**json.loads(row[0])) if row else None


def ensure_programme(scale: Scale, *, log: Callable[[str], None] = print) -> bool:
    """Generate the reference programme unless it is there with the same parameters. True if generated."""
    existing = generated_scale()
    if existing == scale and Partner.objects.count() == scale.partners:
        return False
    if existing is None and Partner.objects.exists():
        raise NotABenchDatabase(
            "this database has partners the benchmark did not generate; point DATABASE_URL at a bench database"
        )
    started = time.perf_counter()
    with transaction.atomic():
        _clear()
        user, _ = User.objects.get_or_create(username=BENCH_USER, defaults={"email": "bench@vendor.example"})
        if connection.vendor == "postgresql":
            _generate_sql(scale, user.pk, log)
        else:
            _generate_python(scale, user, log)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (parameters text NOT NULL)")
            cursor.execute(f"DELETE FROM {MARKER_TABLE}")
            cursor.execute(f"INSERT INTO {MARKER_TABLE} (parameters) VALUES (%s)", [scale.key])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (Partner._meta.db_table, *(model._meta.db_table for model in _TABLES)):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    log(f"generated {scale} in {time.perf_counter() - started:.1f}s")
    return True


def _clear() -> None:
    """Empty what a previous generation wrote (TRUNCATE … CASCADE on PostgreSQL, deletes elsewhere)."""
    from partnerhub.evaluations.models import (
        EvaluationDecision,
        Notice,
        Reminder,
        Scorecard,
        ScorecardLine,
        ScorecardReason,
    )
    from partnerhub.partners.models import PartnerEvent

    ordered: list[type[models.Model]] = [
        Notice,
        EvaluationDecision,
        Reminder,
        Scorecard,
        ScorecardLine,
        ScorecardReason,
        EvaluationRun,
        *_TABLES,
        PartnerEvent,
        Partner,
    ]
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in ordered)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        return
    for model in ordered:
        model._default_manager.all().delete()


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, list | dict):
        return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
    return "'" + str(value).replace("'", "''") + "'"


def _insert_select(model: type[models.Model], values: dict[str, str], source: str) -> str:
    """INSERT INTO the model's table SELECT the given expressions FROM `source`; every other NOT NULL column
    gets its field's default (so columns other apps add later need no change here)."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        assert isinstance(field, models.Field)
        if field.name in values:
            expression = values[field.name]
        elif field.primary_key or field.null:
            continue
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expression = "now()"
        elif field.is_relation:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
        else:
            expression = _literal(field.get_default())
        columns.append(connection.ops.quote_name(str(field.column)))
        expressions.append(expression)
    table = connection.ops.quote_name(model._meta.db_table)
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}"


def _pick(draw: str, weighted: Sequence[tuple[str, float]]) -> str:
    branches, total = [], 0.0
    for value, weight in weighted[:-1]:
        total += weight
        branches.append(f"WHEN {draw} < {total} THEN '{value}'")
    return f"(CASE {' '.join(branches)} ELSE '{weighted[-1][0]}' END)"


def _generate_sql(scale: Scale, user_id: int, log: Callable[[str], None]) -> None:
    seed = (scale.seed % 1000) / 1000
    regions = "ARRAY[" + ", ".join(f"'{json.dumps(r)}'" for r in REGION_SETS) + "]::jsonb[]"
    products = "ARRAY[" + ", ".join(f"'{json.dumps(p)}'" for p in PRODUCT_SETS) + "]::jsonb[]"
    staff = "CASE p.classification " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in STAFF.items()) + " END"
    steps: list[tuple[str, str]] = [
        (
            "partners",
            _insert_select(
                Partner,
                {
                    "id": "g",
                    "name": "'Bench partner ' || g",
                    "kind": "'company'",
                    "classification": _pick("a", CLASSIFICATIONS),
                    "requested_classification": _pick("a", CLASSIFICATIONS),
                    "status": "(CASE WHEN b < 0.90 THEN 'registered' WHEN b < 0.97 THEN 'approved' "
                    "ELSE 'terminated' END)",
                    "contact_email": "'partner' || g || '@bench.example'",
                    "regions": f"({regions})[1 + floor(c * {len(REGION_SETS)})::int]",
                    "products": f"({products})[1 + floor(d * {len(PRODUCT_SETS)})::int]",
                    "territories": "'[\"DE\"]'::jsonb",
                    "reseller_agreement_signed": "(e < 0.3)",
                    "applied_on": "date '2018-01-15' + floor(f * 480)::int",
                    "approved_on": "(CASE WHEN b < 0.90 THEN date '2018-02-01' + floor(f * 420)::int "
                    "WHEN b < 0.97 THEN date '2019-02-01' + floor(f * 140)::int "
                    "ELSE date '2018-02-01' + floor(f * 200)::int END)",
                    "policy_version": "date '2018-01-31'",
                },
                f"(SELECT g, random() a, random() b, random() c, random() d, random() e, random() f "
                f"FROM generate_series(1, {scale.partners}) g) r",
            ),
        ),
        (
            "qualification windows",
            f"UPDATE {Partner._meta.db_table} SET qualification_deadline = "
            "(approved_on + interval '6 months')::date, registered_on = CASE WHEN status = 'registered' "
            "THEN (approved_on + interval '2 months')::date END",
        ),
        (
            "people",
            _insert_select(
                Person,
                {
                    "id": "row_number() OVER (ORDER BY s.partner_id, s.n)",
                    "partner": "s.partner_id",
                    "name": "'Person ' || s.partner_id || '-' || s.n",
                    "email": "'p' || s.n || '@' || s.partner_id || '.bench.example'",
                    "region": "s.regions ->> ((s.n - 1) % jsonb_array_length(s.regions))",
                    "roles": "(CASE WHEN s.n = 1 THEN '[\"partner_manager\"]' "
                    "WHEN s.n % 4 = 2 THEN '[\"sales\"]' WHEN s.n % 4 = 3 THEN '[\"presales\"]' "
                    "WHEN s.n % 8 = 0 THEN '[\"support\"]' ELSE '[\"technical\"]' END)::jsonb",
                },
                f"(SELECT p.id AS partner_id, p.regions, n FROM {Partner._meta.db_table} p "
                f"CROSS JOIN LATERAL generate_series(1, {staff} + floor(random() * 3)::int - 1) n) s",
            ),
        ),
    ]
    with connection.cursor() as cursor:
        for name, statement in steps:
            started = time.perf_counter()
            cursor.execute("SELECT setseed(%s)", [seed])
            cursor.execute(statement)
            log(f"  {name}: {cursor.rowcount} rows in {time.perf_counter() - started:.1f}s")
        cursor.execute(f"SELECT count(*) FROM {Person._meta.db_table}")
        people = cursor.fetchone()[0]
        stride = 7919 if people % 7919 else 7907
        later: list[tuple[str, str]] = [
            (
                "certifications",
                _insert_select(
                    Certification,
                    {
                        "person": "x.person_id",
                        "kind": "(CASE WHEN x.role = 'sales' THEN 'sales' WHEN x.role = 'presales' THEN 'presales' "
                        "WHEN x.role = 'technical' THEN (ARRAY['ctl','cie','ced','experience_designer'])"
                        "[1 + (x.person_id + x.round) % 4] "
                        "WHEN x.round % 2 = 0 THEN 'sales' ELSE 'presales' END)",
                        "product": "(CASE WHEN x.role = 'technical' THEN x.products ->> "
                        "((x.person_id / 4 + x.round) % jsonb_array_length(x.products))::int ELSE '' END)",
                        # Rounds never share an earning day: no two certifications of a person collide.
                        "earned_on": "date '2018-05-01' + x.round * 200 + floor(x.r * 190)::int",
                        "expires_on": "date '2018-05-01' + x.round * 200 + floor(x.r * 190)::int + 364",
                    },
                    f"(SELECT 1 + ((g - 1) * {stride}::bigint % {people}) AS person_id, (g - 1) / {people} AS round, "
                    f"pe.roles ->> 0 AS role, pa.products, random() AS r "
                    f"FROM generate_series(1, {scale.certifications}) g "
                    f"JOIN {Person._meta.db_table} pe ON pe.id = 1 + ((g - 1) * {stride}::bigint % {people}) "
                    f"JOIN {Partner._meta.db_table} pa ON pa.id = pe.partner_id) x",
                ),
            ),
            (
                "governance records",
                _insert_select(
                    GovernanceRecord,
                    {"partner": "x.id", "kind": "x.kind", "effective_on": "x.effective_on"},
                    f"(SELECT p.id, k.kind, k.effective_on FROM {Partner._meta.db_table} p "
                    "CROSS JOIN LATERAL (VALUES ('business_plan', date '2019-01-15', 0.85), "
                    "('logo_on_website', date '2018-12-01', 0.90), ('go_to_market_strategy', date '2019-02-01', 0.85), "
                    "('pipeline_review', date '2019-04-10', 0.70), ('pipeline_review', date '2019-05-10', 0.70), "
                    "('pipeline_review', date '2019-06-10', 0.70), ('governance_meeting', date '2019-05-20', 0.80)"
                    ") AS k(kind, effective_on, share) "
                    "WHERE p.classification IN ('implementation', 'solution') AND random() < k.share) x",
                ),
            ),
            (
                "opportunities",
                _insert_select(
                    Opportunity,
                    {
                        "id": "g",
                        "key": f"lower({customer_name_sql('g')}) || '|deal ' || g",
                        "end_customer": customer_name_sql("g"),
                        "title": "'Deal ' || g",
                    },
                    f"generate_series(1, {scale.registrations}) g",
                ),
            ),
            (
                "registrations",
                _insert_select(
                    Registration,
                    {
                        "partner": f"1 + floor(x.a * {scale.partners})::int",
                        "opportunity": "x.g",
                        "end_customer": customer_name_sql("x.g"),
                        "title": "'Deal ' || x.g",
                        "opportunity_key": f"lower({customer_name_sql('x.g')}) || '|deal ' || x.g",
                        "customer_key": f"lower({customer_name_sql('x.g')})",
                        "country": "'DE'",
                        "estimated_value": "10000",
                        "currency": "'USD'",
                        "consent_confirmed": "TRUE",
                        "consent_confirmed_at": "now()",
                        "consent_confirmed_by": str(user_id),
                        "channel": "'partnerhub'",
                        "submitted_on": "x.submitted",
                        "submitted_by": str(user_id),
                        "policy_version": "date '2018-01-31'",
                        "admission": "'[]'::jsonb",
                        "status": "x.status",
                        "decided_on": "CASE WHEN x.status <> 'pending' THEN x.submitted + x.wait END",
                        "decided_by": f"CASE WHEN x.status <> 'pending' THEN {user_id} END",
                        "closed_on": "CASE WHEN x.status IN ('won', 'lost') THEN x.submitted + x.wait + x.run END",
                    },
                    f"(SELECT g, a, {_pick('sd', STATUSES)} AS status, submitted, wait, run FROM ("
                    "SELECT g, random() a, random() sd, date '2018-10-01' + floor(random() * 450)::int AS submitted, "
                    "floor(random() * 30)::int AS wait, floor(random() * 90)::int AS run "
                    f"FROM generate_series(1, {scale.registrations}) g) y) x",
                ),
            ),
            (
                "orders",
                _insert_select(
                    Order,
                    {
                        "opportunity": "r.opportunity_id",
                        "end_customer": "r.end_customer",
                        "title": "r.title",
                        # Mostly after the registration; about one in ten before it (not registered in time).
                        "ordered_on": "r.submitted_on + floor(random() * 66)::int - 6",
                        "first_year_net_revenue": "50000",
                        "currency": "'USD'",
                        "partner": "r.partner_id",
                        "channel": "'referral'",
                        "net_new": "TRUE",
                        "country": "'DE'",
                        "recorded_by": str(user_id),
                    },
                    f"{Registration._meta.db_table} r WHERE r.status = 'won' AND random() < 0.6",
                ),
            ),
        ]
        for name, statement in later:
            started = time.perf_counter()
            cursor.execute("SELECT setseed(%s)", [seed])
            cursor.execute(statement)
            log(f"  {name}: {cursor.rowcount} rows in {time.perf_counter() - started:.1f}s")
        for model in (Partner, Person, Opportunity):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def _generate_python(scale: Scale, user: User, log: Callable[[str], None]) -> None:
    """The portable fallback: the same shapes, row by row with bulk_create (for small scales)."""
    rng = random.Random(scale.seed)

    def pick(weighted: Sequence[tuple[str, float]]) -> str:
        draw, total = rng.random(), 0.0
        for value, weight in weighted[:-1]:
            total += weight
            if draw < total:
                return value
        return weighted[-1][0]

    partners = []
    for number in range(1, scale.partners + 1):
        draw = rng.random()
        status = "registered" if draw < 0.90 else "approved" if draw < 0.97 else "terminated"
        approved = (
            dt.date(2018, 2, 1) + dt.timedelta(days=rng.randrange(420))
            if status == "registered"
            else dt.date(2019, 2, 1) + dt.timedelta(days=rng.randrange(140))
        )
        classification = pick(CLASSIFICATIONS)
        partners.append(
            Partner(
                name=f"Bench partner {number}",
                kind="company",
                classification=classification,
                requested_classification=classification,
                status=status,
                contact_email=f"partner{number}@bench.example",
                regions=list(rng.choice(REGION_SETS)),
                products=list(rng.choice(PRODUCT_SETS)),
                territories=["DE"],
                reseller_agreement_signed=rng.random() < 0.3,
                applied_on=approved - dt.timedelta(days=20),
                approved_on=approved,
                qualification_deadline=approved + dt.timedelta(days=182),
                registered_on=approved + dt.timedelta(days=60) if status == "registered" else None,
                policy_version=dt.date(2018, 1, 31),
            )
        )
    Partner.objects.bulk_create(partners, batch_size=500)
    people = []
    for partner in partners:
        for n in range(1, STAFF[partner.classification] + rng.randrange(3)):
            role = (
                "partner_manager"
                if n == 1
                else "sales"
                if n % 4 == 2
                else "presales"
                if n % 4 == 3
                else "support"
                if n % 8 == 0
                else "technical"
            )
            people.append(
                Person(
                    partner=partner,
                    name=f"Person {partner.pk}-{n}",
                    email=f"p{n}@{partner.pk}.bench.example",
                    region=partner.regions[(n - 1) % len(partner.regions)],
                    roles=[role],
                )
            )
    Person.objects.bulk_create(people, batch_size=500)
    certifications = []
    stride = 7919 if len(people) % 7919 else 7907
    for number in range(scale.certifications):
        person = people[(number * stride) % len(people)]
        round_ = number // len(people)
        role = person.roles[0]
        if role in ("sales", "presales"):
            kind = role
        elif role == "technical":
            kind = TECHNICAL[(person.pk + round_) % 4]
        else:
            kind = "sales" if round_ % 2 == 0 else "presales"
        products = person.partner.products
        product = products[(person.pk // 4 + round_) % len(products)] if role == "technical" else ""
        earned = dt.date(2018, 5, 1) + dt.timedelta(days=round_ * 200 + rng.randrange(190))
        certifications.append(
            Certification(
                person=person, kind=kind, product=product, earned_on=earned, expires_on=earned + dt.timedelta(364)
            )
        )
    Certification.objects.bulk_create(certifications, batch_size=500)
    records: list[GovernanceRecord] = []
    plan = (
        ("business_plan", dt.date(2019, 1, 15), 0.85),
        ("logo_on_website", dt.date(2018, 12, 1), 0.90),
        ("go_to_market_strategy", dt.date(2019, 2, 1), 0.85),
        ("pipeline_review", dt.date(2019, 4, 10), 0.70),
        ("pipeline_review", dt.date(2019, 5, 10), 0.70),
        ("pipeline_review", dt.date(2019, 6, 10), 0.70),
        ("governance_meeting", dt.date(2019, 5, 20), 0.80),
    )
    for partner in partners:
        if partner.classification in ("implementation", "solution"):
            records.extend(
                GovernanceRecord(partner=partner, kind=kind, effective_on=on)
                for kind, on, share in plan
                if rng.random() < share
            )
    GovernanceRecord.objects.bulk_create(records, batch_size=500)
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(key=f"{customer_name(n).lower()}|deal {n}", end_customer=customer_name(n), title=f"Deal {n}")
            for n in range(1, scale.registrations + 1)
        ],
        batch_size=500,
    )
    registrations = []
    now = timezone.now()
    for opportunity in opportunities:
        status = pick(STATUSES)
        submitted = dt.date(2018, 10, 1) + dt.timedelta(days=rng.randrange(450))
        decided = submitted + dt.timedelta(days=rng.randrange(30))
        registrations.append(
            Registration(
                partner=rng.choice(partners),
                opportunity=opportunity,
                end_customer=opportunity.end_customer,
                title=opportunity.title,
                opportunity_key=opportunity.key,
                customer_key=customer_of_key(opportunity.key),
                country="DE",
                estimated_value=Decimal(10000),
                currency="USD",
                consent_confirmed=True,
                consent_confirmed_at=now,
                consent_confirmed_by=user,
                channel="partnerhub",
                submitted_on=submitted,
                submitted_by=user,
                policy_version=dt.date(2018, 1, 31),
                admission=[],
                status=status,
                decided_on=decided if status != "pending" else None,
                decided_by=user if status != "pending" else None,
                closed_on=decided + dt.timedelta(days=rng.randrange(90)) if status in ("won", "lost") else None,
            )
        )
    Registration.objects.bulk_create(registrations, batch_size=500)
    orders = [
        Order(
            opportunity_id=registration.opportunity_id,
            end_customer=registration.end_customer,
            title=registration.title,
            ordered_on=registration.submitted_on + dt.timedelta(days=rng.randrange(66) - 6),
            first_year_net_revenue=Decimal(50000),
            currency="USD",
            partner=registration.partner,
            channel="referral",
            net_new=True,
            country="DE",
            recorded_by=user,
        )
        for registration in registrations
        if registration.status == "won" and rng.random() < 0.6
    ]
    Order.objects.bulk_create(orders, batch_size=500)
    log(
        f"  {len(partners)} partners, {len(people)} people, {len(certifications)} certifications, "
        f"{len(records)} governance records, {len(registrations)} registrations, {len(orders)} orders"
    )


# -- the facts, both ways ------------------------------------------------------------------------------------

ACTIVITY_COUNTS = ("orders", "orders_registered_in_time", "registrations_approved", "outcomes_won", "outcomes_lost")

Fact = tuple[int, str, str, str, str]
"""(partner id, fact, key 1, key 2, key 3); "*" stands for "any product line"."""


def facts_of_evaluation(facts: Iterable[PartnerFacts], quarter: Quarter) -> Counter[Fact]:
    """What the evaluation's gathered facts say, as the counts the engine works from (zeros left out)."""
    as_of = quarter.end
    found: Counter[Fact] = Counter()
    for partner in facts:
        pid = partner.partner_id
        index = PeopleIndex.of(partner, as_of)
        for (region, role), count in index.roles.items():
            found[(pid, "role", region, role, "")] += count
        for (region, kind, product), count in index.certifications.items():
            found[(pid, "certified", region, kind, product or "*")] += count
        months: dict[str, set[int]] = defaultdict(set)
        for record in partner.records:
            if record.on_file(as_of):
                found[(pid, "on_file", record.kind, "", "")] += 1
            if quarter.start <= record.on <= as_of:
                found[(pid, "in_quarter", record.kind, "", "")] += 1
                months[record.kind].add(record.on.month)
        for kind, seen in months.items():
            found[(pid, "months", kind, "", "")] += len(seen)
        activity = partner.activity
        if activity is not None:
            for name in (
                "orders",
                "orders_registered_in_time",
                "registrations_approved",
                "outcomes_won",
                "outcomes_lost",
            ):
                value = getattr(activity, name)
                if value:
                    found[(pid, "activity", name, "", "")] += value
    return +found


def floor_query(quarter: Quarter) -> tuple[str, dict[str, Any]]:
    """The one hand-written statement that computes every fact of the evaluation for every partner."""
    postgres = connection.vendor == "postgresql"
    roles = "jsonb_array_elements_text(a.roles) AS role(value)" if postgres else "json_each(a.roles) AS role"
    month = "extract(month FROM g.effective_on)" if postgres else "strftime('%%m', g.effective_on)"
    statuses = ", ".join(f"'{status}'" for status in EVALUATED_STATUSES)
    approved = ", ".join(f"'{status}'" for status in APPROVED_STATUSES)
    s, e = "%(start)s", "%(end)s"
    sql = f"""
WITH evaluated AS (
    SELECT id FROM partners_partner
    WHERE status IN ({statuses}) AND approved_on <= {e} AND classification <> 'oem'
), active AS (
    SELECT pe.id, pe.partner_id, pe.region, pe.roles FROM people_person pe
    JOIN evaluated ON evaluated.id = pe.partner_id
    WHERE (pe.joined_on IS NULL OR pe.joined_on <= {e}) AND (pe.left_on IS NULL OR pe.left_on > {e})
), held AS (
    SELECT DISTINCT a.partner_id, a.region, c.kind, c.product, a.id AS person_id FROM people_certification c
    JOIN active a ON a.id = c.person_id
    WHERE c.earned_on <= {e} AND c.expires_on >= {e}
)
SELECT a.partner_id, 'role', a.region, role.value, '', count(*) FROM active a, {roles}
GROUP BY a.partner_id, a.region, role.value
UNION ALL
SELECT partner_id, 'certified', region, kind, product, count(*) FROM held
WHERE product <> '' GROUP BY partner_id, region, kind, product
UNION ALL
SELECT partner_id, 'certified', region, kind, '*', count(DISTINCT person_id) FROM held
GROUP BY partner_id, region, kind
UNION ALL
SELECT g.partner_id, 'on_file', g.kind, '', '', count(*) FROM people_governancerecord g
JOIN evaluated ON evaluated.id = g.partner_id
WHERE g.effective_on <= {e} AND (g.valid_until IS NULL OR g.valid_until >= {e}) GROUP BY g.partner_id, g.kind
UNION ALL
SELECT g.partner_id, 'in_quarter', g.kind, '', '', count(*) FROM people_governancerecord g
JOIN evaluated ON evaluated.id = g.partner_id
WHERE g.effective_on >= {s} AND g.effective_on <= {e} GROUP BY g.partner_id, g.kind
UNION ALL
SELECT g.partner_id, 'months', g.kind, '', '', count(DISTINCT {month}) FROM people_governancerecord g
JOIN evaluated ON evaluated.id = g.partner_id
WHERE g.effective_on >= {s} AND g.effective_on <= {e} GROUP BY g.partner_id, g.kind
UNION ALL
SELECT o.partner_id, 'activity', 'orders', '', '', count(*) FROM deals_order o
JOIN evaluated ON evaluated.id = o.partner_id
WHERE o.ordered_on >= {s} AND o.ordered_on <= {e} GROUP BY o.partner_id
UNION ALL
SELECT o.partner_id, 'activity', 'orders_registered_in_time', '', '', count(*) FROM deals_order o
JOIN evaluated ON evaluated.id = o.partner_id
WHERE o.ordered_on >= {s} AND o.ordered_on <= {e} AND EXISTS (
    SELECT 1 FROM deals_registration r
    WHERE r.partner_id = o.partner_id AND r.opportunity_id = o.opportunity_id AND r.submitted_on < o.ordered_on
) GROUP BY o.partner_id
UNION ALL
SELECT r.partner_id, 'activity', 'registrations_approved', '', '', count(*) FROM deals_registration r
JOIN evaluated ON evaluated.id = r.partner_id
WHERE r.status IN ({approved}) AND r.decided_on >= {s} AND r.decided_on <= {e} GROUP BY r.partner_id
UNION ALL
SELECT r.partner_id, 'activity', CASE WHEN r.status = 'won' THEN 'outcomes_won' ELSE 'outcomes_lost' END, '', '',
    count(*) FROM deals_registration r
JOIN evaluated ON evaluated.id = r.partner_id
WHERE r.status IN ('won', 'lost') AND r.closed_on >= {s} AND r.closed_on <= {e} GROUP BY r.partner_id, r.status
"""
    return sql, {"start": quarter.start, "end": quarter.end}


def aggregate_query(quarter: Quarter) -> tuple[str, dict[str, Any]]:
    """The minimal aggregate over the same facts, the second yardstick: per evaluated partner, the certified
    people by role valid at the quarter's end, and the registrations approved, won and registered in time
    (before their order) in the quarter. What any programme of this size has to read at the least."""
    postgres = connection.vendor == "postgresql"
    roles = "jsonb_array_elements_text(pe.roles) AS role(value)" if postgres else "json_each(pe.roles) AS role"
    statuses = ", ".join(f"'{status}'" for status in EVALUATED_STATUSES)
    approved = ", ".join(f"'{status}'" for status in APPROVED_STATUSES)
    s, e = "%(start)s", "%(end)s"
    sql = f"""
WITH evaluated AS (
    SELECT id FROM partners_partner
    WHERE status IN ({statuses}) AND approved_on <= {e} AND classification <> 'oem'
)
SELECT pe.partner_id, role.value, count(DISTINCT pe.id) FROM people_person pe
JOIN evaluated ON evaluated.id = pe.partner_id, {roles}
WHERE EXISTS (
    SELECT 1 FROM people_certification c WHERE c.person_id = pe.id AND c.earned_on <= {e} AND c.expires_on >= {e}
)
GROUP BY pe.partner_id, role.value
UNION ALL
SELECT r.partner_id, 'registrations', count(*) FILTER (WHERE r.decided_on >= {s} AND r.decided_on <= {e})
    + count(*) FILTER (WHERE r.status = 'won' AND r.closed_on >= {s} AND r.closed_on <= {e})
FROM deals_registration r JOIN evaluated ON evaluated.id = r.partner_id
WHERE r.status IN ({approved}) AND (r.decided_on BETWEEN {s} AND {e} OR r.closed_on BETWEEN {s} AND {e})
GROUP BY r.partner_id
UNION ALL
SELECT o.partner_id, 'in_time', count(*) FROM deals_order o JOIN evaluated ON evaluated.id = o.partner_id
WHERE o.ordered_on >= {s} AND o.ordered_on <= {e} AND EXISTS (
    SELECT 1 FROM deals_registration r
    WHERE r.partner_id = o.partner_id AND r.opportunity_id = o.opportunity_id AND r.submitted_on < o.ordered_on
) GROUP BY o.partner_id
"""
    return sql, {"start": quarter.start, "end": quarter.end}


def aggregate_seconds(quarter: Quarter) -> float:
    """The time the minimal aggregate takes, its rows fetched."""
    sql, params = aggregate_query(quarter)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
    return time.perf_counter() - started


def floor_facts(quarter: Quarter) -> Counter[Fact]:
    """Run the floor query and fetch its rows: the least any evaluation has to do to know the facts."""
    sql, params = floor_query(quarter)
    found: Counter[Fact] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for partner_id, fact, one, two, three, count in cursor.fetchall():
            found[(partner_id, fact, one, two, str(three))] += int(count)
    return +found


# -- timing ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    seconds: float
    floor_seconds: float
    aggregate_seconds: float
    gather: float
    score: float
    write: float
    partners: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds

    @property
    def aggregate_ratio(self) -> float:
        return self.seconds / self.aggregate_seconds


def time_evaluation(period: str) -> Timing:
    """One full quarterly evaluation (gather, score, write the scorecards), rolled back afterwards so that
    the benchmark can be repeated on the same data; then the floor query, fetched."""
    resolved = resolve_period(period)
    schedule = resolved.schedule.outcome
    quarter = schedule.quarter
    with transaction.atomic():
        started = time.perf_counter()
        run = EvaluationRun.objects.create(
            period=schedule.period,
            year=quarter.year,
            quarter=quarter.number,
            sequence=1_000,
            name=schedule.name,
            annual=schedule.annual,
            quarter_start=quarter.start,
            quarter_end=quarter.end,
            review_month=f"{schedule.review_year:04d}-{schedule.review_month:02d}",
            notification_due=schedule.notification_due,
            policy=resolved.version,
            policy_version=resolved.version.version_date,
            as_of=quarter.end + dt.timedelta(days=1),
        )
        timings = evaluate_into(run, resolved.policy, quarter)
        seconds = time.perf_counter() - started
        partners = run.partners_count
        transaction.set_rollback(True)
    started = time.perf_counter()
    floor_facts(quarter)
    floor_seconds = time.perf_counter() - started
    return Timing(
        seconds, floor_seconds, aggregate_seconds(quarter), timings.gather, timings.score, timings.write, partners
    )


def agree(period: str) -> tuple[Counter[Fact], Counter[Fact]]:
    """The facts as the evaluation gathers them and as the floor computes them, for comparison."""
    quarter = resolve_period(period).schedule.outcome.quarter
    return facts_of_evaluation(quarter_facts(quarter), quarter), floor_facts(quarter)


def peak_memory_mib() -> float:
    """The process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
