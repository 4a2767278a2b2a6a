"""The demo programme `make run` loads: believable, alive on its "today", and idempotent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from partnerhub.deals.models import Registration, RegistrationConflict
from partnerhub.evaluations.models import EvaluationDecision, EvaluationRun, Notice
from partnerhub.partners.models import Partner
from partnerhub.people.selectors import partner_due_dates

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2019, 11, 20)


@pytest.fixture
def programme(published_policy) -> str:
    out = StringIO()
    call_command("demo", "--as-of", AS_OF.isoformat(), stdout=out)
    return out.getvalue()


def test_the_programme_is_believable_and_alive_on_its_today(programme):
    """One build (it takes a while), every promise of the demo checked on it."""
    partners = list(Partner.objects.all())
    assert 28 <= len(partners) <= 35
    assert {p.classification for p in partners} >= {"advisory", "alliance", "implementation", "solution", "oem"}
    assert {region for p in partners for region in p.regions} == {"AMER", "EMEA", "APAC"}
    assert {p.status for p in partners} >= {"applied", "approved", "registered", "deactivated", "terminated"}
    # deals in every status, with a conflict and a near duplicate for the managers to compare
    assert set(Registration.objects.values_list("status", flat=True)) == {
        "pending",
        "approved",
        "rejected",
        "won",
        "lost",
    }
    assert RegistrationConflict.objects.exists()
    assert Registration.objects.filter(end_customer__startswith="Fabrikam Bank").count() == 2
    # an evaluation with decisions and notices
    assert EvaluationRun.objects.count() >= 2
    assert EvaluationDecision.objects.exists()
    assert Notice.objects.exists()
    # certifications about to lapse, dated relative to the demo's today
    northwind = Partner.objects.get(name="Northwind Consulting")
    due = partner_due_dates(northwind, AS_OF, 30)
    assert any(item.kind == "certification" and AS_OF < item.due_on <= AS_OF + dt.timedelta(days=30) for item in due)


def test_built_once_and_pauls_sign_in_lands_on_his_dashboard(client, programme):
    counts = (Partner.objects.count(), Registration.objects.count(), EvaluationDecision.objects.count())
    again = StringIO()
    call_command("demo", "--as-of", AS_OF.isoformat(), stdout=again)
    assert (Partner.objects.count(), Registration.objects.count(), EvaluationDecision.objects.count()) == counts
    assert again.getvalue() == programme
    assert "demo login: partner paul / paul-demo-2019" in programme

    response = client.post("/", {"username": "paul", "password": "paul-demo-2019"}, follow=True)
    html = response.content.decode()

    assert "Alliance Partner" in html
    assert "Good standing" in html
    northwind = Partner.objects.get(name="Northwind Consulting")
    deals_url = f"/partners/{northwind.pk}/deals/"
    assert f'href="{deals_url}"' in html
    deals = client.get(deals_url)
    assert deals.status_code == 200
    assert "Deal registrations" in deals.content.decode()
