"""The inbox every signed-in user has (what the program mailed it) and the vendor managers' outbox (every
mail the program wrote, with its recipients), both read from `core.inbox`.

A user's inbox holds its own mails only: another user's mail answers 404, as if it did not exist. The
outbox is the managers'; to anyone else it does not exist either (404), since it shows every partner's mail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from partnerhub.core import forms
from partnerhub.core.inbox import inbox, mark_all_read, mark_read, outbox, outbox_filtered, unread_count
from partnerhub.core.permissions import is_manager
from partnerhub.portal.common import paginate, visible_object
from partnerhub.portal.forms import DateInput
from partnerhub.portal.views.manage import acting_user


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"), choices=[("", _("All mails")), ("unread", _("Unread only"))], required=False
    )


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    mails = inbox(request.user)
    if form.is_valid() and form.cleaned_data["show"] == "unread":
        mails = mails.filter(read_at__isnull=True)
    page = paginate(request, mails)
    newest = page.object_list[0].pk if page.number == 1 and len(page.object_list) else None
    context = {"form": form, "page_obj": page, "newest": newest, "unread": unread_count(request.user)}
    return render(request, "portal/inbox/list.html", {**context, "active": "inbox"})


@login_required
def inbox_link(request: HttpRequest) -> HttpResponse:
    """The header's Inbox link with the unread count, which every page asks for once it is shown: rendered
    without the pages' context (the navigation's queries), so it costs the count and the sign-in alone."""
    context = {"unread": unread_count(request.user), "current": request.GET.get("current") == "1"}
    return HttpResponse(render_to_string("portal/inbox/_link.html", context))


@login_required
def inbox_mail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = visible_object(inbox(request.user), pk)
    return render(request, "portal/inbox/mail.html", {"delivery": delivery, "active": "inbox"})


class MarkForm(forms.Form):
    read = forms.TypedChoiceField(
        choices=[("1", "read"), ("0", "unread")], coerce=lambda value: value == "1", empty_value=None
    )


@login_required
@require_POST
def inbox_mark(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = visible_object(inbox(request.user), pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose whether to mark the mail read or unread."))
        return redirect("portal:inbox-mail", pk=delivery.pk)
    mark_read(user=acting_user(request), delivery=delivery, read=form.cleaned_data["read"], at=timezone.now())
    messages.success(
        request,
        (
            gettext("“%(subject)s” is marked read.")
            if form.cleaned_data["read"]
            else gettext("“%(subject)s” is marked unread.")
        )
        % {"subject": delivery.mail.subject},
    )
    return redirect("portal:inbox")


class MarkAllForm(forms.Form):
    up_to = forms.IntegerField(min_value=1, error_messages={"required": "", "invalid": "", "min_value": ""})


@login_required
@require_POST
def inbox_mark_all(request: HttpRequest) -> HttpResponse:
    form = MarkAllForm(request.POST)
    if not form.is_valid():
        # Only a hand-made request gets here: the page sends the newest mail it listed.
        messages.error(
            request, gettext("Nothing was marked: the list of mails to mark was not understood. Reload the inbox.")
        )
        return redirect("portal:inbox")
    marked = mark_all_read(user=acting_user(request), up_to=form.cleaned_data["up_to"], at=timezone.now())
    messages.success(request, ngettext("%(n)s mail marked read.", "%(n)s mails marked read.", marked) % {"n": marked})
    return redirect("portal:inbox")


class OutboxFilterForm(forms.Form):
    text = forms.CharField(label=_("Subject or text"), max_length=100, required=False)
    recipient = forms.CharField(label=_("Recipient"), max_length=254, required=False)
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("Any")),
            ("sent", _("Sent")),
            ("pending", _("Waiting to be sent")),
            ("failing", _("Sending failed")),
        ],
        required=False,
    )
    since = forms.DateField(label=_("Written on or after"), required=False, widget=DateInput())


def _manager_only(request: HttpRequest) -> None:
    if not is_manager(request.user):
        raise Http404("No such page.")


@login_required
def outbox_page(request: HttpRequest) -> HttpResponse:
    _manager_only(request)
    form = OutboxFilterForm(request.GET or None)
    mails = outbox_filtered(**form.cleaned_data) if form.is_valid() else outbox()
    if form.is_bound and not form.is_valid():
        mails = mails.none()
    return render(
        request,
        "portal/console/outbox.html",
        {"form": form, "page_obj": paginate(request, mails.prefetch_related("deliveries")), "active": "outbox"},
    )


@login_required
def outbox_mail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager_only(request)
    mail = visible_object(outbox(), pk)
    deliveries = mail.deliveries.select_related("user").order_by("pk")
    return render(
        request, "portal/console/outbox_mail.html", {"mail": mail, "deliveries": deliveries, "active": "outbox"}
    )
