"""Deal registrations (§7.3): a partner's list and registration form, one registration's page, and the
managers' review queue with the conflict and near-duplicate comparison side by side.

Reads go through `deals.selectors` (another partner's registration is 404); every write is a deals service
whose refusal (PolicyViolation with its section, InvalidInput, Conflict) is shown beside the field."""

from __future__ import annotations

import pycountry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext

from partnerhub.core.permissions import is_manager, manager_required, require_manager_page
from partnerhub.deals import selectors, services
from partnerhub.deals.models import ExtensionStatus, Registration, RegistrationConflict
from partnerhub.portal import listing, panels
from partnerhub.portal.common import REFUSALS, is_htmx, paginate, refuse, today, visible_partner
from partnerhub.portal.forms import CloseDealForm, DecideDealForm, RegisterDealForm
from partnerhub.portal.views.console import console_page
from partnerhub.portal.views.deal_protection import ACTIONS as PROTECTION_ACTIONS
from partnerhub.portal.views.deal_protection import ProtectionForms
from partnerhub.portal.views.partner import partner_page

# Which field of the registration form a broken rule of §7.3 belongs beside.
RULE_FIELDS = {
    "inside_designated_territory": "country",
    "personal_data_consent_confirmed": "consent_confirmed",
    "before_any_order": "opportunity",
    "country": "country",
    "end_customer": "end_customer",
    "opportunity": "opportunity",
    "estimated_value": "estimated_value",
    "submitted_on": "received_on",
}


