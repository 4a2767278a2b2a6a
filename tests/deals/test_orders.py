"""Orders recorded by managers, through the API and from CSV (§7, §7.1 resale, §7.3 item 4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from partnerhub.compensation import api as compensation_api
from partnerhub.compensation.models import ReferralFee, ResaleOrder
from partnerhub.core.background import progress_of
from partnerhub.core.models import Job
from partnerhub.deals import background, imports, services
from partnerhub.deals.models import Opportunity, Order, OrderSource
from partnerhub.partners.models import Classification

pytestmark = pytest.mark.django_db


def payload(partner=None, **fields):
    return {
        "end_customer": "Globex Corp.",
        "opportunity": "Amelia pilot",
        "ordered_on": "2019-05-02",
        "first_year_net_revenue": "100000.00",
        "partner": None if partner is None else partner.pk,
        "channel": "referral",
        "net_new": True,
        "country": "DE",
        **fields,
    }


@pytest.fixture
def reseller(make_partner):
    return make_partner(
        "Initech Integration",
        classification=Classification.IMPLEMENTATION,
        reseller_agreement_signed=True,
        resale_discount_percent=Decimal("17.50"),
    )


def test_a_partner_user_may_not_record_orders(api_client, make_partner, make_representative):
    partner = make_partner()

    response = api_client(make_representative(partner)).post("/api/v1/orders/", payload(partner), format="json")

    assert response.status_code == 403
    assert not Order.objects.exists()


def test_one_order_per_opportunity(api_client, manager_user, make_partner, standing):
    partner = make_partner()
    client = api_client(manager_user)
    assert client.post("/api/v1/orders/", payload(partner), format="json").status_code == 201

    response = client.post("/api/v1/orders/", payload(partner, end_customer="GLOBEX Corporation"), format="json")

    assert response.status_code == 409
    assert Order.objects.count() == 1


def test_a_resale_order_is_priced_at_list_less_the_discount(api_client, manager_user, reseller, standing):
    response = api_client(manager_user).post(
        "/api/v1/orders/", payload(reseller, channel="resale", list_price="80000.10"), format="json"
    )

    assert response.status_code == 201, response.json()
    order = response.json()
    assert order["referral_fee"] is None
    resale = order["resale"]
    assert resale["price"] == "66000.08"  # 80,000.10 less 17.5% = 66,000.0825
    assert resale["discount_percent"] == "17.50"
    assert resale["policy_version"] == "2018-01-31"
    assert {r["code"] for r in resale["reasons"]} == {
        "classification_may_resell",
        "reseller_agreement",
        "good_standing",
        "inside_designated_territory",
    }
    assert ResaleOrder.objects.get().price == Decimal("66000.08")


def test_a_resale_order_is_refused_with_the_reasons_and_nothing_is_stored(
    api_client, manager_user, make_partner, standing
):
    partner = make_partner(classification=Classification.IMPLEMENTATION, reseller_agreement_signed=False)
    standing.fail(partner, "compliance training is not verified", "9.1")

    response = api_client(manager_user).post(
        "/api/v1/orders/", payload(partner, channel="resale", list_price="1000", country="US"), format="json"
    )

    assert response.status_code == 422
    found = {(v["code"], v["section"]) for v in response.json()["violations"]}
    assert found == {("reseller_agreement", "7.1"), ("good_standing", "2.0"), ("inside_designated_territory", "4.0")}
    assert "compliance training is not verified (§9.1)" in response.json()["detail"]
    assert not Order.objects.exists()
    assert not Opportunity.objects.exists()


def test_an_alliance_partner_never_resells(api_client, manager_user, make_partner, standing):
    partner = make_partner(reseller_agreement_signed=True)

    response = api_client(manager_user).post(
        "/api/v1/orders/", payload(partner, channel="resale", list_price="1000"), format="json"
    )

    assert response.status_code == 422
    assert ("classification_may_resell", "3.0") in {(v["code"], v["section"]) for v in response.json()["violations"]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"channel": "resale"}, "list_price"),
        ({"channel": "resale", "list_price": "10", "partner": None}, "partner"),
        ({"channel": "barter"}, "channel"),
        ({"country": "ZZ"}, "country"),
        ({"ordered_on": "2017-12-31"}, "ordered_on"),
        ({"first_year_net_revenue": "-5"}, "first_year_net_revenue"),
        ({"opportunity": "!!!"}, "opportunity"),
    ],
)
def test_bad_orders_are_400(api_client, manager_user, make_partner, standing, fields, field):
    partner = make_partner()

    response = api_client(manager_user).post("/api/v1/orders/", {**payload(partner), **fields}, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Order.objects.exists()


def test_orders_are_listed_and_filtered(api_client, manager_user, make_partner, make_representative, standing):
    mine, theirs = make_partner("Mine"), make_partner("Theirs")
    client = api_client(manager_user)
    a = client.post("/api/v1/orders/", payload(mine), format="json").json()
    b = client.post(
        "/api/v1/orders/", payload(theirs, end_customer="Initech", ordered_on="2019-08-01"), format="json"
    ).json()
    c = client.post("/api/v1/orders/", payload(None, end_customer="Umbrella"), format="json").json()

    def ids(user=manager_user, **params):
        return {o["id"] for o in api_client(user).get("/api/v1/orders/", params).json()["results"]}

    assert ids() == {a["id"], b["id"], c["id"]}
    assert ids(partner=theirs.pk) == {b["id"]}
    assert ids(ordered_on_after="2019-07-01") == {b["id"]}
    assert ids(make_representative(mine)) == {a["id"]}
    assert api_client(manager_user).get(f"/api/v1/orders/{a['id']}/").json()["referral_fee"]["partner"] == mine.pk


CSV_HEADER = "end_customer,opportunity,ordered_on,first_year_net_revenue,channel,net_new,country,partner,list_price\n"


def upload(text, name="orders.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_csv_import_records_every_order(api_client, manager_user, make_partner, reseller, standing):
    partner = make_partner()
    text = CSV_HEADER + (
        f"Globex Corp.,Amelia pilot,2019-05-02,100000.00,referral,yes,DE,{partner.pk},\n"
        f"Initech,1RPA,2019-05-03,5000,resale,no,FR,{reseller.pk},2000\n"
        "Umbrella,Chatbot,2019-05-04,10,referral,true,DE,,\n"
    )

    response = api_client(manager_user).post("/api/v1/orders/import/", {"file": upload(text)}, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["rows"] == 3
    assert Order.objects.filter(source=OrderSource.CSV).count() == 3
    assert ReferralFee.objects.count() == 1
    assert ResaleOrder.objects.get().price == Decimal("1650.00")


def test_csv_dry_run_decides_everything_and_stores_nothing(api_client, manager_user, make_partner, standing):
    partner = make_partner()
    text = CSV_HEADER + f"Globex Corp.,Amelia pilot,2019-05-02,100000.00,referral,yes,DE,{partner.pk},\n"

    response = api_client(manager_user).post(
        "/api/v1/orders/import/", {"file": upload(text), "dry_run": "true"}, format="multipart"
    )

    assert response.status_code == 200, response.json()
    result = response.json()
    assert result["dry_run"] is True
    assert result["orders"][0]["id"] is None
    assert result["orders"][0]["referral_fee"]["eligible"] is False
    assert not Order.objects.exists()
    assert not ReferralFee.objects.exists()
    assert not Opportunity.objects.exists()


def test_csv_import_is_all_or_nothing(api_client, manager_user, make_partner, standing, db_state):
    partner = make_partner()
    text = CSV_HEADER + (
        f"Globex Corp.,Amelia pilot,2019-05-02,100000.00,referral,yes,DE,{partner.pk},\n"
        f"Initech,1RPA,someday,5000,referral,no,XX,{partner.pk},\n"
        f"Umbrella,Chatbot,2019-05-04,10,maybe,true,DE,{partner.pk},\n"
    )
    before = db_state()

    response = api_client(manager_user).post("/api/v1/orders/import/", {"file": upload(text)}, format="multipart")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"row 3.ordered_on", "row 4.channel"}
    assert db_state() == before


def test_csv_policy_refusals_are_422_and_nothing_is_stored(api_client, manager_user, make_partner, standing):
    partner = make_partner()
    text = CSV_HEADER + (
        f"Globex Corp.,Amelia pilot,2019-05-02,100000.00,referral,yes,DE,{partner.pk},\n"
        f"Initech,1RPA,2019-05-03,5000,resale,no,DE,{partner.pk},2000\n"
        f"GLOBEX Corporation,amelia pilot,2019-05-05,1,referral,yes,DE,{partner.pk},\n"
    )

    response = api_client(manager_user).post("/api/v1/orders/import/", {"file": upload(text)}, format="multipart")

    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"row 3", "row 4"}
    assert ("classification_may_resell", "3.0") in {(v["code"], v["section"]) for v in body["violations"]}
    assert any("already recorded" in message for message in body["errors"]["row 4"])
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("end_customer,opportunity\nA,B\n", "header.ordered_on"),
        (CSV_HEADER.strip() + ",colour\n", "header.colour"),
        (CSV_HEADER, "header"),
    ],
)
def test_csv_header_problems(api_client, manager_user, published_policy, text, key):
    response = api_client(manager_user).post("/api/v1/orders/import/", {"file": upload(text)}, format="multipart")

    assert response.status_code == 400
    assert key in response.json()["errors"]


def test_import_orders_command(tmp_path, manager_user, make_partner, standing):
    partner = make_partner()
    good = tmp_path / "orders.csv"
    good.write_text(CSV_HEADER + f"Globex Corp.,Amelia pilot,2019-05-02,100.00,referral,yes,DE,{partner.pk},\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEADER + f"Globex Corp.,Amelia pilot,2019-05-02,100.00,referral,yes,Germany,{partner.pk},\n")

    with pytest.raises(CommandError) as refused:
        call_command("import_orders", str(bad), "--as", "manager")
    assert f"{bad}: row 2: country:" in str(refused.value)
    call_command("import_orders", str(good), "--as", "manager", "--dry-run")
    assert not Order.objects.exists()
    call_command("import_orders", str(good), "--as", "manager")
    assert Order.objects.get().ordered_on == dt.date(2019, 5, 2)
    with pytest.raises(CommandError, match="not a vendor manager"):
        call_command("import_orders", str(good), "--as", "nobody")


def test_services_refuse_a_resale_without_partner(manager_user, published_policy):
    from partnerhub.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.order_record(
            end_customer="A",
            title="B",
            ordered_on=dt.date(2019, 5, 1),
            first_year_net_revenue=Decimal(1),
            channel="resale",
            net_new=True,
            country="DE",
            acting_user=manager_user,
            list_price=Decimal(1),
        )


# -- as a background job ---------------------------------------------------------------------------------------
# A file longer than `IMPORT_INLINE_ROWS`, or any file sent with `Prefer: respond-async`, is imported by the job the
# console's import uses, all or nothing as at once; a refused file names its first problems in the job's error and
# lists every one as its result rows.


@pytest.fixture
def private_files(settings, tmp_path):
    """The job keeps the file it imports in the private storage: a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def referral_rows(partner_id, count):
    return CSV_HEADER + "".join(
        f"Customer {n},Opportunity {n},2019-05-02,1000.00,referral,yes,DE,{partner_id},\n" for n in range(count)
    )


