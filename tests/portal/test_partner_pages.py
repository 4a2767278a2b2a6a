"""A partner's pages: reachable by its own users and by managers; another partner's are 404."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(partner_in):
    return partner_in("approved", name="Contoso", approved_on=dt.date(2019, 4, 15))


@pytest.fixture
def contoso_user(contoso, password):
    user = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=user, partner=contoso, representative=True)
    return user


@pytest.fixture
def fabrikam(partner_in):
    return partner_in("approved", name="Fabrikam", approved_on=dt.date(2019, 4, 15))


def test_the_dashboard_shows_classification_status_and_the_open_invoice(client, contoso, contoso_user):
    client.force_login(contoso_user)

    html = client.get("/").content.decode()

    assert "Contoso" in html
    assert "Alliance Partner" in html
    assert "Approved" in html
    assert "Open invoices" in html
    invoice = Invoice.objects.get(partner=contoso)
    assert f'href="/invoices/{invoice.pk}/"' in html
    assert "Qualification window ends" in html


@pytest.mark.parametrize("page", ["", "invoices/", "history/"])
def test_another_partners_pages_are_not_found(client, contoso_user, fabrikam, page):
    client.force_login(contoso_user)

    response = client.get(f"/partners/{fabrikam.pk}/{page}")

    assert response.status_code == 404
    assert "Fabrikam" not in response.content.decode()


def test_another_partners_invoice_is_not_found(client, contoso_user, fabrikam):
    client.force_login(contoso_user)
    invoice = Invoice.objects.get(partner=fabrikam)

    assert client.get(f"/invoices/{invoice.pk}/").status_code == 404


@pytest.mark.parametrize("page", ["", "invoices/", "history/"])
def test_own_pages_open(client, contoso, contoso_user, page):
    client.force_login(contoso_user)

    assert client.get(f"/partners/{contoso.pk}/{page}").status_code == 200


def test_a_manager_opens_any_partners_pages_with_their_tabs(client, manager_user, contoso):
    client.force_login(manager_user)

    html = client.get(f"/partners/{contoso.pk}/").content.decode()

    assert 'aria-label="Contoso"' in html
    assert f'href="/partners/{contoso.pk}/history/"' in html


def test_the_history_lists_the_events_and_filters_by_kind(client, contoso, contoso_user):
    client.force_login(contoso_user)

    everything = client.get(f"/partners/{contoso.pk}/history/").content.decode()
    approved = client.get(f"/partners/{contoso.pk}/history/?kind=approved").content.decode()

    assert "Applied as Alliance Partner" in everything
    assert "Applied as Alliance Partner" not in approved
    assert "Approved as Alliance Partner" in approved


def test_htmx_gets_only_the_history_results(client, contoso, contoso_user):
    client.force_login(contoso_user)

    html = client.get(f"/partners/{contoso.pk}/history/?kind=approved", HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in html
    assert "Approved as Alliance Partner" in html


def test_a_partner_user_cannot_record_a_payment(client, contoso, contoso_user, db_state):
    client.force_login(contoso_user)
    invoice = Invoice.objects.get(partner=contoso)
    before = db_state()

    response = client.post(f"/invoices/{invoice.pk}/", {"paid_on": "2019-04-20"})

    assert response.status_code == 403
    assert db_state() == before


def test_a_manager_records_a_payment(client, manager_user, contoso):
    client.force_login(manager_user)
    invoice = Invoice.objects.get(partner=contoso)

    response = client.post(f"/invoices/{invoice.pk}/", {"paid_on": "2019-04-20", "reference": "T-1"}, follow=True)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert "recorded as paid" in response.content.decode()


def test_a_refused_payment_shows_the_error_beside_the_field_and_keeps_the_input(
    client, manager_user, contoso, db_state
):
    client.force_login(manager_user)
    invoice = Invoice.objects.get(partner=contoso)
    before = db_state()

    response = client.post(f"/invoices/{invoice.pk}/", {"paid_on": "2019-01-01", "reference": "T-2"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_paid_on_error"' in html
    assert "before the invoice was issued" in html
    assert 'value="T-2"' in html
    assert db_state() == before
