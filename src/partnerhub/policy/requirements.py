"""The requirement engine: the rows of the §5.0 table measured for one partner on one date (docs/policy.md#r5, R9.2).

`requirement_lines` is the public entry. `standing` and `scoring` share the machinery below: a policy is
compiled once into plain rows per classification (no pydantic objects, no parsing in the hot path), and
identical lines are built once and then shared, since across 100,000 partners most lines repeat
("Certified CIE for 1RPA in Europe, Middle East and Africa: 2 people" …). Lines and reasons are frozen,
so sharing them is safe.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from partnerhub.policy.calendar import Quarter, quarter_of
from partnerhub.policy.decision import Reason
from partnerhub.policy.facts import ExceptionFact, PartnerFacts, PeopleCounts, PersonFact, RecordFact
from partnerhub.policy.model import Policy, Requirement

GROUPS = ("resources", "governance", "activity")

_UNITS = {
    "people_with_role": "people",
    "certified_people": "people",
    "record_on_file": "record",
    "months_with_record": "months",
    "records_in_quarter": "count",
    "timely_registration_rate": "ratio",
    "qualified_opportunities": "count",
    "conversion_rate": "ratio",
}
ANY_PRODUCT = "any product line"
_PARTNER: list[tuple[str | None, str | None]] = [(None, None)]
_RECORD_MEASURES = frozenset({"record_on_file", "months_with_record", "records_in_quarter"})
_NOT_APPLICABLE_RESELLER = "not applicable: no reseller agreement"
_INTERNED_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class RequirementLine:
    """One row of the requirements table measured for one region (and product line), or the partner."""

    requirement: str
    label: str
    section: str
    group: str
    region: str | None
    product: str | None
    value: int | Decimal | None
    threshold: int | Decimal
    comparison: str
    unit: str
    met: bool
    applicable: bool
    missing: str | None
    exception: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "requirement": self.requirement,
            "label": self.label,
            "section": self.section,
            "group": self.group,
            "region": self.region,
            "product": self.product,
            "value": None if self.value is None else str(self.value),
            "threshold": str(self.threshold),
            "comparison": self.comparison,
            "unit": self.unit,
            "met": self.met,
            "applicable": self.applicable,
            "missing": self.missing,
            "exception": self.exception,
        }


@dataclass(frozen=True, slots=True)
class Row:
    """A requirement row compiled for one classification: plain values only."""

    ident: int
    key: str
    label: str
    section: str
    group: str
    measure: str
    role: str | None
    certification: str | None
    record: str | None
    scope: str
    comparison: str
    threshold: int | Decimal
    ratio: Fraction | None
    threshold_text: str
    unit: str
    reseller_only: bool
    not_applicable_counts_as_met: bool
    missing: str
    minimum_criterion: bool
    in_standing: bool


class PeopleIndex:
    """How many distinct people hold each role and each valid certification, per region, on one date."""

    __slots__ = ("certifications", "roles")

    roles: Mapping[tuple[str, str], int]
    certifications: Mapping[tuple[str, str, str | None], int]

    @classmethod
    def of(cls, facts: PartnerFacts, as_of: dt.date) -> PeopleIndex:
        """The partner's people on `as_of`: counted from its people, or taken as the database counted them."""
        counted = facts.counted
        if counted is None:
            return cls(facts.people, as_of)
        if counted.on != as_of:
            raise ValueError(
                f"the people of partner {facts.partner_id} were counted on {counted.on.isoformat()}, "
                f"not on {as_of.isoformat()}"
            )
        return cls.from_counts(counted)

    @classmethod
    def from_counts(cls, counts: PeopleCounts) -> PeopleIndex:
        index = cls.__new__(cls)
        index.roles = counts.roles
        index.certifications = counts.certifications
        return index

    def __init__(self, people: Collection[PersonFact], as_of: dt.date) -> None:
        roles: dict[tuple[str, str], int] = {}
        certifications: dict[tuple[str, str, str | None], int] = {}
        for person in people:
            region = person.region
            for role in person.roles:
                key = (region, role)
                roles[key] = roles.get(key, 0) + 1
            if not person.certifications:
                continue
            held = {
                (c.kind, product)
                for c in person.certifications
                if c.earned_on <= as_of <= c.expires_on
                for product in (c.product, None)
            }
            for kind, product in held:
                ckey = (region, kind, product)
                certifications[ckey] = certifications.get(ckey, 0) + 1
        self.roles = roles
        self.certifications = certifications

    def with_role(self, region: str | None, role: str) -> int:
        if region is not None:
            return self.roles.get((region, role), 0)
        return sum(count for (_, held), count in self.roles.items() if held == role)

    def certified(self, region: str | None, kind: str, product: str | None) -> int:
        if region is not None:
            return self.certifications.get((region, kind, product), 0)
        return sum(count for (_, held, on), count in self.certifications.items() if held == kind and on == product)


