"""Tenancy across the whole API (docs/architecture.md#tenancy): one row per endpoint that reads one partner's
object. A user of the partner that owns the object reads it; a user of any other partner is told it does
not exist (404), as if the id were never issued.

Every `GET` path of the OpenAPI schema with a path parameter joins the table, names the test that checks it
with two partners of its own (`COVERED_ELSEWHERE`), or is listed in `NOT_OWNED` with the reason it is not
one partner's: a new endpoint fails `test_every_endpoint_joins_the_table` until it does. The objects are
the demo programme's (built once for the module): partners of every kind, each with its own deals,
orders, invoices, people and benefit requests.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Model, QuerySet

from partnerhub.benefits.models import (
    BenefitRequest,
    TrademarkUsage,
)
from partnerhub.billing.models import Invoice
from partnerhub.compensation.models import ReferralFee
from partnerhub.deals.models import Order, Registration
from partnerhub.evaluations.models import Scorecard
from partnerhub.partners.models import Partner, PartnerUser
from partnerhub.people.models import Certification, Person

# One worker builds the demo and runs every test of it (under `pytest -n`, with `--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("demo")
AS_OF = dt.date(2019, 11, 20)


@dataclass(frozen=True)
class Row:
    """Objects of one kind (`objects()`), whose partner is `owner(obj)`, reached at `path` filled by `params`."""

    objects: Callable[[], QuerySet[Any]]
    owner: Callable[[Any], int | None]
    params: Callable[[Any], dict[str, Any]] = lambda obj: {"id": obj.pk}


def own(model: type[Model]) -> Row:
    """Objects with a `partner` of their own."""
    return Row(lambda: model._default_manager.all(), lambda obj: obj.partner_id)


PARTNER = Row(lambda: Partner.objects.all(), lambda partner: partner.pk)
PARTNER_ID = Row(lambda: Partner.objects.all(), lambda partner: partner.pk, lambda partner: {"partner_id": partner.pk})
PERSON = own(Person)

TABLE: dict[str, Row] = {
    "/api/v1/partners/{id}/": PARTNER,
    "/api/v1/partners/{id}/events/": PARTNER,
    "/api/v1/partners/{id}/users/": PARTNER,
    "/api/v1/partners/{id}/classification-history/": PARTNER,
    "/api/v1/partners/{id}/non-renewal-notices/": PARTNER,
    "/api/v1/partners/{id}/benefits/": PARTNER,
    "/api/v1/partners/{id}/benefits/{benefit}/": Row(
        lambda: Partner.objects.all(),
        lambda partner: partner.pk,
        lambda partner: {"id": partner.pk, "benefit": "amelia_sandbox"},
    ),
    "/api/v1/partners/{partner_id}/people/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/standing/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/gap/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/due-dates/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/compliance-verifications/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/compliance-timelines/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/governance-records/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/financial-standing/": PARTNER_ID,
    "/api/v1/partners/{partner_id}/exceptions/": PARTNER_ID,
    "/api/v1/people/{id}/": PERSON,
    "/api/v1/people/{id}/certifications/": PERSON,
    "/api/v1/people/{id}/trainings/": PERSON,
    "/api/v1/certifications/{id}/": Row(
        lambda: Certification.objects.select_related("person"), lambda c: c.person.partner_id
    ),
    "/api/v1/invoices/{id}/": own(Invoice),
    "/api/v1/deals/{id}/": own(Registration),
    "/api/v1/deals/{id}/events/": own(Registration),
    "/api/v1/deals/{id}/personal-data/": own(Registration),
    "/api/v1/orders/{id}/": Row(lambda: Order.objects.exclude(partner=None), lambda order: order.partner_id),
    "/api/v1/referral-fees/{id}/": own(ReferralFee),
    "/api/v1/benefit-requests/{id}/": own(BenefitRequest),
    "/api/v1/trademark-usages/{id}/": own(TrademarkUsage),
    "/api/v1/evaluations/{id}/scorecards/{card_pk}/": Row(
        lambda: Scorecard.objects.all(),
        lambda card: card.partner_id,
        lambda card: {"id": card.run_id, "card_pk": card.pk},
    ),
}

# Rows whose objects the demo gives to a single partner only: each has its own two partners in the test named.
BENEFITS = "tests/benefits/test_tenancy.py"
NOTICES = "tests/evaluations/test_decisions_notices.py"
FUNDS = "tests/funds/test_funds.py"
COVERED_ELSEWHERE = {
    "/api/v1/demonstrations/{id}/": BENEFITS,
    "/api/v1/leads/{id}/": BENEFITS,
    "/api/v1/lead-offers/{id}/": BENEFITS,
    "/api/v1/marketing-documents/{id}/": BENEFITS,
    "/api/v1/marketing-documents/{id}/download/": BENEFITS,
    "/api/v1/marketing-grants/{id}/": BENEFITS,
    "/api/v1/marketing-payments/{id}/": BENEFITS,
    "/api/v1/marketing-reviews/{id}/": BENEFITS,
    "/api/v1/marketplace-listings/{id}/": BENEFITS,
    "/api/v1/product-subscriptions/{id}/": BENEFITS,
    "/api/v1/evaluations/notices/{id}/": NOTICES,
    "/api/v1/deal-extensions/{id}/": "tests/deals/test_protection.py",
    "/api/v1/joint-marketing/funds/{id}/": FUNDS,
    "/api/v1/joint-marketing/plans/{id}/": FUNDS,
    "/api/v1/joint-marketing/claims/{id}/": FUNDS,
    "/api/v1/joint-marketing/proof/{id}/": FUNDS,
    "/api/v1/joint-marketing/proof/{id}/download/": FUNDS,
    "/api/v1/evaluations/notices/{id}/pdf/": NOTICES,
}

# Paths with a parameter that do not read one partner's object, and why.
NOT_OWNED = {
    "/api/v1/deals/{id}/possible-duplicates/": "a comparison across partners: the vendor managers' only (403)",
    "/api/v1/evaluations/{id}/": "an evaluation run is the whole programme's quarter; its scorecards are scoped",
    "/api/v1/evaluations/{id}/scorecards/": "a list of the run's scorecards, filtered to the caller's",
    "/api/v1/policy/drafts/{id}/": "policy drafts are the vendor managers' only",
    "/api/v1/policy/drafts/{id}/preview/": "policy drafts are the vendor managers' only",
    "/api/v1/work-items/{id}/": "work items are the vendor managers' queue",
    "/api/v1/jobs/{id}/": "a job is its starter's (any for a manager): another's is 404 (tests/core/test_jobs_api.py)",
    "/api/v1/jobs/{id}/results/": "a job's rows are its starter's (any for a manager): another user's are 404",
    "/api/v1/jobs/{id}/file/": "a job's file is its starter's alone: anyone else's answer is 404",
    "/api/v1/webhooks/endpoints/{id}/": "webhook endpoints are the vendor managers' integrations (403)",
    "/api/v1/webhooks/deliveries/{id}/": "webhook deliveries are the vendor managers' integrations (403)",
}


@pytest.fixture(scope="module")
def programme(demo_programme) -> Iterator[None]:
    with demo_programme(AS_OF):
        yield


@pytest.fixture
def demo_db(programme: None, db: None) -> None:
    """The demo programme, inside this test's own transaction."""


