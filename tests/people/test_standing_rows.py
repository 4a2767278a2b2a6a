"""Every condition of good standing, from rows in the database to the reasons (§2.0, §5.0, §5.2, §9.1).

An Implementation partner in two regions and two product lines is staffed to meet every resource row;
then each row in turn is left short in one region and exactly that row fails, citing §5.0.
"""

import datetime as dt

import pytest

from partnerhub.billing.models import Invoice, InvoiceOrigin, InvoiceStatus
from partnerhub.partners.models import Partner
from partnerhub.people.models import Certification, ComplianceVerification, Person
from partnerhub.people.selectors import partner_standing, standing_for_all

pytestmark = pytest.mark.django_db
D = dt.date
ON = D(2019, 6, 1)

# (requirement, role, certification, per product, how many)
STAFF = [
    ("dedicated_partner_manager", "partner_manager", None, False, 1),
    ("sales_resources", "sales", "sales", False, 3),
    ("presales_resources", "presales", "presales", False, 1),
    ("certified_ctl", "technical", "ctl", True, 1),
    ("certified_cie", "technical", "cie", True, 2),
    ("certified_ced", "technical", "ced", True, 1),
    ("certified_experience_designer", "technical", "experience_designer", True, 1),
    ("end_customer_support", "support", None, False, 1),
]


def staff(partner: Partner, *, short: str | None = None) -> None:
    """Everyone the Implementation rows ask for; with `short`, one person fewer for that row in EMEA (for
    Amelia only, if the row counts per product line)."""
    number = 0
    for region in partner.regions:
        for key, role, kind, per_product, count in STAFF:
            for product in partner.products if per_product else [""]:
                wanted = count - 1 if (key == short and region == "EMEA" and product in ("", "amelia")) else count
                for _ in range(wanted):
                    number += 1
                    person = Person.objects.create(
                        partner=partner,
                        name=f"P{number}",
                        email=f"p{number}@globex.example",
                        region=region,
                        roles=[role],
                    )
                    if kind:
                        Certification.objects.create(
                            person=person,
                            kind=kind,
                            product=product,
                            earned_on=D(2019, 2, 1),
                            expires_on=D(2020, 2, 1),
                        )


@pytest.fixture
def globex_in_order(globex: Partner) -> Partner:
    """Globex with its reseller agreement, the fee paid and compliance verified."""
    globex.reseller_agreement_signed = True
    globex.save()
    Invoice.objects.create(
        partner=globex,
        origin=InvoiceOrigin.ENROLLMENT,
        program_year=2019,
        classification="implementation",
        amount="15000.00",
        currency="USD",
        issued_on=D(2019, 1, 10),
        due_on=D(2019, 2, 9),
        status=InvoiceStatus.PAID,
        paid_on=D(2019, 2, 1),
        policy_version=D(2018, 1, 31),
    )
    ComplianceVerification.objects.create(partner=globex, verified_on=D(2019, 2, 1))
    return globex


def test_a_fully_staffed_implementation_partner_is_in_good_standing(globex_in_order):
    staff(globex_in_order)

    decision = partner_standing(globex_in_order, ON)

    assert decision.outcome is True, [r.message for r in decision.unmet]
    lines = decision.facts["lines"]
    assert {(line.requirement, line.region, line.product) for line in lines} >= {
        ("certified_cie", "APAC", "1rpa"),
        ("certified_cie", "EMEA", "amelia"),
        ("sales_resources", "APAC", None),
    }


@pytest.mark.parametrize("row", [key for key, *_ in STAFF])
def test_each_resource_row_short_in_one_region_fails_alone(globex_in_order, row):
    staff(globex_in_order, short=row)

    decision = partner_standing(globex_in_order, ON)

    assert decision.outcome is False
    assert {reason.code for reason in decision.unmet} == {row}
    [reason] = decision.unmet
    assert reason.section == "5.0"
    assert "Europe, Middle East and Africa" in reason.message
    [line] = [line for line in decision.facts["lines"] if not line.met]
    assert line.region == "EMEA"
    assert line.product in (None, "amelia")
    assert line.missing.startswith("1 more")


def test_support_resources_are_asked_only_of_a_reseller(globex_in_order):
    globex_in_order.reseller_agreement_signed = False
    globex_in_order.save()
    staff(globex_in_order, short="end_customer_support")
    decision = partner_standing(globex_in_order, ON)
    assert decision.outcome is True
    support = [line for line in decision.facts["lines"] if line.requirement == "end_customer_support"]
    assert support and all(not line.applicable for line in support)


def test_certifications_count_only_while_valid(globex_in_order):
    staff(globex_in_order)
    ComplianceVerification.objects.create(partner=globex_in_order, verified_on=D(2020, 1, 15))
    assert partner_standing(globex_in_order, D(2020, 2, 1)).outcome is True
    lapsed = partner_standing(globex_in_order, D(2020, 2, 2))
    assert lapsed.outcome is False
    assert {r.code for r in lapsed.unmet} == {key for key, _, kind, *_ in STAFF if kind}


def test_a_person_who_left_no_longer_counts(globex_in_order):
    staff(globex_in_order)
    Person.objects.filter(partner=globex_in_order, region="APAC", roles=["presales"]).update(left_on=D(2019, 5, 1))

    assert partner_standing(globex_in_order, D(2019, 4, 30)).outcome is True
    after = partner_standing(globex_in_order, ON)
    assert [reason.code for reason in after.unmet] == ["presales_resources"]


def test_compliance_verification_is_needed_and_lasts_twelve_months(globex_in_order):
    staff(globex_in_order)
    ComplianceVerification.objects.all().delete()
    missing = partner_standing(globex_in_order, ON)
    assert [(r.code, r.section) for r in missing.unmet] == [("compliance_verification", "9.1")]

    ComplianceVerification.objects.create(partner=globex_in_order, verified_on=D(2018, 6, 2))
    assert partner_standing(globex_in_order, ON).outcome is True
    assert partner_standing(globex_in_order, D(2019, 6, 2)).outcome is False


def test_an_overdue_program_fee_invoice_breaks_standing(globex_in_order):
    staff(globex_in_order)
    Invoice.objects.create(
        partner=globex_in_order,
        origin=InvoiceOrigin.RENEWAL,
        program_year=2020,
        classification="implementation",
        amount="15000.00",
        currency="USD",
        issued_on=D(2020, 1, 1),
        due_on=D(2020, 1, 31),
        status=InvoiceStatus.OPEN,
        policy_version=D(2018, 1, 31),
    )
    assert partner_standing(globex_in_order, D(2020, 1, 31)).outcome is True
    late = partner_standing(globex_in_order, D(2020, 2, 1))
    assert ("program_fee_invoices", "2.0") in {(r.code, r.section) for r in late.unmet}
    assert any("due 2020-01-31" in r.message for r in late.unmet)


def test_a_partner_not_registered_is_not_in_good_standing(globex_in_order):
    staff(globex_in_order)
    globex_in_order.status = "approved"
    globex_in_order.save()
    decision = partner_standing(globex_in_order, ON)
    assert [(r.code, r.section) for r in decision.unmet] == [("registered", "2.0")]


def test_standing_for_all_agrees_with_each_partner(globex_in_order, northwind):
    staff(globex_in_order)
    everyone = standing_for_all(ON)
    assert set(everyone) == {globex_in_order.pk, northwind.pk}
    for partner in (globex_in_order, northwind):
        assert everyone[partner.pk].reasons == partner_standing(partner, ON).reasons
