from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from partnerhub.core.permissions import is_manager
from partnerhub.portal.common import own_partner
from partnerhub.portal.views import console, partner
from partnerhub.portal.views.account import PortalLoginView


def home(request: HttpRequest) -> HttpResponseBase:
    """Everyone's front door: the sign-in form for anonymous visitors (200, no redirect), the work queues for
    a vendor manager, the dashboard of its own partner for a partner user."""
    if not request.user.is_authenticated:
        return PortalLoginView.as_view()(request)
    if is_manager(request.user):
        return console.queues(request)
    mine = own_partner(request)
    if mine is None:
        return render(request, "portal/no_role.html")
    return partner.dashboard_page(request, mine)
