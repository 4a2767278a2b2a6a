"""Good standing through the API, from application to lapsed certifications (docs/policy.md#r2-3, R2.4, R2.7)."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner, PartnerEvent, PartnerUser

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.json()
    return response.json()


@pytest.fixture
def approved(api_client, manager_user) -> Partner:
    """Northwind, an Alliance partner approved on 2019-01-15 for EMEA and Amelia; its fee invoiced, unpaid."""
    manager = api_client(manager_user)
    applied = ok(
        manager.post(
            "/api/v1/partners/",
            {
                "name": "Northwind Consulting",
                "kind": "company",
                "classification": "alliance",
                "regions": ["EMEA"],
                "territories": ["GB", "DE"],
                "products": ["amelia"],
                "contact_email": "partners@northwind.example",
                "applied_on": "2019-01-10",
            },
            format="json",
        ),
        201,
    )
    ok(manager.post(f"/api/v1/partners/{applied['id']}/approve/", {"approved_on": "2019-01-15"}, format="json"))
    return Partner.objects.get(pk=applied["id"])


@pytest.fixture
def nora(approved, password) -> User:
    user = User.objects.create_user("nora", email="nora@northwind.example", password=password)
    PartnerUser.objects.create(user=user, partner=approved)
    return user


def staff_up(client, partner, on="2019-02-01"):
    """A partner manager, two certified sales people and one certified presales person, certified on `on`."""
    people = [
        ("Mia Manager", "mia", ["partner_manager"], None),
        ("Sam Sales", "sam", ["sales"], "sales"),
        ("Sue Sales", "sue", ["sales"], "sales"),
        ("Pat Presales", "pat", ["presales"], "presales"),
    ]
    for name, handle, roles, kind in people:
        person = ok(
            client.post(
                f"/api/v1/partners/{partner.pk}/people/?as_of={on}",
                {"name": name, "email": f"{handle}@northwind.example", "region": "EMEA", "roles": roles},
                format="json",
            ),
            201,
        )
        if kind:
            ok(
                client.post(
                    f"/api/v1/people/{person['id']}/certifications/?as_of={on}",
                    {"kind": kind, "earned_on": on},
                    format="json",
                ),
                201,
            )


def test_an_alliance_partner_in_good_standing_loses_it_when_its_certifications_lapse(
    api_client, manager_user, approved, nora
):
    partner_client = api_client(nora)
    manager = api_client(manager_user)

    staff_up(manager, approved)
    ok(
        manager.post(
            f"/api/v1/partners/{approved.pk}/compliance-verifications/?as_of=2019-02-05",
            {"verified_on": "2019-02-05"},
            format="json",
        ),
        201,
    )
    approved.refresh_from_db()
    assert approved.status == "approved", "the fee is not paid yet: not registered"

    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))
    approved.refresh_from_db()
    assert approved.status == "registered"
    assert approved.registered_on.isoformat() == "2019-02-10"
    registered = PartnerEvent.objects.get(partner=approved, kind="registered")
    assert "2.0" in registered.section

    good = ok(partner_client.get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": "2019-06-01"}))
    assert good["good_standing"] is True
    assert good["status"] == "registered"
    assert good["classification"] == "alliance"
    assert good["policy_version"] == "2018-01-31"
    assert all(reason["met"] for reason in good["reasons"])
    codes = {reason["code"] for reason in good["reasons"]}
    assert {"designated_partner_manager", "sales_resources", "presales_resources"} <= codes
    assert {"compliance_verification", "financial_standing", "program_fee_invoices"} <= codes
    assert {line["requirement"] for line in good["lines"]} >= {"sales_resources", "presales_resources"}

    lapsed = ok(partner_client.get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": "2020-03-01"}))
    assert lapsed["good_standing"] is False
    failed = {reason["code"]: reason for reason in lapsed["reasons"] if not reason["met"]}
    assert {"sales_resources", "presales_resources"} <= set(failed)
    assert failed["sales_resources"]["section"] == "5.0"
    assert "2 more certified sales resource(s)" in failed["sales_resources"]["message"]
    assert failed["presales_resources"]["section"] == "5.0"
    assert "designated_partner_manager" not in failed, "the partner manager needs no certification"
    sales_line = next(line for line in lapsed["lines"] if line["requirement"] == "sales_resources")
    assert sales_line["met"] is False
    assert sales_line["value"] == "0"
    assert sales_line["region"] == "EMEA"


def test_a_partner_user_cannot_read_another_partners_standing(api_client, approved, globex_user):
    client = api_client(globex_user)
    for path in ("standing", "due-dates", "compliance-verifications", "exceptions", "financial-standing"):
        response = client.get(f"/api/v1/partners/{approved.pk}/{path}/", {"as_of": "2019-06-01"})
        assert response.status_code == 404, path


def test_registration_waits_for_the_certifications(api_client, manager_user, approved, nora):
    manager = api_client(manager_user)
    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))
    approved.refresh_from_db()
    assert approved.status == "approved", "paid, but no certified people yet"

    staff_up(api_client(manager_user), approved, on="2019-03-01")

    approved.refresh_from_db()
    assert approved.status == "registered", "the last certification completed the minimum criteria (§2.0)"
    assert approved.registered_on.isoformat() == "2019-03-01"


def test_criteria_met_after_the_window_do_not_register(api_client, manager_user, approved, nora):
    manager = api_client(manager_user)
    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))

    staff_up(api_client(manager_user), approved, on="2019-08-01")  # the window ended on 2019-07-15

    approved.refresh_from_db()
    assert approved.status == "approved"


def test_the_standing_of_every_partner_at_once_is_for_managers(api_client, manager_user, approved, nora):
    response = api_client(manager_user).get("/api/v1/standing/", {"as_of": "2019-06-01"})
    body = ok(response)["results"]
    assert [item["name"] for item in body] == ["Northwind Consulting"]
    assert body[0]["good_standing"] is False
    assert any(r["code"] == "registered" and not r["met"] for r in body[0]["reasons"])
    assert api_client(manager_user).get("/api/v1/standing/", {"good_standing": "true"}).json() == {
        "next": None,
        "results": [],
    }
    assert api_client(nora).get("/api/v1/standing/").status_code == 403


def test_the_standing_of_every_partner_comes_a_page_at_a_time(api_client, manager_user, make_partner):
    for name in ("Delta", "Alpha", "Echo", "Charlie", "Bravo"):
        make_partner(name, status="terminated" if name in ("Bravo", "Delta") else "registered")
    manager = api_client(manager_user)

    def pages(**params):
        seen, url, params = [], "/api/v1/standing/", {"as_of": "2019-06-01", **params}
        while url:
            body = ok(manager.get(url, params))
            seen.append([item["name"] for item in body["results"]])
            url, params = body["next"], {}
        return seen

    assert pages(page_size=2) == [["Alpha", "Bravo"], ["Charlie", "Delta"], ["Echo"]]
    terminated = pages(page_size=1, good_standing="false")
    assert ["Bravo"] in terminated and ["Delta"] in terminated
    assert manager.get("/api/v1/standing/", {"page_size": "0"}).status_code == 400
    assert manager.get("/api/v1/standing/", {"cursor": "nonsense"}).status_code == 400


def test_standing_needs_a_date(api_client, manager_user, approved):
    response = api_client(manager_user).get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": "June"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_a_timeline_missed_breaks_good_standing_until_it_is_completed(api_client, manager_user, approved, nora):
    """§2.0: a partner must be compliant with the timelines communicated for program compliance."""
    partner_client = api_client(nora)
    manager = api_client(manager_user)
    staff_up(manager, approved)
    ok(
        manager.post(
            f"/api/v1/partners/{approved.pk}/compliance-verifications/?as_of=2019-02-05",
            {"verified_on": "2019-02-05"},
            format="json",
        ),
        201,
    )
    invoice = Invoice.objects.get(partner=approved)
    ok(manager.post(f"/api/v1/invoices/{invoice.pk}/pay/", {"paid_on": "2019-02-10"}, format="json"))

    timeline = ok(
        manager.post(
            f"/api/v1/partners/{approved.pk}/compliance-timelines/?as_of=2019-04-01",
            {
                "requirement": "Remove the outdated IPsoft logo from the partner web site",
                "section": "10.3",
                "communicated_on": "2019-04-01",
                "due_on": "2019-04-30",
            },
            format="json",
        ),
        201,
    )
    assert timeline["completed_on"] is None

    def standing(day: str) -> Any:
        return ok(partner_client.get(f"/api/v1/partners/{approved.pk}/standing/", {"as_of": day}))

    def timelines_reason(body: Any) -> Any:
        return next(reason for reason in body["reasons"] if reason["code"] == "compliance_timelines")

    assert standing("2019-04-30")["good_standing"] is True, "due on the 30th: not late yet"
    late = standing("2019-05-02")
    assert late["good_standing"] is False
    reason = timelines_reason(late)
    assert reason["met"] is False and reason["section"] == "2.0"
    assert "Remove the outdated IPsoft logo" in reason["message"] and "due 2019-04-30 (§10.3)" in reason["message"]

    assert (
        partner_client.post(
            f"/api/v1/compliance-timelines/{timeline['id']}/complete/", {"completed_on": "2019-05-03"}, format="json"
        ).status_code
        == 403
    )
    done = ok(
        manager.post(
            f"/api/v1/compliance-timelines/{timeline['id']}/complete/?as_of=2019-05-06",
            {"completed_on": "2019-05-05"},
            format="json",
        )
    )
    assert done["completed_on"] == "2019-05-05"
    assert standing("2019-05-04")["good_standing"] is False, "completion is dated: still late before it"
    assert standing("2019-05-06")["good_standing"] is True
    again = manager.post(
        f"/api/v1/compliance-timelines/{timeline['id']}/complete/?as_of=2019-05-06",
        {"completed_on": "2019-05-06"},
        format="json",
    )
    assert again.status_code == 409
    kinds = list(
        PartnerEvent.objects.filter(partner=approved, kind__startswith="compliance_timeline").values_list(
            "kind", flat=True
        )
    )
    assert kinds == ["compliance_timeline_set", "compliance_timeline_completed"]


def test_bad_timelines_are_refused_and_write_nothing(api_client, manager_user, approved, nora, globex_user):
    manager = api_client(manager_user)
    path = f"/api/v1/partners/{approved.pk}/compliance-timelines/?as_of=2019-04-01"
    events = PartnerEvent.objects.filter(partner=approved).count()
    blank = manager.post(
        path, {"requirement": " ", "communicated_on": "2019-04-01", "due_on": "2019-04-30"}, format="json"
    )
    assert blank.status_code == 400
    assert set(blank.json()["errors"]) == {"requirement"}
    refused = manager.post(
        path,
        {
            "requirement": "Send the plan",
            "section": "chapter nine",
            "communicated_on": "2019-04-01",
            "due_on": "2019-03-01",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"section", "due_on"}
    future = manager.post(
        path, {"requirement": "Send the plan", "communicated_on": "2019-04-02", "due_on": "2019-04-30"}, format="json"
    )
    assert future.status_code == 400 and "communicated_on" in future.json()["errors"]
    assert (
        api_client(nora)
        .post(path, {"requirement": "x", "communicated_on": "2019-04-01", "due_on": "2019-04-30"}, format="json")
        .status_code
        == 403
    )
    assert api_client(globex_user).get(path).status_code == 404
    assert PartnerEvent.objects.filter(partner=approved).count() == events
    listed = ok(api_client(nora).get(path))
    assert (listed["results"] if isinstance(listed, dict) else listed) == []


def test_the_standing_of_every_partner_runs_as_a_job_read_a_page_at_a_time(
    api_client, manager_user, make_partner, nora, django_capture_on_commit_callbacks
):
    for name in ("Delta", "Alpha", "Echo", "Charlie", "Bravo"):
        make_partner(name, status="terminated" if name in ("Bravo", "Delta") else "registered")
    manager = api_client(manager_user)

    with django_capture_on_commit_callbacks(execute=True):
        started = manager.post("/api/v1/standing/jobs/", {"as_of": "2019-06-01"}, format="json")

    assert started.status_code == 202
    job = ok(manager.get(f"/api/v1/jobs/{started.json()['id']}/"))
    assert job["status"] == "done"  # no broker in the tests: the job ran when the request committed
    names, url, params = [], job["results"], {"page_size": 2}
    while url:
        page = ok(manager.get(url, params))
        names.append([item["name"] for item in page["results"]])
        url, params = page["next"], {}
    in_request = ok(manager.get("/api/v1/standing/", {"as_of": "2019-06-01", "page_size": 1000}))["results"]
    assert [name for page in names for name in page] == [item["name"] for item in in_request]
    assert names[0] == ["Alpha", "Bravo"] and job["result"]["rows"] == len(in_request)

    with django_capture_on_commit_callbacks(execute=True):
        out = manager.post("/api/v1/standing/jobs/", {"as_of": "2019-06-01", "good_standing": False}, format="json")
    rows = ok(manager.get(ok(manager.get(f"/api/v1/jobs/{out.json()['id']}/"))["results"]))["results"]
    assert {"Bravo", "Delta"} <= {row["name"] for row in rows}
    assert all(row["good_standing"] is False for row in rows)
    assert manager.get(job["results"], {"after": "x"}).status_code == 400
    assert api_client(nora).post("/api/v1/standing/jobs/", {}, format="json").status_code == 403