def test_a_long_file_is_imported_by_a_job_with_its_progress(
    api_client, manager_user, make_partner, standing, committed, private_files, monkeypatch
):
    monkeypatch.setattr(background, "IMPORT_INLINE_ROWS", 4)
    monkeypatch.setattr(compensation_api, "IMPORT_INLINE_ROWS", 4)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    partner = make_partner()
    manager = api_client(manager_user)
    seen: list[tuple[int, int] | None] = []
    order_record = services.order_record

    def noting(**kwargs):
        seen.append(progress_of(Job.objects.get()))
        return order_record(**kwargs)

    monkeypatch.setattr(services, "order_record", noting)
    with committed():
        started = manager.post(
            "/api/v1/orders/import/", {"file": upload(referral_rows(partner.pk, 5))}, format="multipart"
        )

    assert started.status_code == 202, started.content
    assert "Preference-Applied" not in started
    job = manager.get(started["Location"]).json()
    assert job["status"] == "done", job
    assert job["result"]["imported"] == 5
    assert job["result"]["summary"] == "5 order(s) from orders.csv imported."
    # Before the first row nothing is reported yet; then the progress moves while the rows are recorded.
    assert seen == [None, (2, 5), (2, 5), (4, 5), (5, 5)]
    assert Order.objects.filter(source=OrderSource.CSV).count() == 5


