"""The navigation every page shows, by role: a partner user's own partner pages, or the manager console."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerhub.core.permissions import is_manager
from partnerhub.partners.selectors import partner_for_user
from partnerhub.policystore.selectors import NoPolicyInForce, version_in_force

if TYPE_CHECKING:
    # A lazily translated label (django-stubs' name; Django's own class is Promise).
    from django.utils.functional import _StrPromise


def navigation(request: HttpRequest) -> dict[str, Any]:
    menu = _menu(request)
    return {**menu, "policy_version": _policy_version() if menu["nav"] else None}


def _policy_version() -> dt.date | None:
    try:
        return version_in_force(timezone.localdate()).version_date
    except NoPolicyInForce:
        return None


def _menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "is_manager": False, "own_partner": None}
    if is_manager(user):
        nav = [
            ("queues", _("Work queues"), reverse("portal:console")),
            ("partners", _("Partners"), reverse("portal:console-partners")),
            ("applications", _("Applications"), reverse("portal:console-applications")),
            ("deals", _("Deals"), reverse("portal:console-deals")),
            ("evaluations", _("Evaluations"), reverse("portal:console-evaluations")),
            ("requests", _("Requests"), reverse("portal:console-requests")),
            ("certifications", _("Certifications"), reverse("portal:console-certifications")),
            ("leads", _("Leads"), reverse("portal:console-leads")),
            ("marketplace", _("Marketplace"), reverse("portal:console-marketplace")),
            ("funds", _("Joint marketing"), reverse("portal:console-funds")),
            ("reports", _("Reports"), reverse("portal:console-reports")),
            ("invoices", _("Invoices"), reverse("portal:console-invoices")),
            ("referral-fees", _("Referral fees"), reverse("portal:console-referral-fees")),
            ("webhooks", _("Webhooks"), reverse("portal:console-webhooks")),
            ("security", _("Security"), reverse("portal:console-security")),
            ("outbox", _("Outbox"), reverse("portal:console-outbox")),
        ]
        return {"nav": nav, "is_manager": True, "own_partner": None}
    partner = partner_for_user(user)
    if partner is None:
        return {"nav": [], "is_manager": False, "own_partner": None}
    nav = [(key, label, partner_tab_url(key, partner.pk, own=True)) for key, label in PARTNER_TABS]
    return {"nav": nav, "is_manager": False, "own_partner": partner}


def partner_tab_url(key: str, partner_id: int, *, own: bool = False) -> str:
    """The page of tab `key` of partner `partner_id`; a partner user's own dashboard is the home page."""
    if key == "dashboard":
        return reverse("portal:home") if own else reverse("portal:partner", args=[partner_id])
    return reverse(f"portal:partner-{key}", args=[partner_id])


# The tabs of a partner's pages, in order; the first is the dashboard. Apps' pages add theirs here.
PARTNER_TABS: list[tuple[str, _StrPromise]] = [
    ("dashboard", _("Dashboard")),
    ("deals", _("Deals")),
    ("people", _("People")),
    ("benefits", _("Benefits")),
    ("leads", _("Leads and marketing")),
    ("funds", _("Joint marketing")),
    ("directory", _("Directory profile")),
    ("invoices", _("Invoices")),
    ("statements", _("Statements")),
    ("scorecards", _("Scorecards")),
    ("notices", _("Notices")),
    ("timeline", _("History")),
]

# The tabs only a vendor manager sees on a partner's pages, after the partner's own.
MANAGER_TABS: list[tuple[str, _StrPromise]] = [("manage", _("Manage"))]
