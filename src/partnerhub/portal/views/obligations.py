"""A partner's obligations in the managers' console (§2.0, §5.0, §5.2, §9.1): compliance verifications,
governance records, financial-standing flags, exceptions approved by a designated leader and compliance
timelines. Each form calls its `people.services` function; a refusal is shown beside the field, nothing is
written. The partner is looked up through the tenancy selector first (another partner's: 404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext

from partnerhub.partners.models import Partner
from partnerhub.people import selectors
from partnerhub.people.models import GovernanceKind
from partnerhub.people.services.obligations import (
    compliance_timeline_complete,
    compliance_timeline_set,
    compliance_verification_record,
    financial_standing_set,
    governance_record_add,
    qualifications,
    standing_exception_grant,
)
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object
from partnerhub.portal.manager_forms import (
    CompleteTimelineForm,
    ComplianceTimelineForm,
    ComplianceVerificationForm,
    FinancialStandingForm,
    GovernanceRecordForm,
    StandingExceptionForm,
)
from partnerhub.portal.views.manage import acting_user, managing
from partnerhub.portal.views.partner import partner_page

Record = Callable[[Partner, Mapping[str, Any], Any, dt.date], object]


def _qualifications(as_of: dt.date) -> list[tuple[str, str]]:
    policy = panels.policy_or_none(as_of)
    if policy is None:
        return []
    labels = {row.key: row.label for row in policy.requirements}
    return [(key, labels.get(key, key.replace("_", " ").capitalize())) for key in qualifications(policy)]


@dataclass(frozen=True)
class Obligation:
    key: str
    title: str
    form: type[Any]
    date_field: str
    record: Record
    done: str


OBLIGATIONS: dict[str, Obligation] = {
    item.key: item
    for item in (
        Obligation(
            "compliance",
            "Compliance verification",
            ComplianceVerificationForm,
            "verified_on",
            lambda partner, data, user, as_of: compliance_verification_record(
                partner=partner, verified_on=data["verified_on"], note=data["note"], acting_user=user, as_of=as_of
            ),
            "The compliance verification is recorded.",
        ),
        Obligation(
            "governance",
            "Governance record",
            GovernanceRecordForm,
            "effective_on",
            lambda partner, data, user, as_of: governance_record_add(
                partner=partner,
                kind=data["kind"],
                effective_on=data["effective_on"],
                valid_until=data["valid_until"],
                note=data["note"],
                acting_user=user,
                as_of=as_of,
            ),
            "The governance record is on file.",
        ),
        Obligation(
            "financial",
            "Financial standing",
            FinancialStandingForm,
            "effective_on",
            lambda partner, data, user, as_of: financial_standing_set(
                partner=partner,
                flagged=data["flagged"],
                effective_on=data["effective_on"],
                reason=data["reason"],
                acting_user=user,
                as_of=as_of,
            ),
            "The financial standing is recorded.",
        ),
        Obligation(
            "exception",
            "Exception approved by a designated leader",
            StandingExceptionForm,
            "starts_on",
            lambda partner, data, user, as_of: standing_exception_grant(
                partner=partner,
                qualification=data["qualification"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                approved_by=data["approved_by"],
                acting_user=user,
                as_of=as_of,
            ),
            "The exception is recorded.",
        ),
        Obligation(
            "timeline",
            "Compliance timeline",
            ComplianceTimelineForm,
            "communicated_on",
            lambda partner, data, user, as_of: compliance_timeline_set(
                partner=partner,
                requirement=data["requirement"],
                section=data["section"],
                communicated_on=data["communicated_on"],
                due_on=data["due_on"],
                acting_user=user,
                as_of=as_of,
            ),
            "The compliance timeline is recorded; the partner is late on it after its due date.",
        ),
    )
}


def _form(obligation: Obligation, as_of: dt.date, data: Any = None) -> Any:
    options: dict[str, Any] = {}
    if obligation.key == "governance":
        options["kinds"] = GovernanceKind.choices
    if obligation.key == "exception":
        options["qualifications"] = _qualifications(as_of)
    initial = {obligation.date_field: as_of}
    return (
        obligation.form(data, prefix=obligation.key, **options)
        if data
        else obligation.form(initial=initial, prefix=obligation.key, **options)
    )


def _page(request: HttpRequest, partner: Partner, forms: dict[str, Any]) -> HttpResponse:
    return partner_page(
        request,
        partner,
        "portal/manage/obligations.html",
        "manage",
        {
            "sections": [(OBLIGATIONS[key], form) for key, form in forms.items()],
            "verifications": selectors.partner_compliance_verifications(partner)[:5],
            "governance": selectors.partner_governance_records(partner)[:10],
            "financial": selectors.partner_financial_standing(partner)[:5],
            "exceptions": selectors.partner_exceptions(partner)[:10],
            "timelines": selectors.partner_compliance_timelines(partner)[:10],
            "complete_form": CompleteTimelineForm(initial={"completed_on": today()}),
        },
    )


@managing
def obligations(request: HttpRequest, partner: Partner) -> HttpResponse:
    as_of = today()
    return _page(request, partner, {key: _form(item, as_of) for key, item in OBLIGATIONS.items()})


@managing
def record(request: HttpRequest, partner: Partner, kind: str) -> HttpResponseBase:
    """Record one obligation; the page comes back with the form's errors beside its fields when refused."""
    obligation = OBLIGATIONS.get(kind)
    if obligation is None or request.method != "POST":
        raise Http404("No such record.")
    as_of = today()
    form = _form(obligation, as_of, request.POST)
    if form.is_valid():
        try:
            obligation.record(partner, form.cleaned_data, acting_user(request), as_of)
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(request, obligation.done)
            return redirect("portal:partner-obligations", pk=partner.pk)
    forms = {key: form if key == kind else _form(item, as_of) for key, item in OBLIGATIONS.items()}
    return _page(request, partner, forms)


@managing
def complete_timeline(request: HttpRequest, partner: Partner, timeline_id: int) -> HttpResponseBase:
    if request.method != "POST":
        raise Http404("No such page.")
    timeline = visible_object(selectors.partner_compliance_timelines(partner), timeline_id)
    form = CompleteTimelineForm(request.POST)
    if form.is_valid():
        try:
            compliance_timeline_complete(
                timeline=timeline,
                completed_on=form.cleaned_data["completed_on"],
                acting_user=acting_user(request),
                as_of=today(),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(request, gettext("%(requirement)s: completed.") % {"requirement": timeline.requirement})
            return redirect("portal:partner-obligations", pk=partner.pk)
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, gettext("Not recorded: %(problem)s") % {"problem": problem})
    return redirect("portal:partner-obligations", pk=partner.pk)
