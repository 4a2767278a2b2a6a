"""The managers' search box: partners, deal registrations and people matching the words typed, a few of each,
each list read through its app's tenancy-scoped selector like the lists it links to."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from partnerhub.core.permissions import manager_required
from partnerhub.deals.selectors import search_registrations, visible_registrations
from partnerhub.partners.selectors import visible_partners
from partnerhub.people.selectors import visible_people
from partnerhub.portal.forms import SearchForm
from partnerhub.portal.views.console import console_page

SHOWN = 10


@manager_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"search_form": form, "shown": SHOWN}
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        partners = visible_partners(request.user)
        people = visible_people(request.user).prefetch_related(None)
        for word in text.split():
            partners = partners.filter(name__icontains=word)
            people = people.filter(Q(name__icontains=word) | Q(email__icontains=word))
        deals = search_registrations(visible_registrations(request.user).prefetch_related(None), text)
        context.update(
            q=text,
            partners=list(partners.order_by("name", "id")[: SHOWN + 1]),
            deals=list(deals.select_related("partner").order_by("-submitted_on", "-id")[: SHOWN + 1]),
            people=list(people.order_by("name", "id")[: SHOWN + 1]),
        )
    return console_page(request, "portal/console/search.html", "", context, status=400 if form.errors else 200)
