"""The pages over the other apps' capabilities: deals, people, benefits, statements, notices, evaluations,
requests and reports. Each page asks the app's selectors; each form's refusal comes from its service and
is shown beside the field, with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from partnerhub.benefits.models import BenefitRequest
from partnerhub.compensation import statements as fee_statements
from partnerhub.core.languages import choose_language
from partnerhub.deals import services as deals
from partnerhub.deals.models import Registration
from partnerhub.evaluations.models import EvaluationDecision, Scorecard
from partnerhub.evaluations.services.runs import evaluation_run_create
from partnerhub.partners.models import PartnerUser
from partnerhub.people.models import Certification, Person
from partnerhub.people.services.persons import person_create

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def contoso(partner_in):
    return partner_in("registered", name="Contoso", classification="implementation", territories=("DE", "AT"))


@pytest.fixture
def carla(contoso, password):
    user = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=user, partner=contoso, representative=True)
    return user


@pytest.fixture
def fabrikam(partner_in):
    return partner_in("registered", name="Fabrikam", territories=("FR",))


@pytest.fixture
def as_carla(client, carla):
    client.force_login(carla)
    return client


def register(partner, user, customer="Siemens Healthineers", title="Service desk", country="DE"):
    return deals.registration_submit(
        partner=partner,
        end_customer=customer,
        title=title,
        country=country,
        estimated_value=Decimal("1000"),
        consent_confirmed=True,
        submitted_on=TODAY,
        acting_user=user,
    )


# -- deals ------------------------------------------------------------------------------------------------


def test_a_representative_registers_a_deal_and_lands_on_it_pending(as_carla, contoso):
    response = as_carla.post(
        f"/partners/{contoso.pk}/deals/new/",
        {
            "end_customer": "Siemens",
            "opportunity": "Help desk",
            "country": "DE",
            "estimated_value": "5000",
            "consent_confirmed": "on",
        },
        follow=True,
    )

    registration = Registration.objects.get()
    assert response.redirect_chain[-1][0] == f"/deals/{registration.pk}/"
    assert registration.status == "pending"
    assert "registered and pending" in response.content.decode()


def test_without_consent_the_deals_service_refuses_beside_the_checkbox(as_carla, contoso, db_state):
    before = db_state()

    response = as_carla.post(
        f"/partners/{contoso.pk}/deals/new/",
        {"end_customer": "Siemens", "opportunity": "Help desk", "country": "DE", "estimated_value": "5000"},
    )

    html = response.content.decode()
    assert 'id="id_consent_confirmed_error"' in html
    assert "§7.3" in html
    assert 'value="Siemens"' in html
    assert db_state() == before


def test_a_country_outside_the_territories_is_refused_beside_the_country(as_carla, contoso, db_state):
    before = db_state()

    response = as_carla.post(
        f"/partners/{contoso.pk}/deals/new/",
        {
            "end_customer": "Renault",
            "opportunity": "Chatbot",
            "country": "FR",
            "estimated_value": "5000",
            "consent_confirmed": "on",
        },
    )

    assert 'id="id_country_error"' in response.content.decode()
    assert db_state() == before


def test_the_deal_list_filters_by_status_and_search(as_carla, contoso, carla):
    register(contoso, carla, "Siemens", "Help desk")
    register(contoso, carla, "Bosch", "HR assistant")

    found = as_carla.get(f"/partners/{contoso.pk}/deals/?q=bosch").content.decode()
    approved = as_carla.get(f"/partners/{contoso.pk}/deals/?status=approved").content.decode()

    assert "Bosch" in found and "Siemens" not in found
    assert "Bosch" not in approved


def test_another_partners_deal_is_not_found_and_a_partner_cannot_decide(as_carla, contoso, carla, fabrikam):
    other = deals.registration_submit(
        partner=fabrikam,
        end_customer="Renault",
        title="Chatbot",
        country="FR",
        estimated_value=Decimal("1"),
        consent_confirmed=True,
        submitted_on=TODAY,
        acting_user=User.objects.get(username="manager"),
        recorded_from_email=True,
    )
    own = register(contoso, carla)

    assert as_carla.get(f"/deals/{other.pk}/").status_code == 404
    assert as_carla.post(f"/deals/{own.pk}/", {"action": "approve", "decide-decided_on": str(TODAY)}).status_code == 403
    own.refresh_from_db()
    assert own.status == "pending"


def test_the_manager_compares_a_conflict_side_by_side_and_approves(as_manager, contoso, carla, fabrikam):
    own = register(contoso, carla, "Globex GmbH", "Amelia pilot")
    other = deals.registration_submit(
        partner=fabrikam,
        end_customer="GLOBEX",
        title="Amelia Pilot",
        country="FR",
        estimated_value=Decimal("1"),
        consent_confirmed=True,
        submitted_on=TODAY,
        acting_user=User.objects.get(username="manager"),
        recorded_from_email=True,
    )

    page = as_manager.get(f"/deals/{own.pk}/").content.decode()
    assert "Conflict:" in page and f'href="/deals/{other.pk}/"' in page
    queue = as_manager.get("/console/deals/").content.decode()
    assert f'href="/deals/{own.pk}/"' in queue and "Conflict" in queue

    as_manager.post(f"/deals/{own.pk}/", {"action": "approve", "decide-decided_on": str(TODAY), "decide-reason": ""})

    own.refresh_from_db()
    assert own.status == "approved"


def test_a_rejection_without_reason_is_refused_beside_the_reason(as_manager, contoso, carla, db_state):
    own = register(contoso, carla)
    before = db_state()

    response = as_manager.post(
        f"/deals/{own.pk}/", {"action": "reject", "decide-decided_on": str(TODAY), "decide-reason": ""}
    )

    assert 'id="id_decide-reason_error"' in response.content.decode()
    assert db_state() == before


# -- people -----------------------------------------------------------------------------------------------


def test_a_partner_adds_a_person_and_records_a_certification(as_carla, contoso):
    response = as_carla.post(
        f"/partners/{contoso.pk}/people/new/",
        {"name": "Ines Costa", "email": "ines@contoso.example", "region": "EMEA", "roles": ["technical"]},
        follow=True,
    )
    person = Person.objects.get(name="Ines Costa")
    assert response.redirect_chain[-1][0] == f"/people/{person.pk}/"

    as_carla.post(
        f"/people/{person.pk}/",
        {"action": "certify", "cert-kind": "cie", "cert-product": "amelia", "cert-earned_on": str(TODAY)},
    )

    assert Certification.objects.filter(person=person, kind="cie", product="amelia").exists()
    listed = as_carla.get(f"/partners/{contoso.pk}/people/").content.decode()
    assert "Ines Costa" in listed and "CIE" in listed


def test_a_region_the_partner_is_not_authorized_in_is_refused_beside_the_region(as_carla, contoso, db_state):
    before = db_state()

    response = as_carla.post(
        f"/partners/{contoso.pk}/people/new/",
        {"name": "Wen Li", "email": "wen@contoso.example", "region": "APAC", "roles": ["sales"]},
    )

    assert 'id="id_region_error"' in response.content.decode()
    assert db_state() == before


def test_another_partners_person_is_not_found(as_carla, fabrikam, manager_user):
    person = person_create(
        partner=fabrikam,
        name="Ana",
        email="ana@fabrikam.example",
        region="EMEA",
        roles=["sales"],
        acting_user=manager_user,
        as_of=TODAY,
    )

    assert as_carla.get(f"/people/{person.pk}/").status_code == 404


# -- benefits ---------------------------------------------------------------------------------------------


def test_a_benefit_that_may_cost_needs_the_acknowledgement(as_carla, contoso, db_state):
    before = db_state()

    refused = as_carla.post(
        f"/partners/{contoso.pk}/benefits/technical_classroom_training/request/", {"details": "Two seats"}
    )
    assert 'id="id_acknowledged_cost_error"' in refused.content.decode()
    assert db_state() == before

    as_carla.post(
        f"/partners/{contoso.pk}/benefits/technical_classroom_training/request/",
        {"details": "Two seats", "acknowledged_cost": "on"},
    )
    assert BenefitRequest.objects.get().acknowledged_cost is True


def test_a_benefit_the_classification_does_not_offer_is_not_found(client, fabrikam, password):
    user = User.objects.create_user("fred", password=password)
    PartnerUser.objects.create(user=user, partner=fabrikam)
    client.force_login(user)

    assert client.get(f"/partners/{fabrikam.pk}/benefits/amelia_sandbox/request/").status_code == 404


def test_the_manager_answers_a_request(as_manager, contoso, carla):
    from partnerhub.benefits.services import benefit_requests

    request = benefit_requests.benefit_request_create(
        partner=contoso,
        benefit="amelia_sandbox",
        details="demo",
        acknowledged_cost=False,
        requested_on=TODAY,
        acting_user=carla,
    )
    queue = as_manager.get("/console/requests/").content.decode()
    assert f"/console/requests/benefits/{request.pk}/fulfil/" in queue

    as_manager.post(f"/console/requests/benefits/{request.pk}/fulfil/", {"on": str(TODAY), "note": "ready"})

    request.refresh_from_db()
    assert request.status == "fulfilled"


# -- documents ---------------------------------------------------------------------------------------------


def test_invoices_download_as_pdf_and_statements_link_their_csv(as_carla, contoso):
    invoice = contoso.invoices.get()

    pdf = as_carla.get(f"/invoices/{invoice.pk}/pdf/")
    statements = as_carla.get(f"/partners/{contoso.pk}/statements/").content.decode()

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert f"/api/v1/referral-fees/statement.csv?partner={contoso.pk}" in statements


def test_a_statement_too_large_for_a_request_offers_the_export_job_not_the_api_link(as_carla, contoso, monkeypatch):
    monkeypatch.setattr(fee_statements, "is_large", lambda partner, year, quarter: True)

    page = as_carla.get(f"/partners/{contoso.pk}/statements/").content.decode()

    assert "/api/v1/referral-fees/statement.csv" not in page
    assert "too many decisions to download at once" in page
    assert reverse("portal:partner-referral-fees-csv", args=[contoso.pk]) in page


# -- evaluations and reports --------------------------------------------------------------------------------


@pytest.fixture
def evaluated(contoso, manager_user):
    return evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 5), acting_user=manager_user)


def test_the_evaluation_pages_show_the_run_its_scorecards_and_take_a_decision(as_manager, evaluated):
    card = Scorecard.objects.get(run=evaluated)

    runs = as_manager.get("/console/evaluations/").content.decode()
    run = as_manager.get(f"/console/evaluations/{evaluated.pk}/").content.decode()
    page = as_manager.get(f"/console/evaluations/{evaluated.pk}/scorecards/{card.pk}/").content.decode()

    assert "<svg" in runs and f"/console/evaluations/{evaluated.pk}/" in runs
    assert "Contoso" in run
    assert "Lines" in page

    as_manager.post(
        f"/console/evaluations/{evaluated.pk}/scorecards/{card.pk}/",
        {"choice": "override", "outcome": "at_risk", "reason": "watch it", "decided_on": "2019-07-10"},
    )
    decision = EvaluationDecision.objects.get(scorecard=card)
    assert (decision.outcome, decision.accepted) == ("at_risk", False)


def test_an_override_without_its_outcome_is_refused_beside_the_outcome(as_manager, evaluated):
    card = Scorecard.objects.get(run=evaluated)

    response = as_manager.post(
        f"/console/evaluations/{evaluated.pk}/scorecards/{card.pk}/",
        {"choice": "override", "outcome": "", "reason": "x", "decided_on": "2019-07-10"},
    )

    assert 'id="id_outcome_error"' in response.content.decode()
    assert not EvaluationDecision.objects.exists()


def test_the_reports_draw_three_charts_with_their_numbers(as_manager, evaluated, contoso, carla):
    register(contoso, carla)

    html = as_manager.get("/console/reports/").content.decode()

    assert html.count('<svg class="chart"') == 3
    assert html.count("<table>") == 3
    assert 'role="img"' in html


@pytest.mark.parametrize(
    "page", ["/console/evaluations/", "/console/requests/", "/console/reports/", "/console/deals/"]
)
def test_the_new_console_pages_are_for_managers_only(as_carla, page):
    assert as_carla.get(page).status_code == 403


def test_a_german_managers_refused_decision_reads_in_german_and_the_api_keeps_english(
    client, api_client, manager_user, contoso, carla
):
    own = register(contoso, carla)
    choose_language(user=manager_user, language="de")
    client.force_login(manager_user)

    page = client.post(
        f"/deals/{own.pk}/", {"action": "reject", "decide-decided_on": str(TODAY), "decide-reason": "   "}
    )
    assert "Sagen Sie, warum die Registrierung abgelehnt wird" in page.content.decode()
    own.refresh_from_db()
    assert own.status == "pending"

    manager = api_client(manager_user)
    reject = f"/api/v1/deals/{own.pk}/reject/"
    assert manager.post(reject, {"reason": "a duplicate"}, format="json").status_code == 200
    again = manager.post(reject, {"reason": "a duplicate"}, format="json", HTTP_ACCEPT_LANGUAGE="de")
    assert again.status_code == 409
    assert "is rejected; only a pending one can be rejected." in again.content.decode()
