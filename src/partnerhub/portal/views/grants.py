"""A partner's benefits and licences in the managers' console (§9.1, §10.1, §10.2, §10.3): product
subscriptions granted and revoked, Marketing Services access, reviews, payments with their supporting
documents, demonstration notices, and trademark approvals withdrawn by written notice. Every write is a
`benefits.services` function, which decides entitlement; the partner and each object are looked up through
the tenancy-scoped selectors (another partner's: 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext

from partnerhub.benefits import selectors
from partnerhub.benefits.models import TrademarkUsageStatus
from partnerhub.benefits.services import demonstrations, marketing, subscriptions, trademark
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.portal import panels
from partnerhub.portal.benefit_forms import (
    DemonstrationForm,
    DocumentForm,
    MarketingAccessForm,
    MarketingPaymentForm,
    MarketingReviewForm,
    RevokeAccessForm,
    RevokeSubscriptionForm,
    SubscriptionForm,
    TrademarkWithdrawalForm,
)
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object
from partnerhub.portal.views.manage import acting_user, managing
from partnerhub.portal.views.partner import partner_page

Record = Callable[[Partner, Mapping[str, Any], User, dt.date], object]


def _users(partner: Partner) -> dict[int, User]:
    members = PartnerUser.objects.filter(partner=partner).select_related("user").order_by("user__username")
    return {member.user.pk: member.user for member in members}


def _member(partner: Partner, user_id: int | None) -> User | None:
    return None if user_id is None else _users(partner).get(user_id)


@dataclass(frozen=True)
class Grant:
    key: str
    title: str
    form: type[Any]
    record: Record
    done: str


def _subscribe(partner: Partner, data: Mapping[str, Any], user: User, as_of: dt.date) -> object:
    member = _member(partner, data["user"])
    if member is None:
        raise Http404("No such user of this partner.")
    return subscriptions.subscription_grant(
        partner=partner,
        user=member,
        product=data["product"],
        purpose=data["purpose"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        login_hint=data["login_hint"],
        credential_reference=data["credential_reference"],
        granted_on=as_of,
        acting_user=user,
    )


def _give_access(partner: Partner, data: Mapping[str, Any], user: User, as_of: dt.date) -> object:
    responsible = _member(partner, data["responsible"])
    if responsible is None:
        raise Http404("No such user of this partner.")
    return marketing.marketing_access_grant(
        partner=partner,
        grantee_kind=data["grantee_kind"],
        user=_member(partner, data["user"]),
        third_party_name=data["third_party_name"],
        third_party_contact=data["third_party_contact"],
        responsible=responsible,
        scope=data["scope"],
        granted_on=as_of,
        acting_user=user,
    )


GRANTS: dict[str, Grant] = {
    grant.key: grant
    for grant in (
        Grant(
            "subscription",
            "Grant a product subscription",
            SubscriptionForm,
            _subscribe,
            "The product subscription is granted.",
        ),
        Grant(
            "access",
            "Give Marketing Services access",
            MarketingAccessForm,
            _give_access,
            "Marketing Services access is given.",
        ),
        Grant(
            "review",
            "Record a marketing review",
            MarketingReviewForm,
            lambda partner, data, user, as_of: marketing.marketing_review_record(
                partner=partner,
                grant=None,
                subject=data["subject"],
                outcome=data["outcome"],
                required_changes=data["required_changes"],
                due_on=data["due_on"],
                reviewed_on=data["reviewed_on"],
                acting_user=user,
            ),
            "The marketing review is recorded.",
        ),
        Grant(
            "payment",
            "Record a marketing payment",
            MarketingPaymentForm,
            lambda partner, data, user, as_of: marketing.marketing_payment_record(
                partner=partner,
                amount=data["amount"],
                currency=data["currency"],
                paid_on=data["paid_on"],
                basis=data["basis"],
                acting_user=user,
            ),
            "The marketing payment is recorded; attach its supporting document below.",
        ),
        Grant(
            "demonstration",
            "Record a demonstration",
            DemonstrationForm,
            lambda partner, data, user, as_of: demonstrations.demonstration_record(
                partner=partner,
                prospect=data["prospect"],
                demo_on=data["demo_on"],
                sales_force=data["sales_force"],
                customer_service_group=data["customer_service_group"],
                advised_on=data["advised_on"],
                recorded_on=as_of,
                acting_user=user,
            ),
            "The demonstration is recorded.",
        ),
    )
}


def _form(grant: Grant, partner: Partner, data: Any = None) -> Any:
    as_of = today()
    users = [(pk, user.get_username()) for pk, user in _users(partner).items()]
    options: dict[str, Any] = {}
    initial: dict[str, Any] = {}
    if grant.key == "subscription":
        policy = panels.policy_or_none(as_of)
        options = {"users": users, "products": [(p.key, p.name) for p in policy.products] if policy else []}
        initial = {"starts_on": as_of}
    elif grant.key == "access":
        options = {"users": users}
    elif grant.key == "review":
        initial = {"reviewed_on": as_of}
    elif grant.key == "payment":
        initial = {"paid_on": as_of}
    if data is not None:
        return grant.form(data, prefix=grant.key, **options)
    return grant.form(initial=initial, prefix=grant.key, **options)


def _page(request: HttpRequest, partner: Partner, forms: dict[str, Any]) -> HttpResponse:
    user = request.user
    return partner_page(
        request,
        partner,
        "portal/manage/benefits.html",
        "manage",
        {
            "sections": [(GRANTS[key], form) for key, form in forms.items()],
            "subscriptions": selectors.visible_subscriptions(user).filter(partner=partner).select_related("user"),
            "grants": selectors.visible_marketing_grants(user).filter(partner=partner),
            "reviews": selectors.visible_marketing_reviews(user).filter(partner=partner)[:10],
            "payments": selectors.visible_marketing_payments(user)
            .filter(partner=partner)
            .prefetch_related("documents")[:10],
            "demonstrations": selectors.visible_demonstrations(user).filter(partner=partner).order_by("-demo_on")[:10],
            "trademarks": selectors.visible_trademark_usages(user)
            .filter(partner=partner, status=TrademarkUsageStatus.APPROVED)
            .select_related("withdrawal"),
        },
    )


@managing
def benefits(request: HttpRequest, partner: Partner) -> HttpResponse:
    return _page(request, partner, {key: _form(grant, partner) for key, grant in GRANTS.items()})


@managing
def record(request: HttpRequest, partner: Partner, kind: str) -> HttpResponseBase:
    grant = GRANTS.get(kind)
    if grant is None or request.method != "POST":
        raise Http404("No such record.")
    form = _form(grant, partner, request.POST)
    if form.is_valid():
        try:
            grant.record(partner, form.cleaned_data, acting_user(request), today())
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(request, grant.done)
            return redirect("portal:partner-benefit-grants", pk=partner.pk)
    forms = {key: form if key == kind else _form(item, partner) for key, item in GRANTS.items()}
    return _page(request, partner, forms)


def _confirmation(
    request: HttpRequest, partner: Partner, form: Any, *, title: str, explanation: str, button: str
) -> HttpResponse:
    context = {"form": form, "title": title, "explanation": explanation, "button": button}
    return partner_page(request, partner, "portal/manage/confirm.html", "manage", context)


@managing
def revoke_subscription(request: HttpRequest, partner: Partner, subscription_id: int) -> HttpResponseBase:
    found = visible_object(selectors.visible_subscriptions(request.user).filter(partner=partner), subscription_id)
    form = RevokeSubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.subscription_revoke(
                subscription=found,
                revoked_on=today(),
                reason=form.cleaned_data["reason"],
                acting_user=acting_user(request),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                gettext("The subscription of %(user)s to %(product)s is revoked.")
                % {"user": found.user, "product": found.product},
            )
            return redirect("portal:partner-benefit-grants", pk=partner.pk)
    return _confirmation(
        request,
        partner,
        form,
        title=gettext("Revoke the subscription of %(user)s to %(product)s?")
        % {"user": found.user, "product": found.product},
        explanation=gettext("The credentials stop working for the partner from today; the partner is told why."),
        button=gettext("Confirm: revoke the subscription"),
    )


@managing
def revoke_access(request: HttpRequest, partner: Partner, grant_id: int) -> HttpResponseBase:
    found = visible_object(selectors.visible_marketing_grants(request.user).filter(partner=partner), grant_id)
    form = RevokeAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            marketing.marketing_access_revoke(grant=found, revoked_on=today(), acting_user=acting_user(request))
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                gettext("The Marketing Services access of %(grantee)s is revoked.") % {"grantee": found.grantee},
            )
            return redirect("portal:partner-benefit-grants", pk=partner.pk)
    return _confirmation(
        request,
        partner,
        form,
        title=gettext("Revoke the Marketing Services access of %(grantee)s?") % {"grantee": found.grantee},
        explanation=gettext("The access ends today (§10.2)."),
        button=gettext("Confirm: revoke the access"),
    )


@managing
def add_document(request: HttpRequest, partner: Partner, payment_id: int) -> HttpResponseBase:
    payment = visible_object(selectors.visible_marketing_payments(request.user).filter(partner=partner), payment_id)
    if request.method != "POST":
        raise Http404("No such page.")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        marketing.marketing_document_add(
            payment=payment, upload=form.cleaned_data["document"], uploaded_on=today(), acting_user=acting_user(request)
        )
        messages.success(request, gettext("The supporting document is attached to the payment."))
    else:
        for problem in form.errors.get("document", []):
            messages.error(request, gettext("The document was not attached: %(problem)s") % {"problem": problem})
    return redirect("portal:partner-benefit-grants", pk=partner.pk)


@managing
def withdraw_trademark(request: HttpRequest, partner: Partner, usage_id: int) -> HttpResponseBase:
    usage = visible_object(selectors.visible_trademark_usages(request.user).filter(partner=partner), usage_id)
    form = TrademarkWithdrawalForm(request.POST or None, initial={"notice_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trademark.trademark_usage_withdraw(
                usage=usage,
                notice_on=data["notice_on"],
                effective_on=data["effective_on"],
                reason=data["reason"],
                acting_user=acting_user(request),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                gettext("The approval to use %(mark)s is withdrawn by written notice.") % {"mark": usage.mark},
            )
            return redirect("portal:partner-benefit-grants", pk=partner.pk)
    return _confirmation(
        request,
        partner,
        form,
        title=gettext("Withdraw the approval to use %(mark)s (%(medium)s, %(territory)s)?")
        % {"mark": usage.mark, "medium": usage.medium, "territory": usage.territory},
        explanation=gettext(
            "By written notice; it takes effect on the date given, at most the policy's limit after the notice (§10.3)."
        ),
        button=gettext("Confirm: withdraw the approval"),
    )
