"""Refusals in the portal are said in the portal's words: no API field names, dates as the portal writes dates.
One mapping (`portal.wording.in_user_words`) serves every refusal (`portal.common.refuse`), the messages above a
page and the texts the services wrote; the API keeps its own words."""

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string

from partnerhub.benefits.models import BenefitRequest
from partnerhub.core.models import Job, JobStatus
from partnerhub.partners.models import PartnerUser
from partnerhub.portal.wording import in_user_words

RERUN = (
    '2019Q3 was evaluated already (run 4 of 2019-10-16); send "rerun": true to evaluate it again — the earlier '
    "run is kept and notices are never sent twice"
)


def test_the_api_phrases_and_dates_become_the_portals():
    assert in_user_words(RERUN) == (
        "2019Q3 was evaluated already (run 4 of 16 October 2019); tick “Evaluate it again” to evaluate it again — "
        "the earlier run is kept and notices are never sent twice"
    )
    said = in_user_words(
        "May come with an associated cost. Send the request again with acknowledged_cost true once you have read this."
    )
    assert "acknowledged_cost" not in said
    assert said.endswith(
        "Tick “I understand this benefit may come with a cost” once you have read this, and send the request again."
    )


def test_what_only_looks_like_a_date_is_left_as_written():
    assert in_user_words("invoice 2019-13-45 and 2019-02-29") == "invoice 2019-13-45 and 2019-02-29"
    assert in_user_words("due 2020-02-29") == "due 29 February 2020"


@pytest.mark.django_db
def test_a_refused_benefit_request_asks_for_the_box_not_the_api_field(client, partner_in, db_state):
    contoso = partner_in("registered", classification="implementation")
    carl = User.objects.create_user("carl", email="carl@contoso.example")
    PartnerUser.objects.create(user=carl, partner=contoso, representative=True)
    client.force_login(carl)
    before = db_state()

    response = client.post(
        f"/partners/{contoso.pk}/benefits/technical_classroom_training/request/", {"details": "Two seats"}
    )

    html = response.content.decode()
    assert "acknowledged_cost" not in " ".join(response.context["form"].errors.get("acknowledged_cost", []))
    assert "Tick “I understand this benefit may come with a cost” once you have read this" in html
    assert "acknowledged_cost true" not in html
    assert db_state() == before
    assert BenefitRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_refused_date_is_written_as_the_portal_writes_dates(as_manager, partner_in, db_state):
    contoso = partner_in("registered")
    before = db_state()

    response = as_manager.post(
        f"/partners/{contoso.pk}/manage/terms/",
        {
            "step": "confirm",
            "regions": ["EMEA"],
            "territories": "DE, AT",
            "products": ["amelia"],
            "referral_fee_program": "yes",
            "referral_fee_percent": "",
            "reseller_agreement_signed": "no",
            "resale_discount_percent": "",
            "effective_on": "2019-03-01",
            "reason": "extended to Austria",
        },
    )

    errors = " ".join(response.context["form"].errors["effective_on"])
    assert errors == "1 March 2019 is before the approval (15 April 2019)"
    assert db_state() == before


@pytest.mark.django_db
def test_a_failed_jobs_reason_is_said_in_the_portals_words():
    job = Job(kind="evaluation", title="Evaluate 2019Q3", status=JobStatus.FAILED, error=RERUN)

    html = render_to_string("portal/jobs/_status.html", {"job": job, "finished": True})

    assert "tick “Evaluate it again”" in html and "16 October 2019" in html
    assert '"rerun"' not in html and "&quot;rerun&quot;" not in html
