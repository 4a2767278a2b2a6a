"""The managers' webhooks page: register an endpoint and its events, see each delivery and what the
endpoint answered, send one again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from partnerhub.core import forms
from partnerhub.core.permissions import manager_required
from partnerhub.partners.models import Partner
from partnerhub.portal.common import paginate, refuse, visible_object
from partnerhub.portal.views.console import console_page
from partnerhub.webhooks import services
from partnerhub.webhooks.models import EVENT_TYPES, Delivery, Endpoint


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label=_("Every partner"),
        help_text=_("An endpoint of one partner receives that partner's events only."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=list(EVENT_TYPES.items()), widget=forms.CheckboxSelectMultiple
    )


@manager_required
def endpoints(request: HttpRequest) -> HttpResponseBase:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        try:
            endpoint = services.endpoint_create(
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                partner=form.cleaned_data["partner"],
                description=form.cleaned_data["description"],
                acting_user=user,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                gettext("Endpoint %(url)s registered; its signing secret is shown below.") % {"url": endpoint.url},
            )
            return redirect("portal:console-webhooks")
    deliveries = Delivery.objects.select_related("event", "endpoint", "partner").prefetch_related("attempt_log")
    context: dict[str, Any] = {
        "form": form,
        "endpoints": Endpoint.objects.select_related("partner").order_by("id"),
        "page_obj": paginate(request, deliveries.order_by("-id")),
    }
    return console_page(request, "portal/webhooks/endpoints.html", "webhooks", context)


@manager_required
@require_POST
def replay(request: HttpRequest, pk: int) -> HttpResponseBase:
    delivery = visible_object(Delivery.objects.all(), pk)
    services.delivery_replay(delivery=delivery)
    messages.success(request, f"Event {delivery.event_id} is being sent again to {delivery.endpoint.url}.")
    return redirect("portal:console-webhooks")
