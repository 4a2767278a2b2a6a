"""The managers' console: work queues, partner list with filters, applications, work items, invoices."""

import datetime as dt

import pytest

from partnerhub.partners.models import Partner, PartnerStatus, WorkItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_manager(client, manager_user):
    client.force_login(manager_user)
    return client


@pytest.mark.parametrize(
    "page",
    [
        "/console/",
        "/console/partners/",
        "/console/applications/",
        "/console/work/",
        "/console/invoices/",
        "/console/deadlines/",
    ],
)
def test_console_pages_are_for_managers_only(client, partner_user, page):
    client.force_login(partner_user)

    assert client.get(page).status_code == 403


@pytest.mark.parametrize("page", ["/console/", "/console/partners/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_queues_count_applications_and_link_to_them(signed_in_manager, partner_in):
    applicant = partner_in("applied", name="Wingtip Toys")

    html = signed_in_manager.get("/console/").content.decode()

    assert "Applications" in html
    assert f'href="/console/applications/{applicant.pk}/"' in html


def test_a_long_queue_is_counted_up_to_a_bound_and_says_more_than(signed_in_manager, partner_in, monkeypatch):
    monkeypatch.setattr("partnerhub.portal.workqueues.COUNTED_UP_TO", 2)
    for name in ("Wingtip Toys", "Tailspin", "Fabrikam"):
        partner_in("applied", name=name)

    queues = {queue.key: queue for queue in signed_in_manager.get("/console/").context["queues"]}

    assert (queues["applications"].count, queues["applications"].shown_count) == (3, "more than 2")
    assert "more than 2" in signed_in_manager.get("/console/").content.decode()
    partner_in("registered", name="Northwind")
    monkeypatch.setattr("partnerhub.portal.workqueues.COUNTED_UP_TO", 3)
    assert signed_in_manager.get("/console/").context["queues"][0].shown_count == "3"


def test_the_partner_list_filters_by_status_and_name(signed_in_manager, partner_in):
    partner_in("applied", name="Wingtip Toys")
    partner_in("approved", name="Tailspin")

    applied = signed_in_manager.get("/console/partners/?status=applied").content.decode()
    named = signed_in_manager.get("/console/partners/?name=tail").content.decode()

    assert "Wingtip Toys" in applied and "Tailspin" not in applied
    assert "Tailspin" in named and "Wingtip Toys" not in named


def test_the_partner_list_filters_by_region(signed_in_manager, partner_in):
    partner_in("approved", name="Tailspin", regions=("APAC",), territories=("JP",))
    partner_in("approved", name="Litware", regions=("EMEA",))

    html = signed_in_manager.get("/console/partners/?region=APAC").content.decode()

    assert "Tailspin" in html and "Litware" not in html


def test_the_partner_list_is_paginated(signed_in_manager, partner_in):
    for number in range(23):
        partner_in("applied", name=f"Applicant {number:02}")

    first = signed_in_manager.get("/console/partners/").content.decode()
    second = signed_in_manager.get("/console/partners/?page=2").content.decode()

    assert "Page 1 of 2" in first and "Applicant 00" in first and "Applicant 22" not in first
    assert "Applicant 22" in second


def test_a_manager_approves_an_application(signed_in_manager, partner_in):
    applicant = partner_in("applied", name="Wingtip Toys")

    response = signed_in_manager.post(
        f"/console/applications/{applicant.pk}/",
        {"approve-approved_on": "2019-05-02", "approve-classification": "implementation"},
        follow=True,
    )

    applicant.refresh_from_db()
    assert applicant.status == PartnerStatus.APPROVED
    assert applicant.classification == "implementation"
    assert applicant.invoices.count() == 1
    assert "is approved" in response.content.decode()


def test_an_approval_refused_by_the_service_shows_why_and_keeps_the_input(signed_in_manager, partner_in, db_state):
    applicant = partner_in("applied", name="Wingtip Toys", applied_on=dt.date(2019, 3, 1))
    before = db_state()

    response = signed_in_manager.post(
        f"/console/applications/{applicant.pk}/",
        {"approve-approved_on": "2019-02-01", "approve-classification": "alliance", "approve-reason": "kept"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_approve-approved_on_error"' in html
    assert 'value="kept"' in html
    assert db_state() == before


def test_a_rejection_needs_a_reason(signed_in_manager, partner_in, db_state):
    applicant = partner_in("applied", name="Wingtip Toys")
    before = db_state()

    response = signed_in_manager.post(
        f"/console/applications/{applicant.pk}/", {"reject-rejected_on": "2019-02-01", "reject-reason": ""}
    )

    assert 'id="id_reject-reason_error"' in response.content.decode()
    assert db_state() == before


def test_a_manager_rejects_an_application(signed_in_manager, partner_in):
    applicant = partner_in("applied", name="Wingtip Toys")

    signed_in_manager.post(
        f"/console/applications/{applicant.pk}/",
        {"reject-rejected_on": "2019-02-01", "reject-reason": "outside our markets"},
    )

    assert Partner.objects.get(pk=applicant.pk).status == PartnerStatus.REJECTED


def test_a_manager_closes_a_work_item(signed_in_manager, partner_in):
    partner = partner_in("approved", name="Tailspin")
    item = WorkItem.objects.create(
        partner=partner,
        kind="deactivation_due",
        key="x",
        message="window ended",
        section="2.0",
        opened_on=dt.date(2019, 1, 1),
    )

    listed = signed_in_manager.get("/console/work/").content.decode()
    signed_in_manager.post(f"/console/work/{item.pk}/", {"resolution": "kept: good prospects"})

    assert "window ended" in listed
    item.refresh_from_db()
    assert item.resolution == "kept: good prospects"


def test_the_invoice_list_filters_by_status(signed_in_manager, partner_in):
    partner_in("approved", name="Tailspin")

    open_ = signed_in_manager.get("/console/invoices/?status=open").content.decode()
    paid = signed_in_manager.get("/console/invoices/?status=paid").content.decode()

    assert "Tailspin" in open_
    assert "Tailspin" not in paid
