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
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from partnerhub.core.permissions import is_manager
from partnerhub.partners.lifecycle import TRANSITIONS
from partnerhub.partners.models import Partner
from partnerhub.partners.services.lifecycle import (
    partner_deactivate,
    partner_reassign,
    partner_rejoin,
    partner_terminate,
)
from partnerhub.partners.services.renewal import non_renewal_notice_record
from partnerhub.people.selectors import participation_requirements_met
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today, visible_partner
from partnerhub.portal.manager_forms import (
    DeactivateForm,
    NonRenewalNoticeForm,
    ReassignForm,
    RejoinForm,
    TerminateForm,
)
from partnerhub.portal.rehearsal import rehearse
from partnerhub.portal.views.partner import partner_page

Run = Callable[[Partner, Mapping[str, Any], User], object]


def managing(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The partner `pk` for a manager's action: 404 when the user may not see it, 403 for a partner's own user."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponseBase:
        partner = visible_partner(request, pk)
        if not is_manager(request.user):
            raise PermissionDenied("Only a vendor manager manages a partner.")
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
        requirements_fulfilled=participation_requirements_met(partner, data["rejoined_on"]),
    )


def _non_renewal(partner: Partner, data: Mapping[str, Any], user: User) -> object:
    return non_renewal_notice_record(
        partner=partner, received_on=data["received_on"], acting_user=user, note=data["note"]
    )


@dataclass(frozen=True)
class Action:
    """One lifecycle action: its page's title, form, the service call, and what the page says when done."""

    key: str
    transition: str
    title: str
    summary: str
    button: str
    form: type[Any]
    date_field: str
    run: Run
    done: str
    destructive: bool = False
    needs_classifications: bool = False


ACTIONS: dict[str, Action] = {
    action.key: action
    for action in (
        Action(
            "terminate",
            "terminate",
            "Terminate the participation",
            "Ends the partner's participation altogether; final, and program fees are not refunded.",
            "Terminate",
            TerminateForm,
            "terminated_on",
            _terminate,
            "The participation of {partner} is terminated.",
            destructive=True,
        ),
        Action(
            "reassign",
            "reassign",
            "Re-assign the classification",
            "Moves the partner to another classification from a date, with the notice it was given.",
            "Re-assign",
            ReassignForm,
            "effective_on",
            _reassign,
            "{partner} is re-assigned.",
            needs_classifications=True,
        ),
        Action(
            "deactivate",
            "deactivate",
            "Deactivate",
            "For a prospective partner whose qualification window ended without registration; no refund.",
            "Deactivate",
            DeactivateForm,
            "deactivated_on",
            _deactivate,
            "{partner} is deactivated.",
            destructive=True,
        ),
        Action(
            "rejoin",
            "rejoin",
            "Rejoin",
            "A deactivated partner is approved again, with a new qualification window.",
            "Rejoin",
            RejoinForm,
            "rejoined_on",
            _rejoin,
            "{partner} rejoined the program.",
            needs_classifications=True,
        ),
        Action(
            "non-renewal",
            "record_non_renewal_notice",
            "Record a notice of non-renewal",
            "The partner's written notice that its membership shall not renew on 1 January.",
            "Record the notice",
            NonRenewalNoticeForm,
            "received_on",
            _non_renewal,
            "The notice of non-renewal of {partner} is recorded.",
        ),
    )
}


def available(partner: Partner) -> list[Action]:
    """The actions the lifecycle allows from the partner's current status (`partners.lifecycle`)."""
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
        {"allowed": allowed, "closed": closed, "notices": partner.non_renewal_notices.order_by("-received_on")},
    )


@managing
def act(request: HttpRequest, partner: Partner, action: str) -> HttpResponseBase:
    """One action in two steps: review what it will do (rehearsed), then confirm."""
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action.")
    as_of = today()
    options = {"classifications": _classifications(as_of)} if chosen.needs_classifications else {}
    step = request.POST.get("step", "") if request.method == "POST" else ""
    form = (
        chosen.form(request.POST, **options)
        if request.method == "POST"
        else chosen.form(initial={chosen.date_field: as_of}, **options)
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
