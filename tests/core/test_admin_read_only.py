"""No silent edits: the admin is read-only for every domain model, superusers included.

A superuser could otherwise change a deal's submission date (which decides referral-fee eligibility, §7.3)
with no timeline entry and no check. Changes go through the services, which record the event and send the mail.
"""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client, RequestFactory

pytestmark = pytest.mark.django_db
# The date of the demo the other demo tests read (tests/core/test_demo.py, tests/test_tenancy.py), so that a
# worker builds it once for all of them.
DEMO_AS_OF = dt.date(2019, 11, 20)


def domain_admins() -> list[tuple[type[Model], admin.ModelAdmin]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("partnerhub.")
    ]


def test_every_domain_model_is_registered_read_only_for_a_superuser() -> None:
    superuser = User.objects.create_superuser("root", "root@example.com", "pw")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    admins = domain_admins()

    assert len(admins) >= 30
    for model, model_admin in admins:
        label = model._meta.label
        assert model_admin.has_view_permission(request), label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label
        assert "delete_selected" not in model_admin.get_actions(request), label
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), (label, type(inline).__name__)
            assert not inline.has_change_permission(request), (label, type(inline).__name__)
            assert not inline.has_delete_permission(request), (label, type(inline).__name__)


@pytest.fixture(scope="module")
def programme(demo_programme) -> Iterator[None]:
    """The demo programme (every kind of row), built once for the demo tests' worker (tests/core/test_demo.py)."""
    with demo_programme(DEMO_AS_OF):
        yield


@pytest.mark.xdist_group("demo")
def test_a_superuser_gets_no_writable_form_for_any_domain_model(programme: None, password: str) -> None:
    root = User.objects.create_superuser("root", "root@example.com", password)
    client = Client()
    # Signed in directly: django-axes lets only sign-ins that come with a request through authenticate().
    client.force_login(root)
    walked = []

    for model, _ in domain_admins():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert client.get(base).status_code == 200, opts.label
        assert client.get(f"{base}add/").status_code == 403, opts.label
        row = model._default_manager.order_by("pk").first()
        if row is None:
            continue
        page = client.get(f"{base}{row.pk}/change/")
        assert page.status_code == 200, opts.label
        assert dict(page.context["adminform"].form.fields) == {}, opts.label
        for inline in page.context["inline_admin_formsets"]:
            # An inline form keeps only the hidden keys that tie its rows to the object, never an input.
            for form in inline.formset.forms:
                visible = [name for name, field in form.fields.items() if not field.widget.is_hidden]
                assert visible == [], (opts.label, visible)
        assert client.post(f"{base}{row.pk}/change/", {}).status_code == 403, opts.label
        assert client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403, opts.label
        assert model._default_manager.filter(pk=row.pk).exists(), opts.label
        walked.append(opts.label)

    # The demo fills most of the programme: the walk reached deals, fees, partners, people and policy versions.
    assert {"deals.Registration", "compensation.ReferralFee", "partners.Partner", "policystore.PolicyVersion"} <= set(
        walked
    )
