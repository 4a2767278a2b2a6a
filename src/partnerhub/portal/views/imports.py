"""Orders imported from a CSV file in the console: the file is taken, a job imports it (all or nothing) and
its page shows the progress, then how many orders were imported or every problem that refused the file."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from partnerhub.core.permissions import manager_required
from partnerhub.deals.background import start_orders_import
from partnerhub.portal.forms import OrderImportForm
from partnerhub.portal.views.console import console_page

# Larger files are refused before they are stored (MAX_UPLOAD_BYTES is for documents, far smaller).
MAX_IMPORT_BYTES = 50 * 1024 * 1024


@manager_required
def orders_import(request: HttpRequest) -> HttpResponse:
    form = OrderImportForm(request.POST, request.FILES) if request.method == "POST" else OrderImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
        else:
            job = start_orders_import(
                content=upload.read(),
                filename=upload.name or "orders.csv",
                dry_run=form.cleaned_data["dry_run"],
                user=cast(User, request.user),
            )
            return redirect("portal:console-job", job.pk)
    status = 400 if form.errors else 200
    return console_page(request, "portal/console/orders_import.html", "deals", {"form": form}, status=status)
