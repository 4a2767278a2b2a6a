"""A partner's own scorecards: one per evaluated quarter (the last run's), with the lines the vendor sees,
activity rows included; the dashboard shows the latest evaluation and this quarter's activity; another
partner's scorecards are 404."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from partnerhub.evaluations.models import Scorecard
from partnerhub.evaluations.services.runs import evaluation_run_create
from partnerhub.partners.models import PartnerUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def contoso(partner_in):
    return partner_in("registered", name="Contoso", approved_on=dt.date(2019, 4, 15))


@pytest.fixture
def fabrikam(partner_in):
    return partner_in("registered", name="Fabrikam", approved_on=dt.date(2019, 4, 15), territories=("FR",))


@pytest.fixture
def as_carla(client, contoso, password):
    carla = User.objects.create_user("carla", password=password, email="carla@contoso.example")
    PartnerUser.objects.create(user=carla, partner=contoso, representative=True)
    client.force_login(carla)
    return client


@pytest.fixture
def evaluated(contoso, fabrikam, manager_user):
    return evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 5), acting_user=manager_user)


def test_a_partner_lists_its_scorecards_per_quarter(as_carla, contoso, evaluated):
    html = as_carla.get(f"/partners/{contoso.pk}/scorecards/").content.decode()

    card = Scorecard.objects.get(run=evaluated, partner=contoso)
    assert f'href="/scorecards/{card.pk}/"' in html
    assert f"{evaluated.name} {evaluated.year}" in html


def test_a_rerun_replaces_the_quarters_scorecard_in_the_list(as_carla, contoso, evaluated, manager_user):
    rerun = evaluation_run_create(period="2019Q2", as_of=dt.date(2019, 7, 6), acting_user=manager_user, rerun=True)

    html = as_carla.get(f"/partners/{contoso.pk}/scorecards/").content.decode()

    assert f'href="/scorecards/{Scorecard.objects.get(run=rerun, partner=contoso).pk}/"' in html
    assert f'href="/scorecards/{Scorecard.objects.get(run=evaluated, partner=contoso).pk}/"' not in html


def test_the_partner_reads_the_same_lines_as_the_vendor_activity_rows_included(
    as_carla, client, contoso, evaluated, manager_user
):
    card = Scorecard.objects.get(run=evaluated, partner=contoso)
    partner_html = as_carla.get(f"/scorecards/{card.pk}/").content.decode()
    lines = partner_html[partner_html.index('id="lines-heading"') :]
    client.force_login(manager_user)
    vendor_html = client.get(f"/console/evaluations/{evaluated.pk}/scorecards/{card.pk}/").content.decode()

    assert lines.split("</section>")[0] == vendor_html[vendor_html.index('id="lines-heading"') :].split("</section>")[0]
    assert card.get_outcome_display() in partner_html
    assert "Qualified opportunities per quarter" in lines
    assert "Timely deal registration" in lines


def test_another_partners_scorecard_is_not_found(as_carla, fabrikam, evaluated):
    card = Scorecard.objects.get(run=evaluated, partner=fabrikam)

    assert as_carla.get(f"/scorecards/{card.pk}/").status_code == 404
    assert as_carla.get(f"/partners/{fabrikam.pk}/scorecards/").status_code == 404
    assert as_carla.get(f"/partners/{fabrikam.pk}/evaluation/").status_code == 404


def test_the_dashboard_loads_the_latest_evaluation_and_this_quarters_activity(as_carla, contoso, evaluated):
    card = Scorecard.objects.get(run=evaluated, partner=contoso)

    dashboard = as_carla.get("/").content.decode()
    html = as_carla.get(f"/partners/{contoso.pk}/evaluation/", headers={"HX-Request": "true"}).content.decode()

    assert f'hx-get="/partners/{contoso.pk}/evaluation/"' in dashboard
    assert "<html" not in html
    assert "Latest evaluation" in html
    assert f'href="/scorecards/{card.pk}/"' in html
    assert "Activity this quarter" in html
    activity = html[html.index('id="activity-heading"') :].split("</section>")[0]
    assert "Qualified opportunities per quarter" in activity
