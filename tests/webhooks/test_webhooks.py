"""Webhooks: an outbox row with the change, signed deliveries in order per partner, retried, replayable."""

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone
from prometheus_client import REGISTRY

from partnerhub.billing.events import BillingEventKind
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.history import EventKind, record_event
from partnerhub.partners.models import Classification, Partner, PartnerKind
from partnerhub.people.events import PeopleEventKind
from partnerhub.webhooks import services
from partnerhub.webhooks.models import Delivery, DeliveryStatus, Endpoint, WebhookEvent
from partnerhub.webhooks.tasks import webhook_sweep

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Receiver:
    url: str
    fail_first: int = 0
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answered: int = 0


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.answered += 1
            if state.answered <= state.fail_first:
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"down for maintenance")
                return
            state.received.append((dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()


def _change(partner: Partner, kind: EventKind, message: str = "changed") -> None:
    # A bare event of a kind whose reactions need no facts ("applied" rather than "approved", to which
    # billing reacts by invoicing the fee of the classification the approval carries).
    with transaction.atomic():
        record_event(partner=partner, kind=kind, message=message, section="2.0", actor=None, data={"n": message})


def _verified(secret: str, headers: dict[str, str], body: bytes) -> bool:
    parts = dict(item.split("=", 1) for item in headers["Partnerhub-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def _deliveries_counted(outcome: str) -> float:
    return REGISTRY.get_sample_value("partnerhub_webhook_deliveries_total", {"outcome": outcome}) or 0.0


def _due_again() -> None:
    Delivery.objects.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())
    webhook_sweep.delay().get()


def test_events_are_signed_retried_and_arrive_once_in_order(receiver, partner, manager_user):
    endpoint = services.endpoint_create(
        url=receiver.url, events=["partner.status_changed", "invoice.paid"], partner=None, acting_user=manager_user
    )
    receiver.fail_first = 2
    counted = {outcome: _deliveries_counted(outcome) for outcome in ("delivered", "retry")}

    _change(partner, PartnersEventKind.APPLIED, "first")
    _change(partner, BillingEventKind.INVOICE_PAID, "second")
    _change(partner, PeopleEventKind.PERSON_ADDED, "not an event anybody chose")
    assert receiver.received == []
    _due_again()
    _due_again()

    bodies = [json.loads(body) for _, body in receiver.received]
    assert [(b["type"], b["data"]["n"]) for b in bodies] == [
        ("partner.status_changed", "first"),
        ("invoice.paid", "second"),
    ]
    assert all(_verified(endpoint.secret, headers, body) for headers, body in receiver.received)
    assert bodies[0]["partner"] == {"id": partner.pk, "name": partner.name}
    first = Delivery.objects.order_by("id").first()
    assert first is not None
    assert first.status == DeliveryStatus.DELIVERED
    assert [(a.status_code, a.response) for a in first.attempt_log.all()] == [
        (500, "down for maintenance"),
        (500, "down for maintenance"),
        (204, ""),
    ]
    _due_again()
    assert len(receiver.received) == 2
    assert _deliveries_counted("delivered") - counted["delivered"] == 2
    assert _deliveries_counted("retry") - counted["retry"] == 2


def test_a_tampered_body_fails_the_signature(receiver, partner, manager_user):
    endpoint = services.endpoint_create(
        url=receiver.url, events=["partner.status_changed"], partner=None, acting_user=manager_user
    )
    _change(partner, PartnersEventKind.APPLIED)

    [(headers, body)] = receiver.received
    assert not _verified(endpoint.secret, headers, body.replace(b"applied", b"rejected"))


def test_a_partners_events_never_reach_another_partners_endpoint(receiver, partner, manager_user):
    other = Partner.objects.create(name="Other Ltd", kind=PartnerKind.COMPANY, classification=Classification.ALLIANCE)
    services.endpoint_create(
        url=receiver.url, events=["partner.status_changed"], partner=other, acting_user=manager_user
    )

    _change(partner, PartnersEventKind.APPLIED)
    _change(other, PartnersEventKind.APPLIED, "theirs")

    assert [json.loads(body)["partner"]["id"] for _, body in receiver.received] == [other.pk]


def test_a_change_that_rolled_back_sends_nothing(receiver, partner, manager_user):
    services.endpoint_create(
        url=receiver.url, events=["partner.status_changed"], partner=None, acting_user=manager_user
    )

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(partner=partner, kind=PartnersEventKind.APPLIED, message="m", section="2.0", actor=None)
        raise RuntimeError("refused")

    assert not WebhookEvent.objects.exists()
    assert receiver.received == []


def test_managers_register_endpoints_through_the_api_and_bad_input_writes_nothing(api_client, manager_user):
    client = api_client(manager_user)

    bad = client.post(
        "/api/v1/webhooks/endpoints/", {"url": "ftp://crm.example", "events": ["deal.won"]}, format="json"
    )
    good = client.post(
        "/api/v1/webhooks/endpoints/",
        {"url": "https://crm.example/hooks", "events": ["deal.approved", "deal.closed"]},
        format="json",
    )

    assert bad.status_code == 400
    assert "url" in json.dumps(bad.json()) and "deal.won" in json.dumps(bad.json())
    assert good.status_code == 201
    assert good.json()["secret"].startswith("whsec_")
    assert Endpoint.objects.count() == 1


def test_a_partner_user_cannot_see_webhooks(api_client, partner_user):
    assert api_client(partner_user).get("/api/v1/webhooks/endpoints/").status_code == 403


def test_a_delivery_is_replayed_from_the_console(client, receiver, partner, manager_user):
    services.endpoint_create(
        url=receiver.url, events=["partner.status_changed"], partner=None, acting_user=manager_user
    )
    _change(partner, PartnersEventKind.APPLIED)
    delivery = Delivery.objects.get()
    client.force_login(manager_user)

    page = client.get("/console/webhooks/").content.decode()
    response = client.post(f"/console/webhooks/deliveries/{delivery.pk}/replay/")

    assert receiver.url in page and "delivered after 1 attempt" in page
    assert response.status_code == 302
    assert len(receiver.received) == 2
    assert json.loads(receiver.received[0][1])["id"] == json.loads(receiver.received[1][1])["id"]
    assert Delivery.objects.filter(replay_of=delivery, status=DeliveryStatus.DELIVERED).exists()
