"""One published version of the Partner Program Policies, as validated data (docs/policy.md#r1-1).

Every number, window, matrix and interpretation the system applies lives in a policy file
(`data/2019.yaml` ships with the product); this module only says what shape such a file has.
Cross-references between parts (a threshold for an unknown classification, overlapping quarters …)
are checked by `load.check_consistency`, which can name the path of each problem.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from decimal import Decimal
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

Section = str
"""A section number in the policy document's own numbering, e.g. "5.0", "7.3", "10.3"."""

ROLES = ("partner_manager", "sales", "presales", "technical", "support")
CERTIFICATION_KINDS = ("sales", "presales", "ctl", "cie", "ced", "experience_designer")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MonthDay(Frozen):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @field_validator("day")
    @classmethod
    def _day_exists(cls, day: int, info: ValidationInfo) -> int:
        month = info.data.get("month")
        if month is not None and day > _calendar.monthrange(2020, month)[1]:
            raise ValueError(f"month {month} has no day {day}")
        return day

    def in_year(self, year: int) -> dt.date:
        last = _calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, min(self.day, last))


class Product(Frozen):
    key: str = Field(min_length=1)
    name: str = Field(min_length=1)


class Region(Frozen):
    key: str = Field(min_length=1)
    name: str = Field(min_length=1)


class Classification(Frozen):
    key: str = Field(min_length=1)
    name: str = Field(min_length=1)
    section: Section
    level: int = Field(ge=0, description="position on the path of §3.0; higher is more demanding")
    earns: str
    self_service: bool = Field(description="false: applications are recorded and routed to a manager")
    referral_fee_program: bool = Field(description="enrolled in the referral fee program by default")
    resale: Literal["never", "with_reseller_agreement", "always"]
    has_ranks: bool = False
    reseller_agreement_on_approval: bool = Field(
        default=False, description="approval signs a reseller agreement unless the manager says otherwise"
    )
    upgrade_to: str | None = None
    downgrade_to: str | None = None
    interpretation: str = ""


Measure = Literal[
    "people_with_role",
    "certified_people",
    "record_on_file",
    "months_with_record",
    "records_in_quarter",
    "timely_registration_rate",
    "qualified_opportunities",
    "conversion_rate",
]


class Requirement(Frozen):
    """One row of the requirements table (§5.0)."""

    key: str = Field(min_length=1)
    label: str = Field(min_length=1)
    section: Section
    group: Literal["resources", "governance", "activity"]
    measure: Measure
    role: str | None = None
    certification: str | None = None
    record: str | None = None
    scope: Literal["partner", "region", "region_product"]
    comparison: Literal["at_least", "greater_than"] = "at_least"
    thresholds: dict[str, Decimal] = Field(description="per classification key; absent = not required")
    only_if_reseller: tuple[str, ...] = Field(
        default=(), description="classifications for which the row applies only with a reseller agreement"
    )
    minimum_criterion: bool = Field(description="part of the §2.0 minimum criteria for registration")
    in_standing: bool = Field(description="part of the participation qualifications of good standing")
    not_applicable_counts_as_met: bool = True
    missing: str = Field(description="what a partner is told is missing; placeholders {n} {region} {product}")
    interpretation: str = ""

    @field_validator("thresholds")
    @classmethod
    def _non_negative(cls, thresholds: dict[str, Decimal]) -> dict[str, Decimal]:
        for classification, value in thresholds.items():
            if value < 0:
                raise ValueError(f"threshold for {classification!r} is negative ({value})")
        return thresholds

    @property
    def is_ratio(self) -> bool:
        return self.measure in ("timely_registration_rate", "conversion_rate")


class Benefit(Frozen):
    """One row of the benefits matrix (§5.1)."""

    key: str = Field(min_length=1)
    label: str = Field(min_length=1)
    section: Section
    classifications: tuple[str, ...]
    requestable: bool = False
    may_cost: bool = False
    during_qualification_window: bool = False
    note: str = Field(default="", description="shown to every classification that has the benefit")
    notes: dict[str, str] = Field(default_factory=dict, description="per classification key")
    interpretation: str = ""

    def notes_for(self, classification: str) -> tuple[str, ...]:
        notes = [self.note, self.notes.get(classification, "")]
        if self.may_cost:
            notes.insert(0, "May come with an associated cost.")
        return tuple(note for note in notes if note)


class FeeSchedule(Frozen):
    section: Section
    currency: str = Field(min_length=3, max_length=3)
    example_amounts: bool = Field(description="true: the document gives no amounts, these are examples")
    annual: dict[str, Decimal]
    full_year_if_accepted_on_or_before: MonthDay
    proration: Literal["quarters_remaining_including_enrollment_quarter"]
    refunds: bool
    waive_on_rejoin_same_program_year: bool
    payment_terms_days: int = Field(default=30, ge=0, description="an invoice falls due this many days after issue")
    payment_reminder_lead_days: int = Field(
        default=7, ge=0, description="the partner is reminded of an open invoice this many days before it falls due"
    )
    interpretation: str = ""

    @field_validator("annual")
    @classmethod
    def _non_negative(cls, annual: dict[str, Decimal]) -> dict[str, Decimal]:
        for classification, amount in annual.items():
            if amount < 0:
                raise ValueError(f"fee for {classification!r} is negative ({amount})")
        return annual


