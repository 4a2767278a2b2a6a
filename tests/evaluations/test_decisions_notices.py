"""Decisions, notices and the tick (§8.0, docs/policy.md#r9-1): a change is notified on or before the notification
date, takes effect only after its notice, and a notice is never sent twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from partnerhub.core.languages import choose_language
from partnerhub.evaluations.letters import notice_pdf
from partnerhub.evaluations.models import EvaluationDecision, Notice, NoticeStatus, Reminder, Scorecard
from partnerhub.partners.models import ClassificationChange, Partner, PartnerEvent
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def run(api_client, manager_user, program) -> dict[str, Any]:
    response = api_client(manager_user).post(
        "/api/v1/evaluations/", {"period": "2019Q2", "as_of": "2019-07-05"}, format="json"
    )
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def card_id(run: dict[str, Any], partner: Partner) -> int:
    return Scorecard.objects.get(run_id=run["id"], partner=partner).pk


def decide(client, run: dict[str, Any], partner: Partner, **body: Any):
    url = f"/api/v1/evaluations/{run['id']}/scorecards/{card_id(run, partner)}/decision/"
    return client.post(url, {"reason": "as evaluated", "decided_on": "2019-07-10", **body}, format="json")


def tick(day: str, committed) -> str:
    from io import StringIO

    out = StringIO()
    with committed():
        call_command("tick", "--as-of", day, stdout=out)
    return out.getvalue()


def notice_mails(partner: Partner) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if partner.name in m.subject and "Evaluation" in m.subject]


def test_an_accepted_downgrade_is_noticed_then_applied(
    api_client, manager_user, contoso_user, run, program, committed
) -> None:
    client = api_client(manager_user)
    with committed():
        response = decide(client, run, program.contoso, accept=True, reason="CIE and sales missing")
    assert response.status_code == 200, response.json()
    assert response.json()["decision"]["outcome"] == "reassign_down"
    assert response.json()["decision"]["accepted"] is True

    notice = Notice.objects.get(partner=program.contoso)
    assert (notice.status, notice.kind, notice.period) == (NoticeStatus.PENDING, "downgrade", "2019Q2")
    assert notice.notify_by == D(2019, 8, 1)
    assert "from Implementation Partner to Alliance Partner" in notice.subject
    assert "1 more certified CIE for 1RPA in Europe, Middle East and Africa" in notice.body
    # Not sent yet: the partner does not see it.
    partner_client = api_client(contoso_user)
    assert partner_client.get("/api/v1/evaluations/notices/").json()["results"] == []

    out = tick("2019-07-10", committed)
    assert "downgrade notice sent to Contoso" in out
    notice.refresh_from_db()
    assert (notice.status, notice.sent_on, notice.effective_on) == (NoticeStatus.SENT, D(2019, 7, 10), D(2019, 7, 11))
    sent = notice_mails(program.contoso)
    assert len(sent) == 1
    assert set(sent[0].to) == {"contact@contoso.example", "carl@contoso.example"}
    assert sent[0].attachments[0][0] == f"notice-2019Q2-{program.contoso.pk}.pdf"
    assert sent[0].attachments[0][1][:4] == b"%PDF"
    program.contoso.refresh_from_db()
    assert program.contoso.classification == "implementation"  # not before the notice took effect

    listed = partner_client.get("/api/v1/evaluations/notices/").json()["results"]
    assert [item["id"] for item in listed] == [notice.pk]
    pdf = partner_client.get(f"/api/v1/evaluations/notices/{notice.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content[:4] == b"%PDF"

    assert "notice" not in tick("2019-07-10", committed)  # the same day again: nothing
    out = tick("2019-07-11", committed)
    assert "downgrade of Contoso applied" in out
    program.contoso.refresh_from_db()
    assert program.contoso.classification == "alliance"
    change = ClassificationChange.objects.get(partner=program.contoso)
    assert (change.from_classification, change.to_classification) == ("implementation", "alliance")
    assert (change.changed_on, change.notice_on) == (D(2019, 7, 11), D(2019, 7, 10))
    assert change.notice == notice.subject
    ours = ("evaluation_decided", "evaluation_notice_sent", "classification_changed")
    kinds = PartnerEvent.objects.filter(partner=program.contoso, kind__in=ours).values_list("kind", flat=True)
    assert list(kinds) == list(ours)

    assert tick("2019-07-12", committed).strip().endswith("0 change(s)")
    assert len(notice_mails(program.contoso)) == 1


def test_a_rerun_never_sends_a_notice_twice(api_client, manager_user, run, program, committed) -> None:
    client = api_client(manager_user)
    decide(client, run, program.contoso, accept=True)
    decide(client, run, program.globex, accept=True)
    tick("2019-07-10", committed)
    tick("2019-07-10", committed)
    assert len(notice_mails(program.contoso)) == 1

    rerun = client.post(
        "/api/v1/evaluations/", {"period": "2019Q2", "rerun": True, "as_of": "2019-07-10"}, format="json"
    )
    assert rerun.status_code == 201
    second = rerun.json()
    # Globex's termination notice was sent: the second run's change for it is refused, not sent again.
    refused = decide(client, second, program.globex, accept=True, decided_on="2019-07-11")
    assert refused.status_code == 409
    assert "never sent twice" in refused.json()["detail"]
    # Deciding on the superseded run is refused too.
    assert decide(client, run, program.hooli, accept=True).status_code == 409

    tick("2019-07-11", committed)
    tick("2019-07-12", committed)
    assert Notice.objects.filter(partner=program.globex).count() == 1
    assert Notice.objects.filter(partner=program.contoso).count() == 1
    assert len(notice_mails(program.contoso)) == 1
    assert len(notice_mails(program.globex)) == 1
    program.globex.refresh_from_db()
    assert program.globex.status == "terminated"


def test_redeciding_before_the_notice_is_sent_withdraws_it(api_client, manager_user, run, program, committed) -> None:
    client = api_client(manager_user)
    decide(client, run, program.contoso, accept=True)
    response = decide(client, run, program.contoso, accept=False, outcome="at_risk", reason="hiring a CIE")
    assert response.status_code == 200
    assert response.json()["decision"]["accepted"] is False
    notice = Notice.objects.get(partner=program.contoso)
    assert notice.status == NoticeStatus.WITHDRAWN
    tick("2019-07-10", committed)
    assert notice_mails(program.contoso) == []
    # And decided down again, the same notice row comes back to be sent (one per partner and period).
    decide(client, run, program.contoso, accept=True, reason="no CIE after all")
    tick("2019-07-10", committed)
    assert Notice.objects.filter(partner=program.contoso).count() == 1
    assert len(notice_mails(program.contoso)) == 1


def test_an_override_names_its_outcome_and_target(api_client, manager_user, run, program) -> None:
    client = api_client(manager_user)
    missing = decide(client, run, program.hooli, accept=False)
    assert missing.status_code == 400
    assert "outcome" in missing.json()["errors"]
    wrong_way = decide(client, run, program.hooli, accept=False, outcome="reassign_down", target="solution")
    assert wrong_way.status_code == 422
    assert wrong_way.json()["violations"][0]["section"] == "3.0"
    kept = decide(client, run, program.hooli, accept=False, outcome="keep", reason="one more quarter first")
    assert kept.status_code == 200
    assert kept.json()["decision"] == {
        "outcome": "keep",
        "target": None,
        "accepted": False,
        "reason": "one more quarter first",
        "decided_on": "2019-07-10",
        "decided_by": manager_user.pk,
    }
    assert not Notice.objects.exists()
    assert decide(client, run, program.hooli, accept=True, reason="").status_code == 400


def test_a_change_decided_after_the_notification_date_is_refused(api_client, manager_user, run, program) -> None:
    client = api_client(manager_user)
    late = decide(client, run, program.contoso, accept=True, decided_on="2019-08-02")
    assert late.status_code == 422
    violation = late.json()["violations"][0]
    assert violation["section"] == "8.0"
    assert "2019-08-01" in violation["message"]
    assert not EvaluationDecision.objects.exists()
    # Keeping a partner changes nothing, so it needs no notice and can be decided later.
    assert decide(client, run, program.northwind, accept=True, decided_on="2019-08-02").status_code == 200


def test_managers_are_warned_once_of_undecided_partners(api_client, manager_user, run, program, committed) -> None:
    assert "warned" not in tick("2019-07-01", committed)  # 31 days before 1 August: not yet
    out = tick("2019-07-02", committed)
    assert "2019Q2: warned managers of 5 undecided partner(s)" in out
    warnings = [m for m in mail.outbox if "still undecided" in m.subject]
    assert len(warnings) == 1
    assert warnings[0].to == ["manager@vendor.example"]
    assert "2019-08-01" in warnings[0].body
    assert "warned" not in tick("2019-07-03", committed)
    assert Reminder.objects.count() == 1


def test_accepting_all_keep_recommendations_at_once(api_client, manager_user, run, program) -> None:
    client = api_client(manager_user)
    response = client.post(
        f"/api/v1/evaluations/{run['id']}/accept/",
        {"outcomes": ["keep"], "reason": "meets its rows", "decided_on": "2019-07-10"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == {"decided": 2}
    decided = EvaluationDecision.objects.order_by("scorecard__partner__name")
    assert [d.scorecard.partner.name for d in decided] == ["Fabrikam", "Northwind"]
    assert PartnerEvent.objects.filter(partner=program.northwind, kind="evaluation_decided").count() == 1
    again = client.post(
        f"/api/v1/evaluations/{run['id']}/accept/", {"outcomes": ["keep"], "reason": "again"}, format="json"
    )
    assert again.json() == {"decided": 0}


def test_notices_of_other_partners_are_not_found(api_client, manager_user, northwind_user, run, program, committed):
    decide(api_client(manager_user), run, program.contoso, accept=True)
    tick("2019-07-10", committed)
    notice = Notice.objects.get(partner=program.contoso)
    client = api_client(northwind_user)
    assert client.get(f"/api/v1/evaluations/notices/{notice.pk}/").status_code == 404
    assert client.get(f"/api/v1/evaluations/notices/{notice.pk}/pdf/").status_code == 404
    assert client.get("/api/v1/evaluations/notices/").json()["results"] == []


def test_a_change_not_notified_by_the_notification_date_lapses_instead_of_taking_effect(
    api_client, manager_user, run, program, committed
) -> None:
    """§8.0 footnote 4: a change notified after the period's notification date must not take effect without a
    new, timely decision; the daily tick sent a late notice and applied it."""
    decided = decide(api_client(manager_user), run, program.contoso, accept=True, reason="CIE and sales missing")
    assert decided.status_code == 200, decided.json()
    notice = Notice.objects.get(partner=program.contoso)
    assert notice.notify_by == D(2019, 8, 1)

    out = tick("2019-08-02", committed)  # no tick ran between the decision and the notification date
    out += tick("2019-08-03", committed)

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.LAPSED
    assert notice.sent_on is None
    assert "lapsed" in out and "notice sent" not in out
    assert notice_mails(program.contoso) == []
    program.contoso.refresh_from_db()
    assert program.contoso.classification == "implementation"
    lapsed = PartnerEvent.objects.get(partner=program.contoso, kind="evaluation_notice_lapsed")
    assert lapsed.section == "8.0" and "new, timely decision" in lapsed.message


def test_a_notice_already_sent_late_is_not_applied(api_client, manager_user, run, program, committed) -> None:
    """§8.0 footnote 4, for a notice sent late before this rule: it lapses at the tick instead of applying."""
    decide(api_client(manager_user), run, program.contoso, accept=True, reason="CIE and sales missing")
    Notice.objects.filter(partner=program.contoso).update(
        status=NoticeStatus.SENT, sent_on=D(2019, 8, 2), effective_on=D(2019, 8, 3)
    )

    out = tick("2019-08-03", committed)

    assert "applied" not in out
    assert Notice.objects.get(partner=program.contoso).status == NoticeStatus.LAPSED
    program.contoso.refresh_from_db()
    assert program.contoso.classification == "implementation"


def test_a_german_user_gets_the_notice_and_its_letter_in_german(
    api_client, manager_user, contoso_user, run, program, committed
) -> None:
    choose_language(user=contoso_user, language="de")
    with committed():
        assert (
            decide(api_client(manager_user), run, program.contoso, accept=True, reason="CIE fehlt").status_code == 200
        )
    tick("2019-07-10", committed)

    notice = Notice.objects.get(partner=program.contoso)
    assert "your classification changes from Implementation Partner to Alliance Partner" in notice.subject
    sent = {tuple(m.to): m for m in mail.outbox if program.contoso.name in m.subject}
    english, german = sent[("contact@contoso.example",)], sent[("carl@contoso.example",)]
    assert english.subject == f"[Partnerhub] Contoso: {notice.subject}"
    assert german.subject.endswith("Ihre Klassifizierung ändert sich von Implementation Partner zu Alliance Partner")
    assert "Sehr geehrte Damen und Herren der Contoso," in german.body
    assert "Begründung: CIE fehlt" in german.body
    assert "spätestens am 01.08.2019 mitgeteilt (§8.0)" in german.body
    assert "Das Schreiben ist angehängt" in german.body
    assert notice_mails(program.contoso)  # the English one, as before

    letter = pdf_text(german.attachments[0][1])
    assert "Partnerprogramm: Mitteilung einer Änderung" in letter
    assert "versandt am 10.07.2019" in letter
    assert "(§8.0)" in letter
    english_letter = pdf_text(notice_pdf(notice, "en"))
    assert "Partner program: notice of change" in english_letter and "sent on 2019-07-10" in english_letter
