"""The timeline and the latest events as a partner manager writes them: dates as the portal shows dates,
sentences that start with a capital and end with a full stop, and long unbroken text wrapped."""

import datetime as dt

import pytest

from partnerhub.portal.templatetags.portal import sentence


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (
            "Applied as Alliance Partner on 2019-01-02; regions EMEA",
            "Applied as Alliance Partner on 2 January 2019; regions EMEA.",
        ),
        ("approved on 2019-05-20 by maria: good fit", "Approved on 20 May 2019 by maria: good fit."),
        ("Paid (reference 2019-13-45)", "Paid (reference 2019-13-45)"),
        ("", ""),
    ],
)
def test_a_stored_message_reads_as_a_sentence(stored, shown):
    assert sentence(stored) == shown


@pytest.mark.django_db
def test_the_timeline_shows_its_entries_as_sentences_in_effective_date_order(client, partner_in, manager_user):
    partner = partner_in("approved", name="Contoso", applied_on=dt.date(2019, 1, 2), approved_on=dt.date(2019, 4, 15))
    client.force_login(manager_user)

    html = client.get(f"/partners/{partner.pk}/history/").content.decode()

    assert "on 2 January 2019" in html
    assert "2019-01-02;" not in html
    assert 'class="wrap"' in html
