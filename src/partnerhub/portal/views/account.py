"""Signing in and accounts: the portal's sign-in form (Django's), which hands the signed-in user to
django-allauth so that a second factor is asked for when the user has one; invitations (a manager invites a
partner's user, who sets a first password through the mailed link); the security event log for managers."""

from __future__ import annotations

from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerhub.core import forms
from partnerhub.core.invitations import InvitationInvalid, invited_user
from partnerhub.core.models import SecurityEvent, SecurityEventKind
from partnerhub.core.permissions import manager_required
from partnerhub.core.security import record_security_event
from partnerhub.partners.invitations import partner_user_invite
from partnerhub.portal.common import REFUSALS, paginate, refuse, today, visible_partner


class PortalLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # allauth's password login flow: it records the password step (so that setting up MFA right after
        # needs no second password prompt) and runs its stages (the TOTP code, if the user set one up).
        user = form.get_user()
        response: HttpResponse = perform_password_login(
            self.request,
            {"username": user.get_username()},
            Login(user=user, redirect_url=self.get_success_url()),
        )
        return response


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    representative = forms.BooleanField(
        label=_("Designated Partner Representative (registers deals, §7.3)"), required=False
    )


@manager_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    partner = visible_partner(request, pk)
    back = "portal:partner-users" if request.POST.get("return_to") == "users" else "portal:partner"
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = partner_user_invite(
                partner=partner,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                representative=data["representative"],
                acting_user=request.user,  # type: ignore[arg-type]
                as_of=today(),
                link_for=lambda token: request.build_absolute_uri(reverse("portal:invitation", args=[token])),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            messages.success(
                request, gettext("Invitation sent to %(email)s; the link works once.") % {"email": member.user.email}
            )
            return redirect(back, pk=partner.pk)
    for field, problems in form.errors.items():
        for problem in problems:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(
                request,
                gettext("Invitation not sent: %(problem)s") % {"problem": f"{label}: {problem}" if label else problem},
            )
    return redirect(back, pk=partner.pk)


@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee sets a first password (Django's password validators apply) and is signed in."""
    try:
        user = invited_user(token)
    except InvitationInvalid as error:
        return render(request, "portal/invitation.html", {"refusal": str(error)}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_security_event(SecurityEventKind.INVITATION_ACCEPTED, request=request, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, gettext("Your password is set and you are signed in."))
        return redirect("portal:home")
    return render(request, "portal/invitation.html", {"form": form, "invitee": user})


class SecurityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *SecurityEventKind.choices], required=False
    )
    username = forms.CharField(label=_("User name"), max_length=150, required=False)


@manager_required
def security_log(request: HttpRequest) -> HttpResponse:
    form = SecurityFilterForm(request.GET or None)
    events = SecurityEvent.objects.select_related("user")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            events = events.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["username"]:
            events = events.filter(username=form.cleaned_data["username"])
    return render(
        request,
        "portal/console/security.html",
        {"form": form, "page_obj": paginate(request, events), "active": "security"},
    )
