"""Joint-marketing funds in the portal (docs/funds.md): a partner's page (its funds with budget, committed,
claimed and paid; its plans and claims; the forms to plan and claim, and a manager's to allocate and decide), the
dashboard's summary (loaded by htmx, so the dashboard's own queries stay as they are) and the console's list.

Reads go through `funds.selectors` (another partner's page is 404); every write is a `funds.services` call whose
refusal is shown beside the form's field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from partnerhub.core.permissions import manager_required, require_manager_page
from partnerhub.funds import selectors, services
from partnerhub.funds.models import Claim, ClaimStatus, Plan, PlanStatus
from partnerhub.partners.models import Partner
from partnerhub.policy.funds import period_of
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, paginate, refuse, today, visible_partner
from partnerhub.portal.fund_forms import AllocateForm, ClaimForm, DecideForm, PlanForm
from partnerhub.portal.views.console import console_page
from partnerhub.portal.views.partner import partner_page

MANAGER_ACTIONS = ("allocate", "plan_approve", "plan_decline", "claim_approve", "claim_reject", "claim_pay")
FIELDS = {
    "fund_allocated": "starts_on",
    "within_fund_period": "starts_on",
    "activity_kind_known": "kind",
    "planned_cost_positive": "planned_cost",
    "entitled_to_joint_marketing": "__all__",
    "within_remaining_fund": "amount",
    "within_planned_cost": "amount",
    "after_the_activity": "amount",
    "within_claim_window": "amount",
    "approved_amount": "amount",
    "note": "reason",
    "file": "proof",
    "approved_on": "decided_on",
    "declined_on": "decided_on",
    "rejected_on": "decided_on",
    "paid_on": "decided_on",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class FundForms:
    """Every form of a partner's joint-marketing page; the POSTed one is bound, the rest are blank."""

    def __init__(self, request: HttpRequest, partner: Partner) -> None:
        self.request = request
        self.partner = partner
        self.action = request.POST.get("action", "") if request.method == "POST" else ""
        policy = panels.policy_or_none(today())
        kinds = policy.joint_marketing.activity_kinds if policy is not None else ()

        def data(action: str) -> dict[str, Any]:
            """The POSTed data and files for the form of `action`; nothing (an unbound form) for the others."""
            return {"data": request.POST, "files": request.FILES} if self.action == action else {}

        self.allocate = AllocateForm(**data("allocate"), prefix="fund")
        self.plan = PlanForm(**data("plan"), kinds=kinds, prefix="plan")
        self.claim = ClaimForm(**data("claim"), prefix="claim")
        decide = self.action if self.action in MANAGER_ACTIONS[1:] else ""
        self.decide = DecideForm(**data(decide), initial={"decided_on": today()}, prefix="decide")

    def handle(self) -> HttpResponseBase | None:
        user = _user(self.request)
        if self.action in MANAGER_ACTIONS:
            require_manager_page(self.request, "Only the vendor's managers allocate funds and decide plans and claims.")
        form = {"allocate": self.allocate, "plan": self.plan, "claim": self.claim}.get(self.action, self.decide)
        if not form.is_valid():
            return None
        try:
            done = self._do(form.cleaned_data, user)
        except REFUSALS as error:
            refuse(form, error, fields=FIELDS)
            return None
        messages.success(self.request, done)
        return redirect("portal:partner-funds", pk=self.partner.pk)

    def _do(self, data: dict[str, Any], user: User) -> str:
        on = today()
        if self.action == "allocate":
            fund = services.fund_allocate(
                partner=self.partner,
                period=data["period"],
                amount=data["amount"],
                note=data["note"],
                allocated_on=on,
                acting_user=user,
            )
            return f"A fund of {fund.amount} {fund.currency} is allocated for {fund.period}."
        if self.action == "plan":
            plan = services.plan_submit(
                partner=self.partner,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                planned_cost=data["planned_cost"],
                expected_leads=data["expected_leads"],
                submitted_on=on,
                acting_user=user,
            )
            return f"The plan {plan.title!r} is sent; the vendor pre-approves or declines it."
        if self.action == "claim":
            plan = self._plan(data["plan"])
            claim = services.claim_submit(
                plan=plan,
                amount=data["amount"],
                leads_generated=data["leads_generated"],
                claimed_on=on,
                acting_user=user,
            )
            services.claim_document_add(claim=claim, upload=data["proof"], uploaded_on=on, acting_user=user)
            return f"Your claim for {plan.title!r} is sent with its proof."
        return self._decide(data, user)

    def _decide(self, data: dict[str, Any], user: User) -> str:
        when, reason = data["decided_on"], data["reason"]
        if self.action == "plan_approve":
            services.plan_approve(plan=self._plan(data["target"]), approved_on=when, note=reason, acting_user=user)
            return "The plan is pre-approved; the partner is emailed."
        if self.action == "plan_decline":
            services.plan_decline(plan=self._plan(data["target"]), declined_on=when, reason=reason, acting_user=user)
            return "The plan is declined; the partner is told why."
        claim = self._claim(data["target"])
        if self.action == "claim_approve":
            services.claim_approve(
                claim=claim, approved_on=when, approved_amount=data["amount"], note=reason, acting_user=user
            )
            return "The claim is approved; the partner is emailed."
        if self.action == "claim_reject":
            services.claim_reject(claim=claim, rejected_on=when, reason=reason, acting_user=user)
            return "The claim is rejected; the partner is told why."
        services.claim_pay(claim=claim, paid_on=when, acting_user=user)
        return "The payment is recorded as a marketing payment (§10.2)."

    def _plan(self, pk: int) -> Plan:
        plan = selectors.visible_plans(self.request.user).filter(partner=self.partner, pk=pk).first()
        if plan is None:
            raise Http404("No such plan.")
        return plan

    def _claim(self, pk: int) -> Claim:
        claim = selectors.visible_claims(self.request.user).filter(partner=self.partner, pk=pk).first()
        if claim is None:
            raise Http404("No such claim.")
        return claim


