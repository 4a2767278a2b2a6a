"""The public application page (§2.0 "request to enroll"): a prospect applies without an account, and the
application waits in the managers' applications queue; users are invited once a manager approves it.

The page is open to anyone, so it guards itself: Django's CSRF check, a limit of applications per client
address and hour (`PUBLIC_APPLICATIONS_PER_HOUR`, counted in the cache like the sign-in lockouts), and a
field hidden from people that only robots fill in. A trapped or throttled submission writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from partnerhub.core.security import client_ip
from partnerhub.partners.models import PartnerKind
from partnerhub.partners.services.application import partner_apply
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today
from partnerhub.portal.forms import ApplicationForm

if TYPE_CHECKING:
    # A label that may be lazily translated (django-stubs' name for str or a Promise).
    from django_stubs_ext import StrOrPromise

THROTTLE_SECONDS = 3600


def _over_the_limit(request: HttpRequest) -> bool:
    """Count this address's application; True once it has sent more than the hour allows."""
    key = f"portal:apply:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, THROTTLE_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, THROTTLE_SECONDS)
        count = 1
    return bool(count > settings.PUBLIC_APPLICATIONS_PER_HOUR)


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    as_of = today()
    policy = panels.policy_or_none(as_of)
    if policy is None:
        return render(request, "portal/apply.html", {"closed": True}, status=503)
    choices: dict[str, Sequence[tuple[str, StrOrPromise]]] = {
        "kinds": PartnerKind.choices,
        "classifications": [(c.key, c.name) for c in policy.classifications],
        "regions": [(r.key, r.name) for r in policy.regions],
        "products": [(p.key, p.name) for p in policy.products],
    }
    form = ApplicationForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A robot: answered as if received, so that it learns nothing; nothing is written.
            return render(request, "portal/apply_received.html", {"name": data["name"]})
        if _over_the_limit(request):
            form.add_error(
                None,
                "Too many applications were sent from your address in the last hour. Please try again later.",
            )
            return render(request, "portal/apply.html", {"form": form}, status=429)
        try:
            partner_apply(
                name=data["name"],
                kind=data["kind"],
                classification=data["classification"],
                regions=data["regions"],
                territories=data["territories"],
                products=data["products"],
                contact_email=data["contact_email"],
                solution_name=data["solution_name"],
                applied_on=as_of,
                acting_user=None,
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            return render(request, "portal/apply_received.html", {"name": data["name"]})
    return render(request, "portal/apply.html", {"form": form})
