"""The public partner directory (docs/directory.md, docs/policy.md#r6-3): opt-in profiles written through the
service, listing by the policy's rule on the day asked (a partner that loses good standing leaves it and returns when
it regains it), featured partners first, search and filters, and the policy's switch."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partnerhub.billing.models import Invoice, InvoiceStatus
from partnerhub.billing.services import invoice_pay
from partnerhub.core.errors import InvalidInput
from partnerhub.directory.models import PartnerProfile
from partnerhub.directory.selectors import DirectoryQuery, directory_page, listing_for
from partnerhub.directory.services import profile_update
from partnerhub.partners.models import PartnerEvent
from partnerhub.people.services.obligations import financial_standing_set

from .conftest import D
from .standing import in_good_standing

pytestmark = pytest.mark.django_db


MARCH = D(2019, 3, 1)


def publish(partner, user, on=MARCH, *, listed=True, description="Amelia for insurers.", **more):
    values = {"website": "https://northwind.example", "public_email": "hello@northwind.example", **more}
    return profile_update(partner=partner, listed=listed, description=description, acting_user=user, as_of=on, **values)


def names(as_of, **query):
    return [entry.name for entry in directory_page(as_of, DirectoryQuery(**query)).entries]


def test_a_partner_is_listed_only_once_it_chooses_to_be(northwind, paul):
    assert not PartnerProfile.objects.exists()
    assert names(D(2019, 5, 1)) == [], "opt-in: nothing is published without the partner's choice"
    profile = publish(northwind, paul)
    assert profile.listed and profile.updated_on == D(2019, 3, 1)
    event = PartnerEvent.objects.get(partner=northwind, kind="directory_profile_changed")
    assert event.section == "1.0" and event.actor == paul and event.effective_on == D(2019, 3, 1)
    assert "chose to be listed" in event.message
    assert event.data["changed"]["website"] == "https://northwind.example"

    [entry] = directory_page(D(2019, 5, 1), DirectoryQuery()).entries
    assert (entry.name, entry.classification, entry.classification_name) == (
        "Northwind Consulting",
        "alliance",
        "Alliance Partner",
    )
    assert (entry.regions, entry.territories, entry.products) == (("EMEA",), ("GB", "DE"), ("amelia",))
    assert (entry.website, entry.public_email, entry.description) == (
        "https://northwind.example",
        "hello@northwind.example",
        "Amelia for insurers.",
    )
    assert entry.featured is False, "Alliance has no featured listing (§5.1)"

    publish(northwind, paul, D(2019, 3, 2), listed=False)
    assert names(D(2019, 5, 1)) == []
    latest = PartnerEvent.objects.filter(kind="directory_profile_changed").latest("id")
    assert "withdrew from" in latest.message


def test_the_same_profile_again_writes_nothing(northwind, paul, db_state):
    publish(northwind, paul)
    before = db_state()
    publish(northwind, paul, D(2019, 3, 5))
    assert db_state() == before


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("website", "javascript:alert(1)", "http:// or https://"),
        ("website", "northwind", "http:// or https://"),
        ("public_email", "not an address", "e-mail address"),
        ("description", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_bad_input_names_its_field_and_writes_nothing(northwind, paul, db_state, field, value, says):
    before = db_state()
    with pytest.raises(InvalidInput) as refused:
        publish(northwind, paul, **{field: value})
    assert list(refused.value.errors) == [field]
    assert says in refused.value.errors[field][0]
    assert db_state() == before


@pytest.mark.parametrize("losing", ["financial_flag", "overdue_invoice"])
def test_a_listed_partner_that_loses_good_standing_is_hidden_and_returns_when_it_regains_it(
    northwind, paul, manager_user, losing
):
    publish(northwind, paul)
    assert names(D(2019, 6, 1)) == ["Northwind Consulting"]
    if losing == "financial_flag":
        financial_standing_set(
            partner=northwind,
            flagged=True,
            effective_on=D(2019, 6, 5),
            reason="unpaid suppliers",
            acting_user=manager_user,
            as_of=D(2019, 6, 5),
        )
        financial_standing_set(
            partner=northwind,
            flagged=False,
            effective_on=D(2019, 6, 20),
            reason="accounts restated",
            acting_user=manager_user,
            as_of=D(2019, 6, 20),
        )
    else:
        first = Invoice.objects.get(partner=northwind)
        invoice = Invoice.objects.create(
            partner=northwind,
            origin=first.origin,
            program_year=2019,
            classification="alliance",
            amount=first.amount,
            currency=first.currency,
            issued_on=D(2019, 5, 6),
            due_on=D(2019, 6, 4),
            policy_version=first.policy_version,
        )
        invoice_pay(invoice=invoice, paid_on=D(2019, 6, 20), acting_user=manager_user)
        assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.PAID
    # Judged on the day asked: the same records list it before, hide it while it is out of standing, list it again.
    assert names(D(2019, 6, 4)) == ["Northwind Consulting"]
    assert names(D(2019, 6, 10)) == []
    assert names(D(2019, 6, 20)) == ["Northwind Consulting"]
    hidden = listing_for(northwind, D(2019, 6, 10))
    assert hidden.outcome is False
    assert [reason.code for reason in hidden.unmet] == ["good_standing"]
    assert hidden.unmet[0].section == "2.0"


def test_only_the_statuses_the_policy_lists(make_partner, manager_user, directory_policy):
    in_window = make_partner("Fresh Start", status="approved")
    publish(in_window, manager_user)
    assert names(D(2019, 5, 1)) == []
    assert listing_for(in_window, D(2019, 5, 1)).unmet[0].code == "status_listed"
    directory_policy(D(2019, 4, 1), statuses=["approved", "registered"], good_standing=False)
    assert names(D(2019, 5, 1)) == ["Fresh Start"]


def test_the_policy_can_switch_the_directory_off(northwind, paul, directory_policy):
    publish(northwind, paul)
    directory_policy(D(2019, 7, 1), enabled=False)
    assert names(D(2019, 6, 30)) == ["Northwind Consulting"]
    page = directory_page(D(2019, 7, 1), DirectoryQuery())
    assert page.enabled is False and page.entries == []


def test_featured_partners_first_then_search_and_filters(make_partner, manager_user, directory_policy):
    directory_policy(D(2019, 2, 1), good_standing=False)
    rows = [
        ("Alpha Advisors", "advisory", ["AMER"], ["1desk"], "Process mining"),
        ("Beta Alliance", "alliance", ["EMEA"], ["amelia"], "Conversational banking"),
        ("Zeta Implementers", "implementation", ["EMEA", "APAC"], ["amelia", "1rpa"], "Amelia rollouts"),
        ("Omega Solutions", "solution", ["APAC"], ["1rpa"], "Claims automation"),
    ]
    for name, classification, regions, products, description in rows:
        partner = make_partner(name, classification=classification, regions=regions, products=products)
        publish(partner, manager_user, description=description)
    make_partner("Quiet Partner")  # never chose to be listed
    on = D(2019, 5, 1)
    # Implementation and Solution hold "Featured listings on our website" (§5.1): first, each part by name.
    assert names(on) == ["Omega Solutions", "Zeta Implementers", "Alpha Advisors", "Beta Alliance"]
    assert names(on, classification="advisory") == ["Alpha Advisors"]
    assert names(on, region="EMEA") == ["Zeta Implementers", "Beta Alliance"]
    assert names(on, product="1rpa") == ["Omega Solutions", "Zeta Implementers"]
    assert names(on, q="banking") == ["Beta Alliance"]
    assert names(on, q="omega") == ["Omega Solutions"]
    assert names(on, q="nothing like it") == []

    first = directory_page(on, DirectoryQuery(size=3))
    assert [e.name for e in first.entries] == ["Omega Solutions", "Zeta Implementers", "Alpha Advisors"]
    second = directory_page(on, DirectoryQuery(size=3, after=first.next_after))
    assert [e.name for e in second.entries] == ["Beta Alliance"] and second.next_after is None


def test_two_partners_in_standing_are_listed_by_name(api_client, manager_user, northwind, paul):
    contoso = in_good_standing(api_client, manager_user, "Contoso Automation", classification="advisory")
    publish(northwind, paul)
    publish(contoso, manager_user, website="https://contoso.example")
    assert names(D(2019, 6, 1)) == ["Contoso Automation", "Northwind Consulting"]
    assert names(D(2019, 6, 1), classification="advisory") == ["Contoso Automation"]


def test_nothing_private_is_in_an_entry(northwind, paul):
    publish(northwind, paul, public_email="", website="")
    [entry] = directory_page(D(2019, 6, 1), DirectoryQuery()).entries
    shown = repr(entry)
    assert "private@northwind.example" not in shown, "the programme's contact address is not published"
    assert "p0@northwind.example" not in shown and "Manager 0" not in shown, "no people"
    assert "referral" not in shown and "invoice" not in shown.lower()


def test_a_day_before_any_policy_is_refused_as_input(northwind, paul):
    with pytest.raises(ValidationError) as refused:
        publish(northwind, paul, dt.date(2017, 1, 1))
    assert list(refused.value.message_dict) == ["as_of"]
