"""A partner's lifecycle in the managers' console: each action is rehearsed (what it would write is shown,
nothing stays written), then confirmed; bad input and refused actions write nothing and say why, with the
policy section; another partner's pages are 404 to a partner user, its own 403."""

import datetime as dt

import pytest

from partnerhub.billing.models import Invoice
from partnerhub.core.languages import choose_language
from partnerhub.core.models import OutboundMail
from partnerhub.partners import jobs
from partnerhub.partners.models import NonRenewalNotice, PartnerEvent, PartnerStatus, PartnerUser
from partnerhub.partners.periods import partner_state_on
from partnerhub.partners.services.renewal import non_renewal_notice_record, non_renewal_notice_withdraw

pytestmark = pytest.mark.django_db


def url(partner, action=""):
    return f"/partners/{partner.pk}/manage/" + (f"{action}/" if action else "")


def test_the_manage_tab_lists_what_the_status_allows_and_why_the_rest_is_closed(as_manager, partner_in):
    contoso = partner_in("registered")

    html = as_manager.get(url(contoso)).content.decode()

    assert url(contoso, "terminate") in html and url(contoso, "reassign") in html
    assert url(contoso, "rejoin") not in html
    assert "only a deactivated partner can rejoin the program" in html


def test_reviewing_a_termination_shows_what_will_happen_and_writes_nothing(as_manager, partner_in, db_state):
    contoso = partner_in("registered")
    before = db_state()

    response = as_manager.post(
        url(contoso, "terminate"), {"step": "review", "terminated_on": "2019-06-03", "reason": "breach of the IPPA"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "What will happen" in html
    assert "Participation terminated on 3 June 2019: breach of the IPPA" in html
    assert "no refund of program fees" in html
    assert "No invoice is issued." in html
    assert "participation terminated" in html  # the mail's subject
    assert 'value="confirm"' in html
    assert db_state() == before


def test_confirming_terminates_with_its_timeline_entry(as_manager, partner_in):
    contoso = partner_in("registered")

    response = as_manager.post(
        url(contoso, "terminate"), {"step": "confirm", "terminated_on": "2019-06-03", "reason": "breach of the IPPA"}
    )

    assert response.status_code == 302
    contoso.refresh_from_db()
    assert contoso.status == PartnerStatus.TERMINATED
    assert PartnerEvent.objects.filter(partner=contoso, kind="terminated").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"terminated_on": "2019-06-03", "reason": ""}, "reason", "This field is required."),
        ({"terminated_on": "03/06/2019", "reason": "breach"}, "terminated_on", "YYYY-MM-DD"),
        ({"terminated_on": "2019-06-03", "reason": "bad\u202etext"}, "reason", ""),
    ],
)
def test_bad_input_writes_nothing_and_says_where(as_manager, partner_in, db_state, data, field, message):
    contoso = partner_in("registered")
    before = db_state()

    response = as_manager.post(url(contoso, "terminate"), {"step": "confirm", **data})

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert message in " ".join(response.context["form"].errors[field])
    assert db_state() == before


def test_a_refused_action_says_the_rule_and_its_section_and_writes_nothing(as_manager, partner_in, db_state):
    prospect = partner_in("approved")  # its qualification window runs until 15 October 2019
    before = db_state()

    response = as_manager.post(url(prospect, "deactivate"), {"step": "review", "deactivated_on": "2019-06-03"})

    html = response.content.decode()
    assert "the qualification window runs until 15 October 2019" in html
    assert "(§2.0)" in html
    assert "What will happen" not in html
    assert db_state() == before


def test_a_reassignment_shows_the_new_classification_and_takes_effect_on_confirmation(as_manager, partner_in):
    contoso = partner_in("registered")
    data = {
        "classification": "implementation",
        "effective_on": "2019-07-01",
        "reason": "Q2 evaluation",
        "notice": "letter of 2019-06-03",
        "notice_on": "2019-06-03",
    }

    review = as_manager.post(url(contoso, "reassign"), {"step": "review", **data}).content.decode()
    as_manager.post(url(contoso, "reassign"), {"step": "confirm", **data})

    assert "Re-assigned from Alliance Partner to Implementation Partner on 1 July 2019" in review
    contoso.refresh_from_db()
    assert contoso.classification == "implementation"


