"""Account pieces a page may show: the managers' invitation form on a partner's dashboard."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from partnerhub.partners.models import Partner
from partnerhub.portal.views.account import InviteForm

register = template.Library()


@register.inclusion_tag("portal/partner/_invite.html", takes_context=True)
def invite_card(context: template.Context, partner: Partner, return_to: str = "") -> dict[str, Any]:
    """`return_to="users"`: after sending, back to the partner's users page rather than its dashboard."""
    return {
        "partner": partner,
        "return_to": return_to,
        "invite_form": InviteForm(initial={"email": partner.contact_email}),
        "invitation_days": settings.INVITATION_MAX_AGE_DAYS,
        "csrf_token": context.get("csrf_token"),
    }