def test_every_endpoint_joins_the_table(openapi_schema):
    with_parameter = {
        path for path, operations in openapi_schema["paths"].items() if "{" in path and "get" in operations
    }

    joined = set(TABLE) | set(COVERED_ELSEWHERE) | set(NOT_OWNED)
    assert with_parameter - joined == set(), "add a row to TABLE (or a reason to NOT_OWNED)"
    assert joined <= with_parameter, "a row for a path the API no longer has"


def user_of(partner_id: int) -> User | None:
    membership = PartnerUser.objects.filter(partner_id=partner_id).select_related("user").first()
    return None if membership is None else membership.user


@pytest.mark.parametrize("path", sorted(TABLE))
def test_a_partner_reads_its_own_object_and_not_another_partners(demo_db, api_client, path):
    row = TABLE[path]
    objects = list(row.objects().order_by("pk"))
    owned = [(obj, owner) for obj in objects if (owner := row.owner(obj)) is not None]
    mine, me = next(((obj, user) for obj, owner in owned if (user := user_of(owner)) is not None), (None, None))
    assert mine is not None, f"the demo has no object for {path} of a partner with a user"
    theirs = next((obj for obj, owner in owned if owner != row.owner(mine)), None)
    assert theirs is not None, f"the demo has no object for {path} of a second partner"
    client = api_client(me)

    own_answer = client.get(path.format(**row.params(mine)))
    other_answer = client.get(path.format(**row.params(theirs)))

    assert own_answer.status_code == 200, (path, own_answer.status_code)
    assert other_answer.status_code == 404, (path, other_answer.status_code)