class EvaluationPeriod(Frozen):
    """One row of the §8.0 table."""

    quarter: int = Field(ge=1, le=4)
    name: str
    annual: bool = False
    quarter_ends: MonthDay
    review_month: int = Field(ge=1, le=12)
    review_year_offset: int = Field(ge=0, le=1)
    notify_by: MonthDay
    notify_year_offset: int = Field(ge=0, le=1)


class Calendar(Frozen):
    section: Section
    program_year_starts: MonthDay
    evaluations: tuple[EvaluationPeriod, ...]
    interpretation: str = ""


class Windows(Frozen):
    qualification_months: int = Field(ge=1)
    qualification_section: Section
    renewal_on: MonthDay
    non_renewal_notice_days: int = Field(ge=0)
    renewal_section: Section
    certification_validity_months: int = Field(ge=1)
    training_validity_months: int = Field(ge=1)
    recertification_section: Section
    trademark_withdrawal_max_days: int = Field(ge=0)
    trademark_section: Section
    reminder_lead_days: int = Field(ge=0)
    demo_notice_more_than_people: int = Field(ge=0)
    demo_notice_section: Section
    compliance_verification_validity_months: int = Field(
        ge=1, description="a compliance training verification (§9.1) counts for this many months"
    )
    online_training_roles: tuple[str, ...] = Field(description="roles that need the annual online training")
    advanced_training_roles: tuple[str, ...] = Field(description="roles that need the annual advanced course")
    training_section: Section
    interpretation: str = ""

    @field_validator("online_training_roles", "advanced_training_roles")
    @classmethod
    def _known_roles(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(unknown)}; roles are {', '.join(ROLES)}")
        return roles


StandingCondition = Literal[
    "registered",
    "qualification_window",
    "order_form_signed",
    "program_fee_paid",
    "program_fee_invoices",
    "compliance_verification",
    "financial_standing",
    "compliance_timelines",
]
"""Conditions of registration (§2.0) and good standing (docs/policy.md#r2-7) besides the requirement rows."""

RuleCondition = Literal[
    "registered",
    "qualification_window_open",
    "resources_met",
    "governance_met",
    "activity_met",
    "next_resources_met",
    "next_governance_met",
    "next_activity_met",
    "lower_resources_met",
]
"""What a recommendation rule of a quarterly evaluation can ask about a partner's scorecard."""

Outcome = Literal["keep", "upgrade_candidate", "at_risk", "reassign_down", "terminate"]
OUTCOMES: tuple[Outcome, ...] = ("keep", "upgrade_candidate", "at_risk", "reassign_down", "terminate")


class RecommendationRule(Frozen):
    """A rule of the quarterly evaluation (§8.0): when every condition has its value, propose `outcome`."""

    outcome: Outcome
    when: dict[RuleCondition, bool] = Field(default_factory=dict)
    sections: tuple[Section, ...] = Field(min_length=1)
    message: str = Field(min_length=1)
    interpretation: str = ""


class Assessment(Frozen):
    """How standing and the quarterly scorecards are judged (docs/policy.md#r2-7, R2.8, R9.1)."""

    section: Section
    exception_section: Section
    conditions: dict[StandingCondition, Section] = Field(description="the section of each standing condition")
    rule_conditions: dict[RuleCondition, Section] = Field(description="the section of each rule condition")
    recommendations: tuple[RecommendationRule, ...] = Field(
        min_length=1, description="tried in order; the first rule whose conditions all hold gives the outcome"
    )
    interpretation: str = ""

    @field_validator("conditions")
    @classmethod
    def _every_condition(cls, conditions: dict[str, Section]) -> dict[str, Section]:
        missing = [code for code in get_args(StandingCondition) if code not in conditions]
        if missing:
            raise ValueError(f"no section for {', '.join(missing)}")
        return conditions

    @field_validator("rule_conditions")
    @classmethod
    def _every_rule_condition(cls, conditions: dict[str, Section]) -> dict[str, Section]:
        missing = [code for code in get_args(RuleCondition) if code not in conditions]
        if missing:
            raise ValueError(f"no section for {', '.join(missing)}")
        return conditions

    @field_validator("recommendations")
    @classmethod
    def _complete(cls, rules: tuple[RecommendationRule, ...]) -> tuple[RecommendationRule, ...]:
        if rules and rules[-1].when:
            raise ValueError("the last rule must have no conditions, so that every partner gets an outcome")
        absent = [outcome for outcome in OUTCOMES if outcome not in {rule.outcome for rule in rules}]
        if absent:
            raise ValueError(f"no rule proposes {', '.join(absent)}")
        return rules


class ReferralFeeRule(Frozen):
    section: Section
    basis: Literal["first_year_net_revenue"]
    example_default_percent: Decimal = Field(ge=0, le=100)
    interpretation: str = ""


class ResaleRule(Frozen):
    section: Section
    example_default_discount_percent: Decimal = Field(ge=0, le=100)
    interpretation: str = ""