def test_a_rejoin_review_shows_the_invoice_and_the_new_window(as_manager, partner_in):
    gone = partner_in("deactivated")  # deactivated on 16 October 2019

    review = as_manager.post(url(gone, "rejoin"), {"step": "review", "rejoined_on": "2019-11-04", "classification": ""})

    html = review.content.decode()
    assert "An invoice for Program Year 2019 is issued" in html
    assert "Rejoined on 4 November 2019" in html
    assert not Invoice.objects.filter(partner=gone, origin="rejoin").exists()
    assert not OutboundMail.objects.filter(subject__contains="welcome back").exists()

    as_manager.post(url(gone, "rejoin"), {"step": "confirm", "rejoined_on": "2019-11-04", "classification": ""})
    gone.refresh_from_db()
    assert gone.status == PartnerStatus.APPROVED
    assert Invoice.objects.filter(partner=gone, origin="rejoin").count() == 1


def test_a_notice_of_non_renewal_is_recorded_and_listed(as_manager, partner_in):
    contoso = partner_in("registered")

    as_manager.post(url(contoso, "non-renewal"), {"step": "confirm", "received_on": "2019-11-20", "note": "by letter"})

    notice = NonRenewalNotice.objects.get(partner=contoso)
    assert notice.in_time
    assert "the membership ends on 31 December 2019" in as_manager.get(url(contoso)).content.decode()


def test_an_unknown_action_is_404(as_manager, partner_in):
    assert as_manager.get(url(partner_in("registered"), "delete")).status_code == 404


@pytest.mark.parametrize("action", ["", "terminate", "reassign", "deactivate", "rejoin", "non-renewal"])
def test_a_partner_user_gets_404_for_another_partner_and_403_for_its_own(
    client, partner_in, make_representative, action
):
    contoso = partner_in("registered", name="Contoso")
    fabrikam = partner_in("registered", name="Fabrikam")
    client.force_login(make_representative(contoso))

    assert client.get(url(fabrikam, action)).status_code == 404
    assert client.post(url(fabrikam, action), {"step": "confirm", "reason": "x"}).status_code == 404
    assert client.get(url(contoso, action)).status_code == 403
    assert PartnerUser.objects.filter(partner=fabrikam).count() == 0
    fabrikam.refresh_from_db()
    assert fabrikam.status == PartnerStatus.REGISTERED


def test_the_partner_tabs_offer_manage_to_managers_only(as_manager, client, partner_in, make_representative):
    contoso = partner_in("registered")

    assert url(contoso) in as_manager.get(f"/partners/{contoso.pk}/").content.decode()
    client.force_login(make_representative(contoso))
    assert url(contoso) not in client.get(f"/partners/{contoso.pk}/").content.decode()


def terms(**overrides):
    return {
        "regions": ["EMEA"],
        "territories": "DE",
        "products": ["amelia"],
        "referral_fee_program": "yes",
        "referral_fee_percent": "",
        "reseller_agreement_signed": "no",
        "resale_discount_percent": "",
        "effective_on": "2019-08-01",
        "reason": "extended to Austria",
        **overrides,
    }


def test_the_terms_form_starts_with_the_partners_terms(as_manager, partner_in):
    contoso = partner_in("registered", territories=("DE", "AT"))

    form = as_manager.get(url(contoso, "terms")).context["form"]

    assert form.initial["territories"] == "DE, AT"
    assert form.initial["regions"] == ["EMEA"]


def test_changed_terms_are_reviewed_then_hold_from_their_date(as_manager, partner_in):
    contoso = partner_in("registered")

    review = as_manager.post(url(contoso, "terms"), {"step": "review", **terms(territories="DE, at")}).content.decode()
    as_manager.post(url(contoso, "terms"), {"step": "confirm", **terms(territories="DE, at")})

    assert "designated territories DE → DE, AT" in review
    contoso.refresh_from_db()
    assert contoso.territories == ["DE", "AT"]
    assert partner_state_on(contoso, dt.date(2019, 7, 31)).territories == ("DE",)
    assert partner_state_on(contoso, dt.date(2019, 8, 1)).territories == ("DE", "AT")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"territories": "DE, Germany"}, "territories", "'Germany' is not an ISO 3166-1 alpha-2 country code"),
        ({"regions": []}, "regions", "This field is required."),
        ({"reason": ""}, "reason", "This field is required."),
        ({"resale_discount_percent": "15"}, None, "a resale discount needs resale rights"),
        ({"referral_fee_percent": "1_0"}, "referral_fee_percent", ""),
        ({}, None, "nothing would change"),
    ],
)
def test_refused_terms_write_nothing(as_manager, partner_in, db_state, overrides, field, message):
    contoso = partner_in("registered")
    before = db_state()

    response = as_manager.post(url(contoso, "terms"), {"step": "confirm", **terms(**overrides)})

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert message in " ".join(errors.get(field or "__all__", [])), errors
    assert db_state() == before