def waivers_in_force(facts: PartnerFacts, as_of: dt.date) -> dict[str, ExceptionFact]:
    """The exceptions in force on `as_of`, by the qualification they name (the first approved one wins)."""
    waivers: dict[str, ExceptionFact] = {}
    for exception in facts.exceptions:
        if exception.starts_on <= as_of <= exception.ends_on:
            waivers.setdefault(exception.qualification, exception)
    return waivers


def cite(exception: ExceptionFact, section: str) -> str:
    return (
        f"waived by exception #{exception.exception_id} (§{section}) approved by {exception.approved_by}, "
        f"in force {exception.starts_on.isoformat()} to {exception.ends_on.isoformat()}: {exception.reason}"
    )


class Engine:
    """One policy compiled for evaluation; get it with `engine_for(policy)`."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.version = policy.version_date
        self.exception_section = policy.assessment.exception_section
        self.region_names = {region.key: region.name for region in policy.regions}
        self.product_names = {product.key: product.name for product in policy.products}
        self.classification_names = {c.key: c.name for c in policy.classifications}
        self.upgrade_to = {c.key: c.upgrade_to for c in policy.classifications}
        self.downgrade_to = {c.key: c.downgrade_to for c in policy.classifications}
        self.evaluation_names = {period.quarter: period.name for period in policy.calendar.evaluations}
        self.rules = tuple(
            (rule.outcome, tuple(rule.when.items()), rule.sections, rule.message)
            for rule in policy.assessment.recommendations
        )
        self._rows: dict[str, tuple[Row, ...]] = {}
        self._selections: dict[tuple[str, tuple[str, ...], str | None], tuple[Row, ...]] = {}
        self._interned: dict[tuple[int, str | None, str | None, object], tuple[RequirementLine, Reason]] = {}
        self._next_ident = 0
        self.memo: dict[object, object] = {}
        """Scratch space for what other rule modules derive from this policy once (e.g. fixed messages)."""

    # -- compiled rows -------------------------------------------------------------------------------

    def rows(self, classification: str) -> tuple[Row, ...]:
        rows = self._rows.get(classification)
        if rows is None:
            self.policy.classification(classification)  # an unknown classification is an error, not "no rows"
            rows = tuple(self._compile(row, classification) for row in self.policy.requirements_for(classification))
            self._rows[classification] = rows
        return rows

    def select(self, classification: str, groups: Collection[str] = GROUPS, flag: str | None = None) -> tuple[Row, ...]:
        """The rows of `classification` in `groups`; with a flag (e.g. "in_standing") only those."""
        key = (classification, tuple(groups), flag)
        rows = self._selections.get(key)
        if rows is None:
            rows = tuple(
                row for row in self.rows(classification) if row.group in groups and (flag is None or getattr(row, flag))
            )
            self._selections[key] = rows
        return rows

    def _compile(self, row: Requirement, classification: str) -> Row:
        raw = row.thresholds[classification]
        ratio = Fraction(raw) if row.is_ratio else None
        threshold: int | Decimal = int(raw) if raw == raw.to_integral_value() and not row.is_ratio else raw
        shown = f"{(raw * 100).normalize():f}%" if row.is_ratio else str(threshold)
        self._next_ident += 1
        return Row(
            ident=self._next_ident,
            key=row.key,
            label=row.label,
            section=row.section,
            group=row.group,
            measure=sys.intern(row.measure),
            role=row.role,
            certification=row.certification,
            record=row.record,
            scope=sys.intern(row.scope),
            comparison=row.comparison,
            threshold=threshold,
            ratio=ratio,
            threshold_text=("at least " if row.comparison == "at_least" else "more than ") + shown,
            unit=_UNITS[row.measure],
            reseller_only=classification in row.only_if_reseller,
            not_applicable_counts_as_met=row.not_applicable_counts_as_met,
            missing=row.missing,
            minimum_criterion=row.minimum_criterion,
            in_standing=row.in_standing,
        )

    # -- evaluation ----------------------------------------------------------------------------------

    def evaluate(
        self,
        facts: PartnerFacts,
        as_of: dt.date,
        rows: tuple[Row, ...],
        *,
        people: PeopleIndex,
        waivers: dict[str, ExceptionFact] | None = None,
        quarter: Quarter | None = None,
    ) -> list[tuple[RequirementLine, Reason]]:
        """Each row's lines with their reasons; `quarter` (default: the one holding as_of) for governance."""
        pairs: list[tuple[RequirementLine, Reason]] = []
        append = pairs.append
        interned = self._interned
        regions = facts.regions
        activity = facts.activity
        by_region: list[tuple[str | None, str | None]] = [(region, None) for region in regions]
        by_product: list[tuple[str | None, str | None]] | None = None
        records: dict[str, list[RecordFact]] | None = None
        held = people.certifications
        roles = people.roles
        for row in rows:
            measure = row.measure
            scope = row.scope
            if scope == "region":
                targets = by_region
            elif scope == "partner":
                targets = _PARTNER
            else:
                if by_product is None:
                    # Without an authorized product line a per-product row still counts, on any product line.
                    by_product = [(region, product) for region in regions for product in facts.products or (None,)]
                targets = by_product
            if row.reseller_only and not facts.reseller_agreement:
                measure = _NOT_APPLICABLE_RESELLER
            elif measure in _RECORD_MEASURES and records is None:
                records = {}
                for record in facts.records:
                    records.setdefault(record.kind, []).append(record)
            for region, product in targets:
                raw: object
                if measure == "certified_people":
                    if region is None:
                        raw = people.certified(None, row.certification or "", product)
                    else:
                        raw = held.get((region, row.certification or "", product), 0)
                elif measure == "people_with_role":
                    if region is None:
                        raw = people.with_role(None, row.role or "")
                    else:
                        raw = roles.get((region, row.role or ""), 0)
                elif measure == _NOT_APPLICABLE_RESELLER:
                    raw = _NOT_APPLICABLE_RESELLER
                elif measure == "timely_registration_rate":
                    raw = (activity.orders_registered_in_time, activity.orders) if activity else (0, 0)
                elif measure == "conversion_rate":
                    raw = (
                        (activity.outcomes_won, activity.outcomes_won + activity.outcomes_lost) if activity else (0, 0)
                    )
                elif measure == "qualified_opportunities":
                    raw = activity.registrations_approved if activity else 0
                else:
                    assert records is not None
                    kept = records.get(row.record or "", ())
                    if measure == "record_on_file":
                        raw = sum(
                            1 for r in kept if r.on <= as_of and (r.valid_until is None or as_of <= r.valid_until)
                        )
                    else:
                        if quarter is None:
                            quarter = quarter_of(self.policy, as_of).outcome
                        start, until = quarter.start, min(quarter.end, as_of)
                        dates = [r.on for r in kept if start <= r.on <= until]
                        raw = len({day.month for day in dates}) if measure == "months_with_record" else len(dates)
                key = (row.ident, region, product, raw)
                pair = interned.get(key)
                if pair is None:
                    pair = self._line(row, region, product, raw)
                    if len(interned) >= _INTERNED_LIMIT:
                        interned.clear()
                    interned[key] = pair
                if waivers and not pair[0].met:
                    waiver = waivers.get(row.key)
                    if waiver is not None:
                        pair = self._waived(pair, waiver)
                append(pair)
        return pairs

    def _waived(self, pair: tuple[RequirementLine, Reason], waiver: ExceptionFact) -> tuple[RequirementLine, Reason]:
        line, reason = pair
        text = cite(waiver, self.exception_section)
        waived_line = replace(line, met=True, missing=None, exception=f"{text} (otherwise missing: {line.missing})")
        waived_reason = Reason(reason.code, self.exception_section, f"{reason.message}; {text}", True)
        return waived_line, waived_reason

    def _line(self, row: Row, region: str | None, product: str | None, raw: object) -> tuple[RequirementLine, Reason]:
        region_name = self.region_names.get(region, region) if region else ""
        if product:
            product_name = self.product_names.get(product, product)
        else:
            product_name = ANY_PRODUCT if row.scope == "region_product" else ""
        where = (f" for {product_name}" if product_name else "") + (f" in {region_name}" if region else "")
        value: int | Decimal | None
        shortfall: int | None = None
        applicable = True
        if raw == _NOT_APPLICABLE_RESELLER:
            value, met, applicable = None, True, False
            shown = "not applicable without a reseller agreement"
        elif row.ratio is not None:
            assert isinstance(raw, tuple)
            hits, total = raw
            if total == 0:
                value, applicable = None, False
                met = row.not_applicable_counts_as_met
                shown = (
                    "not applicable, no orders in the quarter"
                    if row.measure == "timely_registration_rate"
                    else "not applicable, no registration reached an outcome in the quarter"
                )
                shown += ", counts as met" if met else ", does not count as met"
            else:
                value = Decimal(hits) / Decimal(total)
                met = _ratio_met(row, hits, total)
                noun = "orders registered in time" if row.measure == "timely_registration_rate" else "outcomes won"
                shown = f"{hits} of {total} {noun} ({_percent(hits, total)})"
            if not met:
                shortfall = _ratio_shortfall(row, hits, total)
        else:
            assert isinstance(raw, int)
            value = raw
            met = raw >= row.threshold if row.comparison == "at_least" else raw > row.threshold
            if not met:
                gap = row.threshold - raw
                shortfall = math.ceil(gap) if row.comparison == "at_least" else math.floor(gap) + 1
            shown = _shown(row, raw)
        missing = None if met else row.missing.format(n=shortfall, region=region_name, product=product_name)
        line = RequirementLine(
            requirement=row.key,
            label=row.label,
            section=row.section,
            group=row.group,
            region=region,
            product=product,
            value=value,
            threshold=row.threshold,
            comparison=row.comparison,
            unit=row.unit,
            met=met,
            applicable=applicable,
            missing=missing,
        )
        message = f"{row.label}{where}: {shown}"
        if applicable:
            message += f" (required: {row.threshold_text})"
        if missing:
            message += f"; missing {missing}"
        return line, Reason(row.key, row.section, message, met)


