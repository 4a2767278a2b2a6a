"""Tells the demo programme's stories through the apps' services, each call dated relative to the demo's today.

Nothing is written directly into a model: partners apply and are approved, their people earn
certifications, invoices are paid, deals are registered and decided, quarters are evaluated, as they would
be in a real programme.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User

from partnerhub.benefits.models import BenefitRequest
from partnerhub.benefits.services import benefit_requests, trademark
from partnerhub.billing.models import Invoice, InvoiceOrigin, InvoiceStatus
from partnerhub.billing.services import invoice_pay
from partnerhub.compensation import services as compensation
from partnerhub.compensation.models import FeeStatus, ReferralFee
from partnerhub.core.demodata import DemoContext
from partnerhub.deals import services as deals
from partnerhub.deals.models import Registration
from partnerhub.evaluations.models import EvaluationRun, Notice, Outcome, Scorecard
from partnerhub.evaluations.services.decisions import scorecard_decide
from partnerhub.evaluations.services.notices import notices_send_due
from partnerhub.evaluations.services.runs import evaluation_run_create, latest_run
from partnerhub.partners.models import Partner, PartnerStatus, PartnerUser
from partnerhub.partners.services.application import partner_apply, partner_approve
from partnerhub.partners.services.lifecycle import partner_deactivate, partner_terminate
from partnerhub.partners.services.renewal import partner_renew
from partnerhub.people.models import Person
from partnerhub.people.registration import registration_decided_once
from partnerhub.people.selectors import partner_standing
from partnerhub.people.services.certifications import certification_add
from partnerhub.people.services.obligations import compliance_verification_record, governance_record_add
from partnerhub.people.services.persons import person_create, person_leave
from partnerhub.policy.calendar import quarter_of
from partnerhub.policy.model import Policy
from partnerhub.portal.demo.catchup import carry_on
from partnerhub.portal.demo.programme import FIRST_NAMES, LAST_NAMES, LITWARE_DEALS, NORTHWIND_DEALS, Deal, Spec

MONEY = Decimal("0.01")


@dataclass
class Builder:
    ctx: DemoContext
    manager: User
    policy: Policy
    names: int = 0
    made: list[Partner] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        return self.ctx.as_of

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def person_name(self) -> str:
        """Distinct names: every first name meets every last name once (27 is prime to 26)."""
        number = self.names
        self.names += 1
        return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number % len(LAST_NAMES)]}"

    # -- lifecycle --------------------------------------------------------------------------------------------

    def partner(self, spec: Spec) -> Partner:
        partner = partner_apply(
            name=spec.name,
            kind=spec.kind,
            classification=spec.classification,
            regions=spec.regions,
            territories=spec.territories,
            products=spec.products,
            applied_on=self.ago(spec.applied),
            acting_user=self.manager,
            contact_email=f"partners@{_slug(spec.name)}.example",
            solution_name=spec.solution_name,
        )
        if spec.approved is None:
            return partner
        approved_on = self.ago(spec.approved)
        partner = partner_approve(
            partner=partner,
            approved_on=approved_on,
            acting_user=self.manager,
            reseller_agreement_signed=True if spec.reseller else None,
        )
        # The partner's first weeks are typed in at once, as a migration would: registration is decided once.
        with registration_decided_once():
            self.staff(partner, spec, approved_on)
            if spec.compliance and spec.staffing >= 1:
                compliance_verification_record(
                    partner=partner,
                    verified_on=approved_on + dt.timedelta(days=20),
                    note="Signed statement from the partner's compliance officer",
                    acting_user=self.manager,
                    as_of=approved_on + dt.timedelta(days=20),
                )
            if spec.classification in ("implementation", "solution") and spec.staffing >= 1:
                self.governance(partner, approved_on)
            if spec.pay_fee:
                self.pay_open_invoices(partner, approved_on + dt.timedelta(days=25))
        partner.refresh_from_db()
        self.renew(partner, pay=spec.name != "Lamna Healthcare Partners")
        leaving = Person.objects.filter(partner=partner, roles__icontains="technical").order_by("-id")[: spec.leavers]
        for person in leaving:
            person_leave(person=person, left_on=self.ago(60), acting_user=self.manager, as_of=self.ago(60))
        if spec.end == "deactivated" and partner.qualification_deadline is not None:
            partner_deactivate(
                partner=partner,
                deactivated_on=min(self.today, partner.qualification_deadline + dt.timedelta(days=12)),
                acting_user=self.manager,
                reason="the qualification window ended without the minimum criteria",
            )
        elif spec.end == "terminated":
            partner_terminate(
                partner=partner,
                terminated_on=self.ago(30),
                acting_user=self.manager,
                reason="breach of the IPPA: marks used without written approval (§10.3)",
            )
        partner.refresh_from_db()
        return partner

    def pay_open_invoices(self, partner: Partner, paid_on: dt.date) -> None:
        for invoice in Invoice.objects.filter(partner=partner, status=InvoiceStatus.OPEN, issued_on__lte=paid_on):
            invoice_pay(
                invoice=invoice,
                paid_on=max(paid_on, invoice.issued_on),
                acting_user=self.manager,
                reference=f"WIRE-{invoice.pk:05d}",
            )

    def renew(self, partner: Partner, *, pay: bool = True) -> None:
        """A member admitted before 1 January renewed into this Program Year (as the tick does) and paid."""
        year = self.today.year
        if partner.status not in (PartnerStatus.APPROVED, PartnerStatus.REGISTERED):
            return
        if partner.approved_on is None or partner.approved_on.year >= year:
            return
        if partner_renew(partner=partner, program_year=year, as_of=dt.date(year, 1, 1)) is None:
            return
        # The renewal's invoice, which billing issued in reaction to it (none for a fee of zero).
        invoice = Invoice.objects.filter(partner=partner, program_year=year, origin=InvoiceOrigin.RENEWAL).first()
        paid_on = dt.date(year, 1, 20)
        if invoice is not None and pay and paid_on <= self.today and invoice.status == InvoiceStatus.OPEN:
            invoice_pay(invoice=invoice, paid_on=paid_on, acting_user=self.manager, reference=f"WIRE-{invoice.pk:05d}")

    def enrich_existing(self) -> None:
        """Bring the partners of the other apps' demos (a story set in 2019) to today, where they need it:
        renewed and paid for this Program Year; staffed and verified again when they are not in good
        standing today; deals and requests when they have none from the last four months."""
        paul = User.objects.filter(username="paul").first()
        lena = User.objects.filter(username="lena").first()
        stories = {
            "Northwind Consulting": (Spec("Northwind", "alliance", (), (), lapsing=1), NORTHWIND_DEALS, paul),
            "Litware Solutions": (Spec("Litware", "solution", (), ()), LITWARE_DEALS, lena),
        }
        recently = self.ago(120)
        for name, (spec, items, user) in stories.items():
            partner = Partner.objects.filter(name=name, status=PartnerStatus.REGISTERED).first()
            if partner is None:
                continue
            self.renew(partner)
            if not partner_standing(partner, self.today).outcome:
                self.retire_lapsed(partner)
                start = max(partner.approved_on or self.ago(420), self.ago(420))
                self.staff(partner, spec, start)
                first = start + dt.timedelta(days=20)
                for verified_on in sorted({first, max(first, self.ago(45))}):
                    compliance_verification_record(
                        partner=partner,
                        verified_on=verified_on,
                        note="Annual compliance statement",
                        acting_user=self.manager,
                        as_of=verified_on,
                    )
                if partner.classification in ("implementation", "solution"):
                    self.governance(partner, start)
            if not Registration.objects.filter(partner=partner, submitted_on__gte=recently).exists():
                self.register_deals(partner, items, user if user is not None and _represents(user, partner) else None)
        northwind = Partner.objects.filter(name="Northwind Consulting", status=PartnerStatus.REGISTERED).first()
        if (
            northwind is not None
            and not BenefitRequest.objects.filter(partner=northwind, requested_on__gte=recently).exists()
        ):
            self.request_benefits(northwind, (("demo_center_reservation", "fulfilled"),), paul)
            self.request_benefits(northwind, (("demo_center_reservation", "requested"),), paul)
            self.request_trademark(northwind, "requested", paul)
        carry_on(self)

    def retire_lapsed(self, partner: Partner) -> None:
        """People of the other demos (a story set in 2019) whose certifications ran out long before today
        left the partner a month after: today's staff is built by `staff`."""
        for person in Person.objects.filter(partner=partner, left_on__isnull=True).prefetch_related("certifications"):
            certifications = list(person.certifications.all())
            if not certifications:
                continue
            last = max(c.expires_on for c in certifications)
            left_on = last + dt.timedelta(days=30)
            if left_on < self.ago(30) and (person.joined_on is None or person.joined_on < left_on):
                person_leave(person=person, left_on=left_on, acting_user=self.manager, as_of=left_on)

    # -- people -----------------------------------------------------------------------------------------------

    def staff(self, partner: Partner, spec: Spec, approved_on: dt.date, *, lapsing: int | None = None) -> None:
        """People for each resource row of the classification in each region, `spec.staffing` of them,
        certified soon after approval (and recertified since when that was more than a year ago)."""
        lapsing = spec.lapsing if lapsing is None else lapsing
        need = self.resource_needs(partner.classification, spec.reseller or partner.classification == "solution")
        for region in partner.regions:
            day = approved_on + dt.timedelta(days=3)
            people_here: list[tuple[str, list[tuple[str, str]]]] = []
            people_here.append(("partner_manager", []))
            for _ in range(_share(need.get("sales", 0), spec.staffing)):
                people_here.append(("sales", [("sales", "")]))
            for _ in range(_share(need.get("presales", 0), spec.staffing)):
                people_here.append(("presales", [("presales", "")]))
            for product in partner.products:
                kinds = {k: _share(need.get(k, 0), spec.staffing) for k in ("ctl", "cie", "ced", "experience_designer")}
                for index in range(max(kinds.values(), default=0)):
                    held = [(kind, product) for kind, count in kinds.items() if index < count]
                    people_here.append(("technical", held))
            if need.get("support"):
                people_here.append(("support", []))
            for number, (role, certifications) in enumerate(people_here):
                name = self.person_name()
                joined = day + dt.timedelta(days=number % 5)
                person = person_create(
                    partner=partner,
                    name=name,
                    email=f"{_slug(name)}@{_slug(partner.name)}.example",
                    region=region,
                    roles=[role],
                    joined_on=joined,
                    acting_user=self.manager,
                    as_of=joined,
                )
                lapse = role == "sales" and lapsing > 0
                if lapse:
                    lapsing -= 1
                for kind, product in certifications:
                    self.certify(person, kind, product, joined + dt.timedelta(days=4), lapse=lapse)

    def certify(self, person: Person, kind: str, product: str, earned_on: dt.date, *, lapse: bool = False) -> None:
        """Earned on `earned_on` and renewed about every eleven months since, so that it is still valid today;
        with `lapse`, the latest one runs out within the next month (its recertification is due)."""
        renew_every = dt.timedelta(days=335)
        dates = [earned_on]
        while dates[-1] + renew_every <= self.today:
            dates.append(dates[-1] + renew_every)
        if lapse:
            last = self.today - dt.timedelta(days=365 - 8 - person.pk % 20)
            dates = [day for day in dates if day < last] + [last]
        for day in dates:
            certification_add(
                person=person, kind=kind, product=product, earned_on=day, acting_user=self.manager, as_of=day
            )

    def resource_needs(self, classification: str, reseller: bool) -> dict[str, int]:
        """How many people each resource row of the policy asks for, per region (and product line)."""
        need: dict[str, int] = {}
        for row in self.policy.requirements_for(classification):
            if row.group != "resources":
                continue
            count = int(row.thresholds.get(classification, 0))
            if row.measure == "certified_people" and row.certification:
                need[row.certification] = count
            elif row.measure == "people_with_role" and row.role == "support":
                need["support"] = count if (reseller or classification not in row.only_if_reseller) else 0
        return need

    def governance(self, partner: Partner, approved_on: dt.date) -> None:
        for kind in ("business_plan", "logo_on_website", "go_to_market_strategy"):
            day = approved_on + dt.timedelta(days=14)
            governance_record_add(partner=partner, kind=kind, effective_on=day, acting_user=self.manager, as_of=day)
        month = dt.date(approved_on.year, approved_on.month, 1)
        while month <= self.today:
            review = month + dt.timedelta(days=9)
            if approved_on <= review <= self.today:
                governance_record_add(
                    partner=partner,
                    kind="pipeline_review",
                    effective_on=review,
                    acting_user=self.manager,
                    as_of=review,
                )
                if review.month in (3, 6, 9, 12):
                    governance_record_add(
                        partner=partner,
                        kind="governance_meeting",
                        effective_on=review,
                        acting_user=self.manager,
                        as_of=review,
                    )
            month = (month + dt.timedelta(days=32)).replace(day=1)

    # -- deals ------------------------------------------------------------------------------------------------

    def register_deals(self, partner: Partner, items: Iterable[Deal], representative: User | None) -> None:
        for number, deal in enumerate(items):
            # Deals start once the partner is registered: the rules judge each date by the state then.
            since = partner.registered_on or partner.approved_on
            submitted_on = max(self.ago(deal.days), since or self.ago(deal.days))
            by_email = representative is None
            registration = deals.registration_submit(
                partner=partner,
                end_customer=deal.customer,
                title=deal.title,
                country=deal.country or partner.territories[number % len(partner.territories)],
                estimated_value=Decimal(deal.value),
                contact_name=f"{FIRST_NAMES[(number * 7 + len(partner.name)) % 26]} {LAST_NAMES[number % 27]}",
                contact_email=f"buyer{number}@{_slug(deal.customer)}.example",
                consent_confirmed=True,
                submitted_on=submitted_on,
                acting_user=self.manager if by_email else representative,  # type: ignore[arg-type]
                recorded_from_email=by_email,
                received_from=f"deals@{_slug(partner.name)}.example" if by_email else "",
            )
            self.decide(registration, deal, submitted_on)

    def decide(self, registration: Registration, deal: Deal, submitted_on: dt.date) -> None:
        if deal.status == "pending":
            return
        decided_on = min(self.today, submitted_on + dt.timedelta(days=6))
        if deal.status == "rejected":
            deals.registration_reject(
                registration=registration,
                rejected_on=decided_on,
                reason="The end customer is already in an active sales cycle with the vendor's direct team.",
                acting_user=self.manager,
            )
            return
        deals.registration_approve(
            registration=registration,
            approved_on=decided_on,
            acting_user=self.manager,
            note="Qualified: budget and decision maker confirmed",
        )
        if deal.status in ("won", "lost"):
            closed_on = min(self.today, decided_on + dt.timedelta(days=max(5, deal.days // 2)))
            if deal.status == "won":
                partner = registration.partner
                channel = "resale" if partner.reseller_agreement_signed else "referral"
                deals.order_record(
                    end_customer=registration.end_customer,
                    title=registration.title,
                    ordered_on=closed_on,
                    first_year_net_revenue=(Decimal(deal.value) * Decimal("0.8")).quantize(MONEY),
                    channel=channel,
                    net_new=True,
                    country=registration.country,
                    acting_user=self.manager,
                    partner=partner,
                    list_price=Decimal(deal.value) if channel == "resale" else None,
                )
            deals.registration_close(
                registration=registration, outcome=deal.status, closed_on=closed_on, acting_user=self.manager
            )

    def settle_referral_fees(self) -> None:
        """Eligible fees of orders older than a month are approved, older than two months paid."""
        for fee in ReferralFee.objects.filter(eligible=True, status=FeeStatus.ACCRUED).select_related("order"):
            ordered_on = fee.order.ordered_on
            if ordered_on + dt.timedelta(days=30) <= self.today:
                compensation.referral_fee_approve(
                    fee=fee, approved_on=ordered_on + dt.timedelta(days=30), acting_user=self.manager
                )
                if ordered_on + dt.timedelta(days=60) <= self.today:
                    fee.refresh_from_db()
                    compensation.referral_fee_pay(
                        fee=fee,
                        paid_on=ordered_on + dt.timedelta(days=60),
                        acting_user=self.manager,
                        reference=f"REF-{fee.pk:05d}",
                    )

    # -- benefits ---------------------------------------------------------------------------------------------

    def request_benefits(self, partner: Partner, requests: Iterable[tuple[str, str]], user: User | None) -> None:
        for number, (benefit, outcome) in enumerate(requests):
            requested_on = self.ago(25 - 8 * number if outcome == "requested" else 70 - 10 * number)
            request = benefit_requests.benefit_request_create(
                partner=partner,
                benefit=benefit,
                details=BENEFIT_DETAILS.get(benefit, "For a customer demonstration next month."),
                acknowledged_cost=True,
                requested_on=requested_on,
                acting_user=user or self.manager,
            )
            decided_on = requested_on + dt.timedelta(days=7)
            if outcome == "fulfilled":
                benefit_requests.benefit_request_fulfil(
                    benefit_request=request,
                    fulfilled_on=decided_on,
                    note="Scheduled and confirmed by email.",
                    acting_user=self.manager,
                )
            elif outcome == "declined":
                benefit_requests.benefit_request_decline(
                    benefit_request=request,
                    declined_on=decided_on,
                    reason="No advisory capacity in the region this quarter; please ask again next quarter.",
                    acting_user=self.manager,
                )

    def request_trademark(self, partner: Partner, outcome: str, user: User | None) -> None:
        requested_on = self.ago(9 if outcome == "requested" else 40)
        starts_on = requested_on + dt.timedelta(days=14)
        ends_on = dt.date(requested_on.year, 12, 31)
        if starts_on > ends_on:
            return
        usage = trademark.trademark_usage_request(
            partner=partner,
            mark="Partner program logo",
            medium="partner web site and trade-show booth",
            territory=partner.territories[0],
            starts_on=starts_on,
            ends_on=ends_on,
            requested_on=requested_on,
            acting_user=user or self.manager,
        )
        if outcome == "approved":
            trademark.trademark_usage_approve(
                usage=usage,
                approved_on=requested_on + dt.timedelta(days=3),
                written_approval="Approved for the uses described, in the territory named, until 31 December.",
                acting_user=self.manager,
            )

    # -- evaluations -----------------------------------------------------------------------------------------

    def evaluate(self) -> None:
        """The last four completed quarters are evaluated; the latest one's scorecards are decided."""
        current = quarter_of(self.policy, self.today).outcome
        year, number = current.year, current.number
        periods: list[str] = []
        for _ in range(4):
            number -= 1
            if number == 0:
                year, number = year - 1, 4
            periods.append(f"{year}Q{number}")
        runs = []
        for period in reversed(periods):
            ended = _quarter_end(period)
            if ended < self.policy.version_date:
                continue
            existing = latest_run(period)  # the evaluations demo may have run it already
            runs.append(
                existing
                or evaluation_run_create(
                    period=period, as_of=min(self.today, ended + dt.timedelta(days=4)), acting_user=self.manager
                )
            )
        if not runs:
            return
        # The latest quarter is decided as far as a manager would have got (some left for the console); a
        # change of classification or status (a downgrade, a termination) needs its notification date not
        # to have passed, so it is also decided on the quarter before.
        for run in runs[-2:]:
            self.decide_run(run, changes_only=run is not runs[-1])

    def decide_run(self, run: EvaluationRun, *, changes_only: bool) -> None:
        decided_on = max(run.as_of, min(self.today, run.as_of + dt.timedelta(days=5), run.notification_due))
        changes_allowed = decided_on <= run.notification_due  # after it, only keep and at risk (§8.0)
        cards = list(
            Scorecard.objects.filter(run=run, decision__isnull=True).select_related("partner").order_by("partner__name")
        )
        counts: dict[str, int] = {}
        for card in cards:
            outcome: str = card.outcome
            reason = DECISION_REASONS.get(outcome, "As the scorecard proposes.")
            if card.partner.name == "First Up Consultants":
                outcome = Outcome.REASSIGN_DOWN
                reason = "Two CIE left in the quarter and no replacement is planned."
            change = outcome in CHANGES
            if (change and not changes_allowed) or (changes_only and not change):
                continue
            notified = Notice.objects.filter(partner=card.partner).exists()
            if card.partner.classification != card.classification or notified:
                continue  # changed since, or already notified of a change
            counts[outcome] = counts.get(outcome, 0) + 1
            if counts[outcome] > DECISIONS_PER_OUTCOME.get(outcome, 0):
                continue  # left for the managers to decide in the console
            scorecard_decide(
                scorecard_obj=card,
                accept=outcome == card.outcome,
                outcome=None if outcome == card.outcome else outcome,
                reason=reason,
                decided_on=decided_on,
                acting_user=self.manager,
            )
        notices_send_due(as_of=decided_on)


CHANGES = frozenset({Outcome.UPGRADE_CANDIDATE, Outcome.REASSIGN_DOWN, Outcome.TERMINATE})
DECISION_REASONS: dict[str, str] = {
    Outcome.KEEP: "Meets its commitments: keep.",
    Outcome.AT_RISK: "At risk: reminded of the quarterly registration target at the pipeline review.",
    Outcome.TERMINATE: "The qualification window ended long ago without registration.",
    Outcome.UPGRADE_CANDIDATE: "Ready for the next classification.",
}
DECISIONS_PER_OUTCOME: dict[str, int] = {
    Outcome.KEEP: 8,
    Outcome.AT_RISK: 4,
    Outcome.TERMINATE: 1,
    Outcome.REASSIGN_DOWN: 1,
    Outcome.UPGRADE_CANDIDATE: 1,
}

BENEFIT_DETAILS = {
    "amelia_sandbox": "A sandbox for a customer proof of concept in the insurance sector, from next month.",
    "technical_classroom_training": "Classroom training for two new technical consultants (CIE track).",
    "poc_support": "Support for a custom demo for a large retail bank, six weeks.",
    "advisory_services": "Architecture review of a multi-country deployment.",
    "demo_center_reservation": "Amelia City visit with a prospect's leadership team, eight people.",
}


def _represents(user: User, partner: Partner) -> bool:
    return PartnerUser.objects.filter(user=user, partner=partner, representative=True).exists()


def _share(count: int, staffing: float) -> int:
    return int(count * staffing + 0.5) if staffing < 1 else count


def _slug(text: str) -> str:
    """`text` as a part of an address: ASCII (an e-mail address with "é" is not one the API would take)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("'", "")
    return "".join(ch for ch in plain if ch.isalnum() or ch == " ").strip().replace(" ", "-")


def _quarter_end(period: str) -> dt.date:
    year, quarter = int(period[:4]), int(period[-1])
    month = quarter * 3
    return (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