class DealRegistrationRule(Frozen):
    section: Section
    registering_statuses: tuple[str, ...]
    benefit: str = Field(
        default="deal_registration", description="the §5.1 benefit a classification needs to register deals"
    )
    one_approved_registration_per_opportunity: bool
    legal_form_suffixes: tuple[str, ...]
    near_duplicate_similarity: int = Field(ge=50, le=100)
    near_duplicate_customer_weight: Decimal = Field(
        default=Decimal("0.6"), ge=0, le=1, description="share of the end customer in a near-duplicate score"
    )
    interpretation: str = ""


class Compensation(Frozen):
    referral_fee: ReferralFeeRule
    resale: ResaleRule
    deal_registration: DealRegistrationRule
    participation_section: Section = Field(
        default="2.0",
        description="enrollment and participation: registered partners, good standing for fees and resale",
    )
    territory_section: Section = Field(
        default="4.0", description="referral and resale rights exist only inside the designated territories"
    )
    interpretation: str = ""


class DealProtection(Frozen):
    """How long an approved registration holds its opportunity (docs/policy.md#r8-4); the 2019 document sets no
    limit, so `protection_days` is left off (None: held until won or lost) and a later version may set one."""

    section: Section = "7.3"
    protection_days: int | None = Field(
        default=None, ge=1, description="days an approved registration protects its opportunity, from approval"
    )
    extension_days: int | None = Field(
        default=None, ge=1, description="days a granted extension adds; None: as many as protection_days"
    )
    reminder_lead_days: int = Field(
        default=14, ge=0, description="the partner is reminded this many days before its protection ends"
    )
    interpretation: str = ""


class JointMarketingFunds(Frozen):
    """Joint-marketing funds (MDF) on the "Joint marketing activities" benefit (§5.1), paid as §10.2 marketing
    payments (docs/policy.md#r6-2). The document names the benefit and no funds: the amounts are the managers'."""

    section: Section = "5.1"
    benefit: str = Field(
        default="joint_marketing", description="the §5.1 benefit a partner needs to be allocated a fund"
    )
    payment_section: Section = "10.2"
    budget_period: Literal["program_year", "quarter"] = Field(
        default="program_year", description="a fund is allocated per partner and Program Year, or per quarter"
    )
    activity_kinds: tuple[str, ...] = Field(
        default=("event", "webinar", "digital_campaign", "content", "trade_show", "other"), min_length=1
    )
    claim_within_days: int = Field(
        default=90, ge=0, description="a claim is submitted after the activity ends and at most this many days later"
    )
    interpretation: str = ""


class PartnerDirectory(Frozen):
    """The public partner directory (docs/policy.md#r6-3): the "brand ambassadors" of §1.0 and the "Featured
    listings on our website" benefit of §5.1. The document names no directory, so what it lists is this part's."""

    section: Section = "1.0"
    enabled: bool = Field(default=True, description="whether the public directory is offered at all")
    statuses: tuple[Literal["approved", "registered"], ...] = Field(
        default=("registered",), min_length=1, description="the statuses a listed partner may have"
    )
    good_standing: bool = Field(
        default=True, description="list only partners in good standing on the day asked (docs/policy.md#r2-7)"
    )
    featured_benefit: str | None = Field(
        default="featured_listings", description="the §5.1 benefit whose holders are shown first, as featured"
    )
    interpretation: str = ""


class Policy(Frozen):
    version_date: dt.date
    program_year: int = Field(ge=2000, le=2999)
    title: str
    source: str
    products: tuple[Product, ...]
    regions: tuple[Region, ...]
    classifications: tuple[Classification, ...]
    requirements: tuple[Requirement, ...]
    benefits: tuple[Benefit, ...]
    fees: FeeSchedule
    calendar: Calendar
    windows: Windows
    assessment: Assessment
    compensation: Compensation
    deals: DealProtection = Field(default_factory=DealProtection)
    joint_marketing: JointMarketingFunds = Field(default_factory=JointMarketingFunds)
    directory: PartnerDirectory = Field(default_factory=PartnerDirectory)

    def classification(self, key: str) -> Classification:
        for classification in self.classifications:
            if classification.key == key:
                return classification
        raise KeyError(f"no classification {key!r} in the policy of {self.version_date}")

    @property
    def classifications_section(self) -> Section:
        """The section that defines the classifications and their paths (each row carries it)."""
        return self.classifications[0].section

    def benefit(self, key: str) -> Benefit:
        for benefit in self.benefits:
            if benefit.key == key:
                return benefit
        raise KeyError(f"no benefit {key!r} in the policy of {self.version_date}")

    def requirements_for(self, classification: str) -> tuple[Requirement, ...]:
        return tuple(row for row in self.requirements if classification in row.thresholds)

    def benefits_for(self, classification: str) -> tuple[Benefit, ...]:
        return tuple(benefit for benefit in self.benefits if classification in benefit.classifications)

    def evaluation(self, quarter: int) -> EvaluationPeriod:
        for period in self.calendar.evaluations:
            if period.quarter == quarter:
                return period
        raise KeyError(f"no evaluation for quarter {quarter}")
