"""A partner's people and their certifications (§5.0, §9.1): the list with what falls due, adding a person,
recording a certification, a person leaving. Reads through `people.selectors`; writes are people services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext

from partnerhub.core.models import SecurityEventKind
from partnerhub.core.security import record_security_event
from partnerhub.people import selectors
from partnerhub.people.models import CertificationKind, Role
from partnerhub.people.services.certifications import certification_add
from partnerhub.people.services.persons import person_create, person_leave
from partnerhub.portal import listing, panels
from partnerhub.portal.common import REFUSALS, is_htmx, paginate, refuse, today, visible_object, visible_partner
from partnerhub.portal.forms import CertificationForm, LeaveForm, PersonForm
from partnerhub.portal.views.partner import partner_page

PERSON_FIELDS = {"region_not_authorized": "region", "roles_not_authorized": "roles"}
CERTIFICATION_FIELDS = {"product_not_authorized": "product", "kind_not_authorized": "kind"}


def _regions(partner_regions: list[str], as_of_names: dict[str, str]) -> list[tuple[str, str]]:
    return [(key, as_of_names.get(key, key)) for key in partner_regions]


@login_required
def people(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    names = panels.region_names(policy)
    form, rows = listing.people(request.user, partner, request.GET, as_of)
    template = "portal/people/_rows.html" if is_htmx(request) else "portal/people/list.html"
    # The soonest fifty; each person's own page lists all of theirs.
    due = panels.due_soon(partner, policy, as_of, 60)
    return partner_page(
        request,
        partner,
        template,
        "people",
        {
            "form": form,
            "page_obj": paginate(request, rows),
            "due": due[: panels.DUE_SHOWN * 5],
            "due_more": max(0, len(due) - panels.DUE_SHOWN * 5),
            "region_names": names,
        },
    )


@login_required
def person_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    as_of = today()
    names = panels.region_names(panels.policy_or_none(as_of))
    form = PersonForm(request.POST or None, regions=_regions(partner.regions or [], names), roles=Role.choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_create(
                partner=partner,
                name=data["name"],
                email=data["email"],
                region=data["region"],
                roles=data["roles"],
                joined_on=data["joined_on"],
                acting_user=request.user,
                as_of=as_of,
            )
        except REFUSALS as error:
            refuse(form, error, fields=PERSON_FIELDS)
        else:
            messages.success(
                request, gettext("%(name)s is added. Record their certifications below.") % {"name": person.name}
            )
            return redirect("portal:person", person_id=person.pk)
    return partner_page(request, partner, "portal/people/new.html", "people", {"form": form})


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponseBase:
    found = visible_object(selectors.visible_people(request.user), person_id)
    record_security_event(SecurityEventKind.PERSONAL_DATA, request=request, detail={"person": found.pk})
    partner = found.partner
    as_of = today()
    policy = panels.policy_or_none(as_of)
    products = [(p.key, p.name) for p in policy.products if p.key in (partner.products or [])] if policy else []
    action = request.POST.get("action") if request.method == "POST" else None
    certify = CertificationForm(
        request.POST if action == "certify" else None,
        initial={"earned_on": as_of},
        kinds=CertificationKind.choices,
        products=products,
        prefix="cert",
    )
    leave = LeaveForm(request.POST if action == "leave" else None, initial={"left_on": as_of}, prefix="leave")
    if action == "certify" and certify.is_valid():
        data = certify.cleaned_data
        try:
            certification_add(
                person=found,
                kind=data["kind"],
                product=data["product"],
                earned_on=data["earned_on"],
                expires_on=data["expires_on"],
                acting_user=request.user,
                as_of=as_of,
            )
        except REFUSALS as error:
            refuse(certify, error, fields=CERTIFICATION_FIELDS)
        else:
            messages.success(request, gettext("The certification of %(name)s is recorded.") % {"name": found.name})
            return redirect("portal:person", person_id=found.pk)
    elif action == "leave" and leave.is_valid():
        try:
            person_leave(person=found, left_on=leave.cleaned_data["left_on"], acting_user=request.user, as_of=as_of)
        except REFUSALS as error:
            refuse(leave, error)
        else:
            messages.success(
                request,
                gettext("%(name)s no longer counts from %(day)s.")
                % {"name": found.name, "day": date_format(leave.cleaned_data["left_on"], "SHORT_DATE_FORMAT")},
            )
            return redirect("portal:person", person_id=found.pk)
    certifications = found.certifications.order_by("-earned_on", "-id")
    return partner_page(
        request,
        partner,
        "portal/people/person.html",
        "people",
        {
            "person": found,
            "certifications": certifications,
            "trainings": found.trainings.order_by("-completed_on"),
            "certify": certify,
            "leave": leave,
            "region_names": panels.region_names(policy),
            "due": [d for d in panels.due_soon(partner, policy, as_of, 60) if d.person_id == found.pk],
        },
    )