def test_asked_for_a_job_a_dry_run_writes_nothing(
    api_client, manager_user, make_partner, standing, committed, private_files
):
    partner = make_partner()
    manager = api_client(manager_user)
    with committed():
        started = manager.post(
            "/api/v1/orders/import/",
            {"file": upload(referral_rows(partner.pk, 2)), "dry_run": "true"},
            format="multipart",
            HTTP_PREFER="respond-async",
        )

    assert started.status_code == 202 and started["Preference-Applied"] == "respond-async"
    job = manager.get(started["Location"]).json()
    assert job["result"]["summary"] == "2 order(s) from orders.csv would be imported (dry run: nothing was stored)."
    assert not Order.objects.exists()
    assert not Opportunity.objects.exists()


def test_a_refused_file_fails_its_job_with_every_problem_and_stores_nothing(
    api_client, manager_user, make_partner, standing, committed, private_files, db_state
):
    partner = make_partner()
    text = CSV_HEADER + (
        f"Globex Corp.,Amelia pilot,2019-05-02,100000.00,referral,yes,DE,{partner.pk},\n"
        f"Initech,1RPA,someday,5000,referral,no,XX,{partner.pk},\n"
        f"Umbrella,Chatbot,2019-05-04,10,maybe,true,DE,{partner.pk},\n"
    )
    manager = api_client(manager_user)
    before = db_state()
    with committed():
        started = manager.post(
            "/api/v1/orders/import/", {"file": upload(text)}, format="multipart", HTTP_PREFER="respond-async"
        )

    job = manager.get(started["Location"]).json()
    assert job["status"] == "failed"
    assert job["error"].startswith("2 problem(s), nothing was imported: orders.csv: row 3: ordered_on:")
    rows = manager.get(job["results"]).json()["results"]
    assert [(row["line"], row["field"]) for row in rows] == [(3, "ordered_on"), (4, "channel")]
    after = db_state()
    for model in ("core.Job", "core.JobResultRow"):  # the failed job and its result rows are all that is new
        assert after.pop(model) != before.pop(model)
    assert after == before


def test_a_partner_user_starts_no_import_job_and_reads_none(
    api_client, manager_user, make_partner, make_representative, standing, committed, private_files
):
    partner = make_partner()
    with committed():
        started = api_client(manager_user).post(
            "/api/v1/orders/import/",
            {"file": upload(referral_rows(partner.pk, 1))},
            format="multipart",
            HTTP_PREFER="respond-async",
        )
    partner_user = api_client(make_representative(partner))

    refused = partner_user.post(
        "/api/v1/orders/import/",
        {"file": upload(referral_rows(partner.pk, 1))},
        format="multipart",
        HTTP_PREFER="respond-async",
    )

    assert refused.status_code == 403
    assert Job.objects.count() == 1
    assert partner_user.get(started["Location"]).status_code == 404
