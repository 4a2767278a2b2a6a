from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerhub.core.permissions import is_manager
from partnerhub.partners.selectors import partner_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"is_manager": is_manager(request.user), "partner": partner_for_user(request.user)},
    )