@login_required
def partner_funds(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    forms = FundForms(request, partner)
    if request.method == "POST":
        done = forms.handle()
        if done is not None:
            return done
    user = request.user
    funds = list(selectors.visible_funds(user).filter(partner=partner).order_by("-starts_on"))
    plans = list(selectors.visible_plans(user).filter(partner=partner).select_related("claim").order_by("-starts_on"))
    claims = list(selectors.visible_claims(user).filter(partner=partner).order_by("-submitted_on", "-id"))
    claimable = [plan for plan in plans if plan.status == PlanStatus.APPROVED and not hasattr(plan, "claim")]
    return partner_page(
        request,
        partner,
        "portal/funds/partner.html",
        "funds",
        {
            "funds": [(fund, selectors.figures(fund)) for fund in funds],
            "plans": plans,
            "claims": claims,
            "claimable": claimable,
            "forms": forms,
            "waiting_plans": [plan for plan in plans if plan.status == PlanStatus.SUBMITTED],
            "waiting_claims": [
                claim for claim in claims if claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED)
            ],
        },
    )


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's card: this period's fund, if any (an htmx fragment)."""
    partner = visible_partner(request, pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    fund = None
    if policy is not None:
        label = period_of(policy, as_of).label
        fund = selectors.visible_funds(request.user).filter(partner=partner, period=label).first()
    return render(
        request,
        "portal/funds/_summary.html",
        {"partner": partner, "fund": fund, "figures": selectors.figures(fund) if fund else None},
    )


@manager_required
def console(request: HttpRequest) -> HttpResponse:
    funds = selectors.visible_funds(request.user).order_by("-starts_on", "partner__name", "id")
    page_obj = paginate(request, funds)
    waiting_plans = (
        selectors.visible_plans(request.user).filter(status=PlanStatus.SUBMITTED).order_by("submitted_on", "id")
    )
    waiting_claims = (
        selectors.visible_claims(request.user)
        .filter(status__in=(ClaimStatus.SUBMITTED, ClaimStatus.APPROVED))
        .order_by("submitted_on", "id")
    )
    return console_page(
        request,
        "portal/funds/console.html",
        "funds",
        {
            "page_obj": page_obj,
            "rows": [(fund, selectors.figures(fund)) for fund in page_obj],
            "waiting_plans": waiting_plans[:20],
            "waiting_claims": waiting_claims[:20],
        },
    )
