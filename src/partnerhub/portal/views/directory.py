"""The public partner directory (docs/directory.md): the page anyone reaches from the sign-in page, and a partner's
own page where its representative chooses whether to be listed and edits what it publishes.

The public page reads `directory.selectors` only, which answer public fields by construction; it takes no date
from the visitor (the directory is what the vendor publishes today). The profile page is one of the partner's
pages (another partner's is 404); its write is `directory.services.profile_update`, refused beside the field.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core import forms
from partnerhub.core.errors import InvalidInput
from partnerhub.core.permissions import is_manager
from partnerhub.directory import selectors
from partnerhub.directory.forms import DirectoryQueryForm, encode_cursor
from partnerhub.directory.models import DESCRIPTION_MAX
from partnerhub.directory.services import profile_update
from partnerhub.partners.selectors import is_representative
from partnerhub.portal import panels
from partnerhub.portal.common import REFUSALS, refuse, today, visible_partner
from partnerhub.portal.views.partner import partner_page


def public(request: HttpRequest) -> HttpResponse:
    """The directory on today's date, for anyone: searched, filtered, a page at a time."""
    as_of = today()
    policy = panels.policy_or_none(as_of)
    if policy is None or not policy.directory.enabled:
        return render(request, "portal/directory/public.html", {"closed": True}, status=404)
    form = DirectoryQueryForm(request.GET, policy=policy)
    try:
        page = selectors.directory_page(as_of, form.query())
    except InvalidInput:
        return render(request, "portal/directory/public.html", {"form": form, "entries": []}, status=400)
    following = None
    if page.next_after is not None:
        query = request.GET.copy()
        query["after"] = encode_cursor(page.next_after)
        following = query.urlencode()
    first = None
    if request.GET.get("after"):
        query = request.GET.copy()
        del query["after"]
        first = query.urlencode()
    regions = {r.key: r.name for r in policy.regions}
    products = {p.key: p.name for p in policy.products}
    return render(
        request,
        "portal/directory/public.html",
        {
            "form": form,
            "entries": page.entries,
            "next_query": following,
            "first_query": first,
            "regions": regions,
            "products": products,
            "as_of": as_of,
        },
    )


class ProfileForm(forms.Form):
    listed = forms.BooleanField(
        required=False,
        label=_("List us in the public partner directory"),
        help_text=_("Shown only while we are a Registered Partner in good standing."),
    )
    description = forms.CharField(
        required=False,
        label=_("Public description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(_("What visitors read about you; at most {limit} characters."), limit=DESCRIPTION_MAX),
    )
    website = forms.CharField(required=False, label=_("Web site"), help_text=_("Starting with https:// or http://"))
    public_email = forms.CharField(required=False, label=_("Public contact e-mail"))


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponseBase:
    partner = visible_partner(request, pk)
    # A vendor manager, or the partner's Designated Partner Representative: the one who speaks for it (§7.3).
    may_edit = is_manager(request.user) or is_representative(request.user, partner)
    current = selectors.profile_of(partner)
    initial = {
        "listed": current.listed if current else False,
        "description": current.description if current else "",
        "website": current.website if current else "",
        "public_email": current.public_email if current else "",
    }
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(
                gettext("Only the partner's Designated Partner Representative edits its public profile.")
            )
        if form.is_valid():
            user = request.user
            assert isinstance(user, User)
            try:
                profile_update(partner=partner, acting_user=user, as_of=today(), **form.cleaned_data)
            except REFUSALS as error:
                refuse(form, error)
            else:
                messages.success(request, gettext("The public profile is saved."))
                return redirect("portal:partner-directory", pk=partner.pk)
    as_of = today()
    policy = panels.policy_or_none(as_of)
    listing = selectors.listing_for(partner, as_of) if policy is not None else None
    return partner_page(
        request,
        partner,
        "portal/directory/profile.html",
        "directory",
        {"form": form, "may_edit": may_edit, "listing": listing, "profile": current},
    )
