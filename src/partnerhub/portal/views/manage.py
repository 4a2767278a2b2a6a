"""A partner's lifecycle in the managers' console (§2.0, §5.1): terminate, re-assign, deactivate, rejoin,
record a notice of non-renewal.

Every action goes in two steps. The first rehearses it (`portal.rehearsal`): the service runs and is rolled
back, and the page shows what it would write — the timeline entries with their sections, the invoice and
its amount, the mails — or the service's refusal with its section. The second, "Confirm", runs the same
service for real. The pages look the partner up through the tenancy selector first (another partner's:
404), then ask for a manager (a partner user on its own partner: 403).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core.permissions import require_manager_page
from partnerhub.partners.models import NonRenewalNotice, Partner
from partnerhub.partners.services.agreement import partner_terms_change
from partnerhub.partners.services.lifecycle import (
    partner_deactivate,
    partner_reassign,
    partner_rejoin,
    partner_terminate,
)
from partnerhub.partners.services.renewal import non_renewal_notice_record, non_renewal_notice_withdraw
from partnerhub.policy.lifecycle import TRANSITIONS
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object, visible_partner
from partnerhub.portal.manager_forms import (
    DeactivateForm,
    NonRenewalNoticeForm,
    ReassignForm,
    RejoinForm,
    ResellerAgreementForm,
    TerminateForm,
    TermsForm,
    WithdrawNoticeForm,
)
from partnerhub.portal.rehearsal import rehearse
from partnerhub.portal.views.partner import partner_page

if TYPE_CHECKING:
    # A lazily translated text (django-stubs' name; Django's own class is Promise).
    from django.utils.functional import _StrPromise

Run = Callable[[Partner, Mapping[str, Any], User], object]


def managing(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The partner `pk` for a manager's action: 404 when the user may not see it, 403 for a partner's own user."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
        partner = visible_partner(request, pk)
        require_manager_page(request, gettext("Only a vendor manager manages a partner."))
        return view(request, partner, *args, **kwargs)

    return wrapped


def acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _classifications(as_of: dt.date) -> list[tuple[str, str]]:
    policy = panels.policy_or_none(as_of)
    return [(c.key, c.name) for c in policy.classifications] if policy else []


def _terminate(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return partner_terminate(
        partner=partner, terminated_on=data["terminated_on"], acting_user=user, reason=data["reason"]
    )


def _deactivate(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return partner_deactivate(
        partner=partner, deactivated_on=data["deactivated_on"], acting_user=user, reason=data["reason"]
    )


def _reassign(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return partner_reassign(
        partner=partner,
        classification=data["classification"],
        effective_on=data["effective_on"],
        acting_user=user,
        reason=data["reason"],
        notice=data["notice"],
        notice_on=data["notice_on"],
        recorded_on=today(),
    )


def _rejoin(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return partner_rejoin(
        partner=partner,
        rejoined_on=data["rejoined_on"],
        acting_user=user,
        reason=data["reason"],
        classification=data["classification"] or None,
    )


def _non_renewal(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return non_renewal_notice_record(
        partner=partner, received_on=data["received_on"], acting_user=user, note=data["note"]
    )


def _terms(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return partner_terms_change(
        partner=partner,
        effective_on=data["effective_on"],
        acting_user=user,
        reason=data["reason"],
        regions=data["regions"],
        territories=[code.strip() for code in data["territories"].split(",") if code.strip()],
        products=data["products"],
        referral_fee_program=data["referral_fee_program"],
        referral_fee_percent=data["referral_fee_percent"],
        reseller_agreement_signed=data["reseller_agreement_signed"],
        resale_discount_percent=data["resale_discount_percent"],
        recorded_on=today(),
    )


def _reseller(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return partner_terms_change(
        partner=partner,
        effective_on=data["effective_on"],
        acting_user=user,
        reason=data["reason"],
        reseller_agreement_signed=True,
        resale_discount_percent=data["resale_discount_percent"],
    )


def _scope_options(as_of: dt.date) -> dict[str, Any]:
    policy = panels.policy_or_none(as_of)
    if policy is None:
        return {"regions": [], "products": []}
    return {
        "regions": [(r.key, r.name) for r in policy.regions],
        "products": [(p.key, p.name) for p in policy.products],
    }


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _current_terms(partner: Partner) -> dict[str, Any]:
    return {
        "regions": partner.regions,
        "territories": ", ".join(partner.territories),
        "products": partner.products,
        "referral_fee_program": _yes_no(partner.referral_fee_program),
        "referral_fee_percent": partner.referral_fee_percent,
        "reseller_agreement_signed": _yes_no(partner.reseller_agreement_signed),
        "resale_discount_percent": partner.resale_discount_percent,
    }


@dataclass(frozen=True)
class Action:
    """One lifecycle action: its page's title, form, the service call, and what the page says when done.
    `options` gives the form's choices for a day, `initial` what it starts with for a partner."""

    key: str
    transition: str
    title: str | _StrPromise
    summary: str | _StrPromise
    button: str | _StrPromise
    form: type[Any]
    date_field: str
    run: Run
    done: str | _StrPromise
    destructive: bool = False
    options: Callable[[dt.date], dict[str, Any]] = lambda as_of: {}
    initial: Callable[[Partner], dict[str, Any]] = lambda partner: {}


