"""A partner's users in the managers' console: the list with their Designated Partner Representative mark
(§7.3), the invitation form, marking or unmarking a representative, and deactivating a user after a
confirmation. Writes are `partners.services.users`' and `partners.invitations`' services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext

from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.partners.services.users import partner_user_deactivate, partner_user_set_representative
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object
from partnerhub.portal.manager_forms import DeactivateUserForm, RepresentativeForm
from partnerhub.portal.views.manage import acting_user, managing
from partnerhub.portal.views.partner import partner_page


def _members(partner: Partner) -> list[PartnerUser]:
    return list(PartnerUser.objects.filter(partner=partner).select_related("user").order_by("user__username"))


@managing
def users(request: HttpRequest, partner: Partner) -> HttpResponse:
    return partner_page(request, partner, "portal/manage/users.html", "manage", {"members": _members(partner)})


@managing
def representative(request: HttpRequest, partner: Partner, member_id: int) -> HttpResponseBase:
    if request.method != "POST":
        raise Http404("No such page.")
    member = visible_object(PartnerUser.objects.filter(partner=partner).select_related("user"), member_id)
    form = RepresentativeForm(request.POST)
    if form.is_valid():
        try:
            partner_user_set_representative(
                member=member,
                representative=form.cleaned_data["representative"],
                acting_user=acting_user(request),
                as_of=today(),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            said = (
                gettext("%(username)s is now a Designated Partner Representative.")
                if form.cleaned_data["representative"]
                else gettext("%(username)s is no longer a Designated Partner Representative.")
            )
            messages.success(request, said % {"username": member.user.get_username()})
            return redirect("portal:partner-users", pk=partner.pk)
    for problem in form.non_field_errors() + [e for errors in form.errors.values() for e in errors]:
        messages.error(request, gettext("Not changed: %(problem)s") % {"problem": problem})
    return redirect("portal:partner-users", pk=partner.pk)


@managing
def deactivate(request: HttpRequest, partner: Partner, member_id: int) -> HttpResponseBase:
    """Asks first (the page says what deactivation does), then deactivates on the confirmation."""
    member = visible_object(PartnerUser.objects.filter(partner=partner).select_related("user"), member_id)
    form = DeactivateUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner_user_deactivate(
                member=member, acting_user=acting_user(request), as_of=today(), reason=form.cleaned_data["reason"]
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                gettext("%(username)s is deactivated and can no longer sign in.")
                % {"username": member.user.get_username()},
            )
            return redirect("portal:partner-users", pk=partner.pk)
    return partner_page(
        request, partner, "portal/manage/user_deactivate.html", "manage", {"member": member, "form": form}
    )
