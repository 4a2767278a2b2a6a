"""The managers' queue "Certifications to verify": what partner users entered is a claim that counts for
nothing until a vendor manager verifies it, or rejects it saying why (docs/dates-and-trust.md, §5.0)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.core.permissions import manager_required
from partnerhub.people import selectors
from partnerhub.people.models import CertificationStatus
from partnerhub.people.services.certifications import certification_reject, certification_verify
from partnerhub.portal import listing
from partnerhub.portal.common import REFUSALS, refuse, today, visible_object
from partnerhub.portal.forms import AnswerRequestForm
from partnerhub.portal.views.console import console_page


@manager_required
def queue(request: HttpRequest) -> HttpResponse:
    _filters, claims = listing.certifications(request.user, None, request.GET, today())
    return console_page(request, "portal/console/certifications.html", "certifications", {"claims": claims})


@manager_required
def answer(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in ("verify", "reject"):
        raise Http404
    found = visible_object(
        selectors.visible_certifications(request.user).filter(status=CertificationStatus.CLAIMED), pk
    )
    form = AnswerRequestForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        data = form.cleaned_data
        if action == "reject" and not data["note"].strip():
            form.add_error("note", _("Say why the certification is rejected: the partner is told."))
        else:
            try:
                if action == "verify":
                    certification_verify(certification=found, acting_user=user, as_of=data["on"])
                else:
                    certification_reject(certification=found, reason=data["note"], acting_user=user, as_of=data["on"])
            except REFUSALS as error:
                refuse(form, error, fields={"reason": "note"})
            else:
                said = (
                    gettext("The certification of %(name)s is verified: it counts now.")
                    if action == "verify"
                    else gettext("The certification of %(name)s is rejected; the partner is told.")
                )
                messages.success(request, said % {"name": found.person.name})
                return redirect("portal:console-certifications")
    context = {"item": found, "action": action, "form": form}
    return console_page(request, "portal/console/certification_answer.html", "certifications", context)