ACTIONS: dict[str, Action] = {
    action.key: action
    for action in (
        Action(
            "terminate",
            "terminate",
            _("Terminate the participation"),
            _("Ends the partner's participation altogether; final, and program fees are not refunded."),
            _("Terminate"),
            TerminateForm,
            "terminated_on",
            _terminate,
            _("The participation of {partner} is terminated."),
            destructive=True,
        ),
        Action(
            "reassign",
            "reassign",
            _("Re-assign the classification"),
            _("Moves the partner to another classification from a date, with the notice it was given."),
            _("Re-assign"),
            ReassignForm,
            "effective_on",
            _reassign,
            _("{partner} is re-assigned."),
            options=lambda as_of: {"classifications": _classifications(as_of)},
        ),
        Action(
            "deactivate",
            "deactivate",
            _("Deactivate"),
            _("For a prospective partner whose qualification window ended without registration; no refund."),
            _("Deactivate"),
            DeactivateForm,
            "deactivated_on",
            _deactivate,
            _("{partner} is deactivated."),
            destructive=True,
        ),
        Action(
            "rejoin",
            "rejoin",
            _("Rejoin"),
            _("A deactivated partner is approved again, with a new qualification window."),
            _("Rejoin"),
            RejoinForm,
            "rejoined_on",
            _rejoin,
            _("{partner} rejoined the program."),
            options=lambda as_of: {"classifications": _classifications(as_of)},
        ),
        Action(
            "terms",
            "change_terms",
            _("Change the terms"),
            _("Regions, designated territories, product lines, the referral fee and the resale terms, from a date."),
            _("Change the terms"),
            TermsForm,
            "effective_on",
            _terms,
            _("The terms of {partner} are changed."),
            options=_scope_options,
            initial=_current_terms,
        ),
        Action(
            "reseller-agreement",
            "change_terms",
            _("Mark the reseller agreement signed"),
            _("Gives the resale rights a signed reseller agreement brings to its classification (§7.1)."),
            _("Mark it signed"),
            ResellerAgreementForm,
            "effective_on",
            _reseller,
            _("The reseller agreement of {partner} is marked signed."),
        ),
        Action(
            "non-renewal",
            "record_non_renewal_notice",
            _("Record a notice of non-renewal"),
            _("The partner's written notice that its membership shall not renew on 1 January."),
            _("Record the notice"),
            NonRenewalNoticeForm,
            "received_on",
            _non_renewal,
            _("The notice of non-renewal of {partner} is recorded."),
        ),
    )
}


def available(partner: Partner) -> list[Action]:
    """The actions the lifecycle allows from the partner's current status (`policy.lifecycle`)."""
    return [action for action in ACTIONS.values() if partner.status in TRANSITIONS[action.transition].sources]


@managing
def manage(request: HttpRequest, partner: Partner) -> HttpResponse:
    """The partner's Manage tab: the lifecycle actions open to it now, and those that are not, with why."""
    allowed = available(partner)
    closed = [(action, TRANSITIONS[action.transition]) for action in ACTIONS.values() if action not in allowed]
    return partner_page(
        request,
        partner,
        "portal/manage/manage.html",
        "manage",
        {
            "allowed": allowed,
            "closed": closed,
            "notices": partner.non_renewal_notices.order_by("-received_on"),
            "withdrawable": TRANSITIONS["withdraw_non_renewal_notice"].sources,
        },
    )


@managing
def act(request: HttpRequest, partner: Partner, action: str) -> HttpResponseBase:
    """One action in two steps: review what it will do (rehearsed), then confirm."""
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action.")
    return _two_steps(request, partner, chosen)


@managing
def withdraw_notice(request: HttpRequest, partner: Partner, notice_id: int) -> HttpResponseBase:
    """Take back one of the partner's notices of non-renewal, in the same two steps."""
    notice = visible_object(NonRenewalNotice.objects.filter(partner=partner), notice_id)

    def run(partner: Partner, data: Mapping[str, Any], user: User) -> object:
        return non_renewal_notice_withdraw(
            notice=notice, withdrawn_on=data["withdrawn_on"], acting_user=user, reason=data["reason"]
        )

    withdrawal = Action(
        "withdraw-notice",
        "withdraw_non_renewal_notice",
        gettext("Withdraw the notice of non-renewal received %(received_on)s")
        % {"received_on": date_format(notice.received_on, "DATE_FORMAT")},
        _("The partner took its notice back: the membership renews on 1 January as usual (§5.1)."),
        _("Withdraw the notice"),
        WithdrawNoticeForm,
        "withdrawn_on",
        run,
        _("The notice of non-renewal of {partner} is withdrawn."),
        destructive=True,
    )
    return _two_steps(request, partner, withdrawal)


def _two_steps(request: HttpRequest, partner: Partner, chosen: Action) -> HttpResponseBase:
    as_of = today()
    options = chosen.options(as_of)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    form = (
        chosen.form(request.POST, **options)
        if request.method == "POST"
        else chosen.form(initial={**chosen.initial(partner), chosen.date_field: as_of}, **options)
    )
    rehearsal = None
    if step in ("review", "confirm") and form.is_valid():
        user = acting_user(request)
        try:
            if step == "review":
                rehearsal = rehearse(partner, lambda: chosen.run(partner, form.cleaned_data, user))
            else:
                chosen.run(partner, form.cleaned_data, user)
        except REFUSALS as error:
            refuse(form, error)
        else:
            if step == "confirm":
                messages.success(request, chosen.done.format(partner=partner.name))
                return redirect("portal:partner-manage", pk=partner.pk)
    return partner_page(
        request,
        partner,
        "portal/manage/action.html",
        "manage",
        {"action": chosen, "form": form, "rehearsal": rehearsal},
    )
