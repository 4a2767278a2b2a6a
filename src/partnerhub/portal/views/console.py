"""The vendor managers' console: work queues, the partner list, applications and invoices.

Every page is for managers only (`manager_required`); the decisions are the apps' services'.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from partnerhub.billing.models import InvoiceStatus
from partnerhub.core.permissions import manager_required
from partnerhub.partners.models import Classification, PartnerStatus, WorkItem
from partnerhub.partners.selectors import visible_partners
from partnerhub.partners.services import work_items as work_item_services
from partnerhub.partners.services.application import partner_approve, partner_reject
from partnerhub.portal import listing, panels, reports, workqueues
from partnerhub.portal.common import REFUSALS, paginate, refuse, today, visible_object
from partnerhub.portal.forms import (
    ApproveApplicationForm,
    RejectApplicationForm,
    ResolveWorkItemForm,
)
from partnerhub.portal.manager_forms import DeadlineHorizonForm


def console_page(
    request: HttpRequest, template: str, active: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    return render(request, template, {"active": active, "as_of": today(), **context}, status=status)


def queues(request: HttpRequest) -> HttpResponse:
    """The console's home (also `/` for a manager): each work queue with its count and first entries."""
    return console_page(
        request, "portal/console/queues.html", "queues", {"queues": workqueues.all_queues(request.user, today())}
    )


queues_page = manager_required(queues)


@manager_required
def applications(request: HttpRequest) -> HttpResponse:
    rows = visible_partners(request.user).filter(status=PartnerStatus.APPLIED).order_by("applied_on", "id")
    return console_page(
        request, "portal/console/applications.html", "applications", {"page_obj": paginate(request, rows)}
    )


@manager_required
def application(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One application with the forms to approve it (classification, terms) or reject it (with a reason)."""
    partner = visible_object(visible_partners(request.user), pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    classifications = [(c.key, c.name) for c in policy.classifications] if policy else list(Classification.choices)
    approve = ApproveApplicationForm(
        initial={"approved_on": as_of, "classification": partner.classification},
        classifications=classifications,
        prefix="approve",
    )
    reject = RejectApplicationForm(initial={"rejected_on": as_of}, prefix="reject")
    if request.method == "POST" and "approve-approved_on" in request.POST:
        approve = ApproveApplicationForm(request.POST, classifications=classifications, prefix="approve")
        if approve.is_valid():
            data = approve.cleaned_data
            try:
                partner_approve(
                    partner=partner,
                    approved_on=data["approved_on"],
                    acting_user=request.user,  # type: ignore[arg-type]
                    classification=data["classification"],
                    referral_fee_percent=data["referral_fee_percent"],
                    resale_discount_percent=data["resale_discount_percent"],
                    reason=data["reason"],
                )
            except REFUSALS as error:
                refuse(approve, error)
            else:
                messages.success(
                    request,
                    gettext("%(name)s is approved; its program-fee invoice was issued.") % {"name": partner.name},
                )
                return redirect("portal:partner", pk=partner.pk)
    elif request.method == "POST":
        reject = RejectApplicationForm(request.POST, prefix="reject")
        if reject.is_valid():
            try:
                partner_reject(
                    partner=partner,
                    rejected_on=reject.cleaned_data["rejected_on"],
                    acting_user=request.user,  # type: ignore[arg-type]
                    reason=reject.cleaned_data["reason"],
                )
            except REFUSALS as error:
                refuse(reject, error)
            else:
                messages.success(request, gettext("The application of %(name)s is rejected.") % {"name": partner.name})
                return redirect("portal:console-applications")
    return console_page(
        request,
        "portal/console/application.html",
        "applications",
        {
            "partner": partner,
            "membership": panels.membership(partner, policy, as_of),
            "approve": approve,
            "reject": reject,
            "events": panels.recent_events(partner, 10),
        },
    )


@manager_required
def work_items(request: HttpRequest) -> HttpResponse:
    rows = WorkItem.objects.filter(resolved_on__isnull=True).select_related("partner").order_by("opened_on", "id")
    return console_page(
        request, "portal/console/work_items.html", "queues", {"page_obj": paginate(request, rows), "form": None}
    )


@manager_required
def work_item_resolve(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = visible_object(WorkItem.objects.select_related("partner"), pk)
    form = ResolveWorkItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            work_item_services.work_item_resolve(
                item=item,
                resolved_on=today(),
                acting_user=request.user,  # type: ignore[arg-type]
                resolution=form.cleaned_data["resolution"],
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(request, gettext("The work item is closed."))
            return redirect("portal:console-work")
    return console_page(request, "portal/console/work_item.html", "queues", {"item": item, "form": form})


@manager_required
def invoices(request: HttpRequest) -> HttpResponse:
    form, rows = listing.invoices(request.user, None, request.GET, today())
    return console_page(
        request,
        "portal/console/invoices.html",
        "invoices",
        {"page_obj": paginate(request, rows), "form": form, "statuses": InvoiceStatus.choices},
    )


@manager_required
def deadlines(request: HttpRequest) -> HttpResponse:
    """Everything dated from today through the chosen horizon (default the next 90 days): in late November
    the 2 December notice deadline, the certifications lapsing and the 1 January renewals are all on it."""
    as_of = today()
    form = DeadlineHorizonForm(request.GET or None, kinds=workqueues.DEADLINE_KINDS)
    days = form.horizon()
    until = as_of + dt.timedelta(days=days)
    items = workqueues.deadlines_between(request.user, as_of, until, as_of)
    kind = form.chosen_kind()
    if kind:
        items = [item for item in items if item.kind == kind]
    return console_page(
        request,
        "portal/console/deadlines.html",
        "queues",
        {"page_obj": paginate(request, items), "form": form, "until": until, "days": days},
    )


@manager_required
def reports_page(request: HttpRequest) -> HttpResponse:
    as_of = today()
    policy = panels.policy_or_none(as_of)
    if policy is None:
        return console_page(request, "portal/console/reports.html", "reports", {})
    pipeline, currency, pipeline_counts = reports.pipeline_by_region(request.user, policy)
    return console_page(
        request,
        "portal/console/reports.html",
        "reports",
        {
            "per_classification": reports.partners_per_classification(request.user, policy),
            "outcomes": reports.outcomes_over_quarters(),
            "pipeline": pipeline,
            "currency": currency,
            "pipeline_counts": pipeline_counts,
        },
    )
