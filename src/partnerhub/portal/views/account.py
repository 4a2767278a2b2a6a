"""Signing in and accounts: the portal's sign-in form (Django's), which hands the signed-in user to
django-allauth so that a second factor is asked for when the user has one; an invitee's first password."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpResponse


class PortalLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # allauth's login flow runs its stages (the TOTP code, if the user set one up) before signing in.
        response: HttpResponse = perform_login(self.request, form.get_user(), redirect_url=self.get_success_url())
        return response
