from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from partnerhub.core.permissions import is_manager
from partnerhub.partners.selectors import partner_for_user


def home(request: HttpRequest) -> HttpResponseBase:
    """The dashboard; anonymous visitors get the sign-in form right here rather than a redirect."""
    if not request.user.is_authenticated:
        return LoginView.as_view(template_name="portal/login.html")(request)
    return render(
        request,
        "portal/home.html",
        {"is_manager": is_manager(request.user), "partner": partner_for_user(request.user)},
    )