def _ratio_met(row: Row, hits: int, total: int) -> bool:
    assert row.ratio is not None
    p, q = row.ratio.numerator, row.ratio.denominator
    return hits * q >= p * total if row.comparison == "at_least" else hits * q > p * total


def _ratio_shortfall(row: Row, hits: int, total: int) -> int:
    """The fewest additional successes (in-time orders, wins) that would meet the row.

    Each one adds to both the count and the total. With a threshold of 100% no number of additions is
    enough; the shortfall is then the number of misses.
    """
    assert row.ratio is not None
    p, q = row.ratio.numerator, row.ratio.denominator
    if p >= q:
        return max(total - hits, 1)
    deficit = p * total - hits * q
    needed = -(-deficit // (q - p)) if row.comparison == "at_least" else deficit // (q - p) + 1
    return max(needed, 1)


def _percent(hits: int, total: int) -> str:
    tenths = round(Fraction(hits * 1000, total))
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


def _shown(row: Row, value: int) -> str:
    if row.unit == "people":
        return f"{value} {'person' if value == 1 else 'people'}"
    if row.unit == "record":
        return "on file" if value else "none on file"
    if row.unit == "months":
        return f"{value} month{'' if value == 1 else 's'} of the quarter"
    if row.measure == "qualified_opportunities":
        return f"{value} approved in the quarter"
    return f"{value} in the quarter"


_ENGINES: dict[int, Engine] = {}


def engine_for(policy: Policy) -> Engine:
    """The compiled form of `policy`, built once. Policies are frozen but not hashable (they hold dicts),
    so the cache is keyed by identity and keeps the policy alive while cached."""
    engine = _ENGINES.get(id(policy))
    if engine is None or engine.policy is not policy:
        if len(_ENGINES) >= 16:
            _ENGINES.clear()
        engine = _ENGINES[id(policy)] = Engine(policy)
    return engine


def check_activity_period(facts: PartnerFacts, quarter: Quarter | None) -> None:
    if quarter is not None and facts.activity is not None and facts.activity.period != quarter.key:
        raise ValueError(
            f"the activity of partner {facts.partner_id} is for {facts.activity.period}, not {quarter.key}"
        )


def requirement_lines(
    policy: Policy,
    facts: PartnerFacts,
    as_of: dt.date,
    *,
    classification: str | None = None,
    groups: Collection[str] = ("resources",),
    quarter: Quarter | None = None,
) -> tuple[RequirementLine, ...]:
    """The lines of each requirement row of `classification` (default: the partner's) in `groups`.

    Resource rows are measured on `as_of`; governance rows over `quarter` (default: the quarter holding
    `as_of`) up to `as_of`; activity rows from `facts.activity`, which must be for `quarter` when given.
    Exceptions in force on `as_of` (§5.2) waive rows of the partner's own classification only.
    """
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"unknown requirement group(s) {', '.join(sorted(unknown))}; groups are {', '.join(GROUPS)}")
    if "activity" in groups:
        check_activity_period(facts, quarter)
    engine = engine_for(policy)
    target = classification or facts.classification
    rows = engine.select(target, tuple(g for g in GROUPS if g in groups))
    waivers = waivers_in_force(facts, as_of) if target == facts.classification else None
    pairs = engine.evaluate(facts, as_of, rows, people=PeopleIndex.of(facts, as_of), waivers=waivers, quarter=quarter)
    return tuple(line for line, _ in pairs)