@login_required
def partner_deals(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    form, rows = listing.deals(request.user, partner, request.GET, today())
    template = "portal/deals/_rows.html" if is_htmx(request) else "portal/deals/list.html"
    return partner_page(
        request,
        partner,
        template,
        "deals",
        {
            "form": form,
            "page_obj": paginate(request, rows),
            "can_register": panels.can_register(request.user, partner),
            "registration_closed": panels.registration_closed(partner, today()),
        },
    )


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    user = request.user
    assert isinstance(user, User)
    manager = is_manager(user)
    if not panels.can_register(user, partner):
        raise PermissionDenied(gettext("Only a Designated Partner Representative registers deals (§7.3)."))
    closed = panels.registration_closed(partner, today())
    if closed is not None:
        # No form to fill in for nothing: the page says why, and a submission is not read (the service would refuse).
        return partner_page(request, partner, "portal/deals/register.html", "deals", {"closed": closed})
    countries = [(code, _country_name(code)) for code in partner.territories or []]
    form = RegisterDealForm(request.POST or None, countries=countries, manager=manager)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_submit(
                partner=partner,
                end_customer=data["end_customer"],
                title=data["opportunity"],
                country=data["country"],
                estimated_value=data["estimated_value"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                consent_confirmed=data["consent_confirmed"],
                submitted_on=(data.get("received_on") if manager else None) or today(),
                acting_user=user,
                recorded_from_email=manager,
                received_from=data.get("received_from") or "",
            )
        except REFUSALS as error:
            refuse(form, error, fields=RULE_FIELDS)
        else:
            messages.success(
                request,
                gettext(
                    "Deal registration #%(number)s is registered and pending: the vendor qualifies it "
                    "and you are told of the decision by email (§7.3)."
                )
                % {"number": registration.pk},
            )
            return redirect("portal:deal", deal_id=registration.pk)
    return partner_page(request, partner, "portal/deals/register.html", "deals", {"form": form, "manager": manager})


@login_required
def deal(request: HttpRequest, deal_id: int) -> HttpResponseBase:
    registration = selectors.registration_for(request.user, deal_id)
    context: dict[str, object] = {"deal": registration}
    window = ProtectionForms(request, registration)
    if request.method == "POST" and window.action in PROTECTION_ACTIONS:
        done = window.handle()
        if done is not None:
            return done
    if is_manager(request.user):
        forms = ManagerForms(request, registration)
        if request.method == "POST" and window.action not in PROTECTION_ACTIONS:
            done = forms.handle()
            if done is not None:
                return done
        context.update(review_context(registration))
        context.update({"decide": forms.decide, "close": forms.close})
    elif request.method == "POST" and window.action not in PROTECTION_ACTIONS:
        require_manager_page(request, "Only the vendor's managers decide deal registrations (§7.3).")
    context.update(window.context())
    context["events"] = selectors.registration_events(registration, request.user).order_by("on", "id")
    return partner_page(request, registration.partner, "portal/deals/detail.html", "deals", context, console="deals")


def review_context(registration: Registration) -> dict[str, object]:
    """The conflicts (the same opportunity registered by another partner) and the possible duplicates
    (near-identical names), for the manager to compare side by side; nothing is merged (§7.3)."""
    conflicts = RegistrationConflict.objects.filter(Q(registration=registration) | Q(other=registration))
    conflicts = conflicts.select_related("registration__partner", "other__partner")
    others = [c.other if c.registration_id == registration.pk else c.registration for c in conflicts]
    decision, duplicates = selectors.possible_duplicates_of(registration)
    conflicting = {other.pk for other in others}
    return {
        "conflicts": others,
        "duplicates": [d for d in duplicates if d.registration.pk not in conflicting],
        "duplicate_decision": decision,
    }


DECISION_FIELDS = {"reason": "reason", "approved_on": "decided_on", "rejected_on": "decided_on"}


class ManagerForms:
    """The approve / reject form and the close (won or lost) form of one registration."""

    def __init__(self, request: HttpRequest, registration: Registration) -> None:
        self.request = request
        self.registration = registration
        as_of = today()
        self.action = request.POST.get("action", "") if request.method == "POST" else ""
        deciding = self.action in ("approve", "reject")
        self.decide = DecideDealForm(request.POST if deciding else None, initial={"decided_on": as_of}, prefix="decide")
        self.close = CloseDealForm(
            request.POST if self.action == "close" else None, initial={"closed_on": as_of}, prefix="close"
        )

    def handle(self) -> HttpResponseBase | None:
        user = self.request.user
        assert isinstance(user, User)
        registration = self.registration
        form: DecideDealForm | CloseDealForm = self.close if self.action == "close" else self.decide
        if self.action not in ("approve", "reject", "close") or not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            if self.action == "approve":
                services.registration_approve(
                    registration=registration, approved_on=data["decided_on"], acting_user=user, note=data["reason"]
                )
                done = f"Deal registration #{registration.pk} is approved; the partner is told by email."
            elif self.action == "reject":
                services.registration_reject(
                    registration=registration, rejected_on=data["decided_on"], reason=data["reason"], acting_user=user
                )
                done = f"Deal registration #{registration.pk} is rejected; the partner is told by email."
            else:
                services.registration_close(
                    registration=registration, outcome=data["outcome"], closed_on=data["closed_on"], acting_user=user
                )
                done = f"Deal registration #{registration.pk} is closed as {data['outcome']}."
        except REFUSALS as error:
            refuse(form, error, fields=DECISION_FIELDS)
            return None
        messages.success(self.request, done)
        if self.action == "close":
            return redirect("portal:deal", deal_id=registration.pk)
        return redirect("portal:console-deals")


@manager_required
def queue(request: HttpRequest) -> HttpResponse:
    form, rows = listing.deals(request.user, None, request.GET, today())  # by default what waits for a decision
    page_obj = paginate(request, rows)
    conflicted = selectors.in_conflict_among(row.pk for row in page_obj)
    template = "portal/console/_deal_rows.html" if is_htmx(request) else "portal/console/deals.html"
    extensions = (
        selectors.visible_extensions(request.user)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("partner")
        .order_by("until_before", "id")[:EXTENSIONS_SHOWN]
    )
    return console_page(
        request,
        template,
        "deals",
        {"form": form, "page_obj": page_obj, "conflicted": conflicted, "extensions": extensions},
    )


EXTENSIONS_SHOWN = 20
"""The extension requests the queue lists, the soonest-ending window first (the rest follow as these are decided)."""


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return f"{country.name} ({code})" if country is not None else code
