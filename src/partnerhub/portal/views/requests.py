"""The managers' queue of benefit requests (§5.1) and trademark uses waiting for prior written approval
(§10.3), with the answer beside each. Reads through `benefits.selectors`; answers are benefits services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.benefits import selectors
from partnerhub.benefits.models import BenefitRequestStatus, TrademarkUsageStatus
from partnerhub.benefits.services import benefit_requests, trademark
from partnerhub.core.permissions import manager_required
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object
from partnerhub.portal.forms import AnswerRequestForm
from partnerhub.portal.views.console import console_page


@manager_required
def queue(request: HttpRequest) -> HttpResponse:
    as_of = today()
    return console_page(
        request,
        "portal/console/requests.html",
        "requests",
        {
            "benefit_requests": selectors.visible_benefit_requests(request.user)
            .filter(status=BenefitRequestStatus.REQUESTED)
            .select_related("partner", "requested_by")
            .order_by("requested_on", "id"),
            "trademarks": selectors.visible_trademark_usages(request.user)
            .filter(status=TrademarkUsageStatus.REQUESTED)
            .select_related("partner")
            .order_by("requested_on", "id"),
            "answered": selectors.visible_benefit_requests(request.user)
            .exclude(status=BenefitRequestStatus.REQUESTED)
            .select_related("partner")
            .order_by("-decided_on", "-id")[:10],
            "form": AnswerRequestForm(initial={"on": as_of}),
        },
    )


@manager_required
def answer_benefit(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    found = visible_object(selectors.visible_benefit_requests(request.user).select_related("partner"), pk)
    if action not in ("fulfil", "decline"):
        raise Http404
    form = AnswerRequestForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        data = form.cleaned_data
        if action == "decline" and not data["note"].strip():
            form.add_error("note", _("Say why the request is declined: the partner is told."))
        else:
            try:
                if action == "fulfil":
                    benefit_requests.benefit_request_fulfil(
                        benefit_request=found, fulfilled_on=data["on"], note=data["note"], acting_user=user
                    )
                else:
                    benefit_requests.benefit_request_decline(
                        benefit_request=found, declined_on=data["on"], reason=data["note"], acting_user=user
                    )
            except REFUSALS as error:
                refuse(form, error, fields={"reason": "note", "note": "note"})
            else:
                messages.success(
                    request,
                    gettext("The request of %(name)s is %(status)s; they are told.")
                    % {"name": found.partner.name, "status": found.get_status_display()},
                )
                return redirect("portal:console-requests")
    context = {"item": found, "kind": "benefit", "action": action, "form": form}
    return console_page(request, "portal/console/answer.html", "requests", context)


@manager_required
def answer_trademark(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    found = visible_object(selectors.visible_trademark_usages(request.user).select_related("partner"), pk)
    if action not in ("approve", "reject"):
        raise Http404
    form = AnswerRequestForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        data = form.cleaned_data
        note = data["note"].strip()
        if not note:
            form.add_error("note", "Write the approval as sent." if action == "approve" else "Say why it is rejected.")
        else:
            try:
                if action == "approve":
                    trademark.trademark_usage_approve(
                        usage=found, approved_on=data["on"], written_approval=note, acting_user=user
                    )
                else:
                    trademark.trademark_usage_reject(usage=found, rejected_on=data["on"], reason=note, acting_user=user)
            except REFUSALS as error:
                refuse(form, error, fields={"written_approval": "note", "reason": "note"})
            else:
                messages.success(
                    request,
                    gettext("The use of %(mark)s by %(name)s is %(status)s.")
                    % {"mark": found.mark, "name": found.partner.name, "status": found.get_status_display()},
                )
                return redirect("portal:console-requests")
    return console_page(
        request,
        "portal/console/answer.html",
        "requests",
        {"item": found, "kind": "trademark", "action": action, "form": form},
    )