# The portal's pages of one partner's objects added with the partner's own pages (issue 12): the same rule, a
# user of the owner reads the page and a user of any other partner gets 404. The actions on lead offers and
# listings are checked with two partners of their own in tests/portal/test_partner_leads.py.
PAGES: dict[str, Row] = {
    "/partners/{id}/scorecards/": PARTNER,
    "/partners/{id}/evaluation/": PARTNER,
    "/partners/{id}/leads/": PARTNER,
    "/partners/{id}/joint-marketing/": PARTNER,
    "/partners/{id}/joint-marketing/summary/": PARTNER,
    "/partners/{id}/listings/new/": PARTNER,
    "/scorecards/{id}/": own(Scorecard),
}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_a_partner_opens_its_own_page_and_not_another_partners(demo_db, client, path):
    row = PAGES[path]
    owned = [(obj, owner) for obj in row.objects().order_by("pk") if (owner := row.owner(obj)) is not None]
    mine, me = next(((obj, user) for obj, owner in owned if (user := user_of(owner)) is not None), (None, None))
    assert mine is not None, f"the demo has no object for {path} of a partner with a user"
    theirs = next((obj for obj, owner in owned if owner != row.owner(mine)), None)
    assert theirs is not None, f"the demo has no object for {path} of a second partner"
    client.force_login(me)

    assert client.get(path.format(**row.params(mine))).status_code == 200, path
    assert client.get(path.format(**row.params(theirs))).status_code == 404, path


# The managers' console pages that act on one partner's objects (issue 12): a partner user reaching another
# partner's is told it does not exist (404), as in the API; on its own partner it is refused (403).
MANAGER_PAGES = (
    "/partners/{id}/manage/",
    "/partners/{id}/manage/terminate/",
    "/partners/{id}/manage/reassign/",
    "/partners/{id}/manage/terms/",
    "/partners/{id}/manage/non-renewal/",
    "/partners/{id}/manage/users/",
    "/partners/{id}/manage/obligations/",
    "/partners/{id}/manage/benefits/",
)


@pytest.mark.parametrize("path", MANAGER_PAGES)
def test_a_partner_user_finds_no_other_partners_console_page(demo_db, client, path):
    member = PartnerUser.objects.select_related("user", "partner").order_by("pk").first()
    assert member is not None
    other = Partner.objects.exclude(pk=member.partner_id).order_by("pk").first()
    assert other is not None
    client.force_login(member.user)

    assert client.get(path.format(id=other.pk)).status_code == 404
    assert client.post(path.format(id=other.pk), {"step": "confirm"}).status_code == 404
    assert client.get(path.format(id=member.partner_id)).status_code == 403


# The CSV exports of a partner's lists (issue 12): a user of the partner exports its rows, all of them and no other
# partner's; another partner's list answers 404 and starts nothing.
EXPORTS: dict[str, tuple[str, Callable[[Partner], int]]] = {
    "deals": ("status=", lambda p: Registration.objects.filter(partner=p).count()),
    "invoices": ("", lambda p: Invoice.objects.filter(partner=p).count()),
    "people": ("current=all", lambda p: Person.objects.filter(partner=p).count()),
    "certifications": ("current=all", lambda p: Certification.objects.filter(person__partner=p).count()),
    "scorecards": (
        "",
        lambda p: Scorecard.objects.filter(partner=p).values("run__year", "run__quarter").distinct().count(),
    ),
    "referral-fees": ("", lambda p: ReferralFee.objects.filter(partner=p).count()),
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_partner_exports_its_own_list_and_not_another_partners(
    demo_db, client, name, settings, tmp_path, django_capture_on_commit_callbacks
):
    import csv
    import io

    from partnerhub.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    query, expected = EXPORTS[name]
    member = PartnerUser.objects.select_related("user", "partner").order_by("pk").first()
    assert member is not None
    other = Partner.objects.exclude(pk=member.partner_id).order_by("pk").first()
    assert other is not None
    client.force_login(member.user)
    before = Job.objects.count()

    assert client.post(f"/partners/{other.pk}/{name}.csv?{query}").status_code == 404
    assert Job.objects.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/partners/{member.partner_id}/{name}.csv?{query}").status_code == 302
    job = Job.objects.order_by("-pk").first()
    assert job is not None
    job.refresh_from_db()
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(job.result["url"])).decode())))

    assert len(rows) == expected(member.partner) > 0, name
    assert {row.get("partner", member.partner.name) for row in rows} <= {member.partner.name}
