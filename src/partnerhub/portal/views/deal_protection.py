"""A deal registration's protection window on its page (docs/policy.md#r8-4): the partner asks for an extension,
a vendor manager grants or refuses it. The deal page (`views.deals.deal`) shows these forms and hands their
POSTs here; every write is a `deals.protection` service whose refusal is shown beside the field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext

from partnerhub.core.errors import InvalidInput
from partnerhub.core.permissions import is_manager, require_manager_page
from partnerhub.deals import protection
from partnerhub.deals.models import ExtensionStatus, ProtectionExtension, Registration, RegistrationStatus
from partnerhub.portal.common import REFUSALS, refuse, today
from partnerhub.portal.forms import ExtensionDecisionForm, ExtensionRequestForm

ACTIONS = ("extend", "grant", "refuse")
FIELDS = {"granted_on": "decided_on", "refused_on": "decided_on", "protection_window_set": "reason"}


class ProtectionForms:
    """The extension request form (a user of the registration's partner) and the decision form (a manager)."""

    def __init__(self, request: HttpRequest, registration: Registration) -> None:
        self.request = request
        self.registration = registration
        self.manager = is_manager(request.user)
        self.action = request.POST.get("action", "") if request.method == "POST" else ""
        self.extensions = list(registration.extensions.select_related("requested_by", "decided_by"))
        self.pending: ProtectionExtension | None = next(
            (item for item in self.extensions if item.status == ExtensionStatus.PENDING), None
        )
        protected = registration.status == RegistrationStatus.APPROVED and registration.protected_until is not None
        self.can_ask = protected and self.pending is None
        self.ask = ExtensionRequestForm(request.POST if self.action == "extend" else None, prefix="extend")
        deciding = self.action in ("grant", "refuse")
        self.decide = ExtensionDecisionForm(
            request.POST if deciding else None, initial={"decided_on": today()}, prefix="extension"
        )

    def context(self) -> dict[str, object]:
        return {
            "extensions": self.extensions,
            "pending_extension": self.pending,
            "extension_ask": self.ask if self.can_ask else None,
            "extension_decide": self.decide if self.manager and self.pending is not None else None,
        }

    def handle(self) -> HttpResponseBase | None:
        """Do the POSTed action; a redirect when done, None when the page is shown again with the refusal."""
        user = self.request.user
        assert isinstance(user, User)
        if self.action in ("grant", "refuse"):
            require_manager_page(self.request, "Only the vendor's managers decide on an extension.")
        form = self.ask if self.action == "extend" else self.decide
        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            if self.action == "extend":
                protection.extension_request(
                    registration=self.registration, requested_on=today(), reason=data["reason"], acting_user=user
                )
                done = gettext(
                    "Your request for more time is sent; the vendor grants or refuses it before the protection ends."
                )
            elif self.pending is None:
                raise InvalidInput({"reason": [gettext("There is no extension request awaiting an answer.")]})
            elif self.action == "grant":
                granted = protection.extension_grant(
                    extension=self.pending, granted_on=data["decided_on"], acting_user=user, note=data["reason"]
                )
                assert granted.until_after is not None
                done = gettext("Extension granted: protected through %(until)s; the partner is emailed.") % {
                    "until": date_format(granted.until_after, "DATE_FORMAT")
                }
            else:
                protection.extension_refuse(
                    extension=self.pending, refused_on=data["decided_on"], reason=data["reason"], acting_user=user
                )
                done = gettext("Extension refused; the partner is told why by email.")
        except REFUSALS as error:
            refuse(form, error, fields=FIELDS)
            return None
        messages.success(self.request, done)
        return redirect("portal:deal", deal_id=self.registration.pk)