def test_the_reseller_agreement_is_marked_signed(as_manager, partner_in):
    contoso = partner_in("registered", classification="implementation")

    as_manager.post(
        url(contoso, "reseller-agreement"),
        {"step": "confirm", "effective_on": "2019-08-01", "resale_discount_percent": "", "reason": "signed"},
    )

    contoso.refresh_from_db()
    assert contoso.reseller_agreement_signed
    assert contoso.resale_discount_percent is not None


def test_a_notice_is_withdrawn_after_a_review_and_the_membership_renews(as_manager, partner_in, db_state):
    contoso = partner_in("registered")
    as_manager.post(url(contoso, "non-renewal"), {"step": "confirm", "received_on": "2019-11-20", "note": ""})
    notice = NonRenewalNotice.objects.get(partner=contoso)
    page = f"/partners/{contoso.pk}/manage/notices/{notice.pk}/withdraw/"
    assert page in as_manager.get(url(contoso)).content.decode()
    data = {"withdrawn_on": "2019-11-25", "reason": "its letter of 25 November"}
    before = db_state()

    review = as_manager.post(page, {"step": "review", **data}).content.decode()
    assert "the membership renews on 1 January 2020 as usual" in review
    assert db_state() == before
    as_manager.post(page, {"step": "confirm", **data})

    notice.refresh_from_db()
    assert notice.withdrawn_on == dt.date(2019, 11, 25)
    refused = as_manager.post(page, {"step": "confirm", **data}).content.decode()
    assert "this notice was withdrawn already, on 25 November 2019" in refused
    # A new notice may end the same Program Year again.
    as_manager.post(url(contoso, "non-renewal"), {"step": "confirm", "received_on": "2019-11-28", "note": ""})
    assert NonRenewalNotice.objects.filter(partner=contoso, withdrawn_on__isnull=True).count() == 1


def test_a_withdrawn_notice_lets_the_tick_renew_the_membership(partner_in, manager_user):
    contoso = partner_in("registered")
    notice = non_renewal_notice_record(partner=contoso, received_on=dt.date(2019, 11, 20), acting_user=manager_user)
    non_renewal_notice_withdraw(
        notice=notice, withdrawn_on=dt.date(2019, 11, 25), acting_user=manager_user, reason="by letter"
    )

    jobs.run(dt.date(2020, 1, 1))

    contoso.refresh_from_db()
    assert contoso.status == PartnerStatus.REGISTERED
    assert Invoice.objects.filter(partner=contoso, program_year=2020, origin="renewal").count() == 1


def test_another_partners_notice_is_404(as_manager, partner_in):
    contoso = partner_in("registered")
    other = partner_in("registered", name="Fabrikam")
    as_manager.post(url(other, "non-renewal"), {"step": "confirm", "received_on": "2019-11-20", "note": ""})
    notice = NonRenewalNotice.objects.get(partner=other)

    assert as_manager.get(f"/partners/{contoso.pk}/manage/notices/{notice.pk}/withdraw/").status_code == 404


def test_a_german_manager_reads_the_lifecycle_actions_in_german(client, manager_user, partner_in):
    choose_language(user=manager_user, language="de")
    client.force_login(manager_user)
    as_manager = client
    contoso = partner_in("registered")

    manage = as_manager.get(url(contoso)).content.decode()
    assert "Teilnahme kündigen" in manage
    assert "Klassifizierung neu zuordnen" in manage
    assert "Terminate the participation" not in manage

    confirmed = as_manager.post(
        url(contoso, "non-renewal"), {"step": "confirm", "received_on": "2019-11-20", "note": ""}, follow=True
    ).content.decode()
    assert f"Die Nichtverlängerungsmitteilung von {contoso.name} ist erfasst." in confirmed

    notice = NonRenewalNotice.objects.get(partner=contoso)
    withdraw = as_manager.get(f"/partners/{contoso.pk}/manage/notices/{notice.pk}/withdraw/").content.decode()
    assert "Die am 20. November 2019 eingegangene Nichtverlängerungsmitteilung zurücknehmen" in withdraw
