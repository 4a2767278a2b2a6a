"""What the benefits app does when the partners app ends a membership (listed in `partnerhub.reactions`).

A termination, a deactivation or a membership ended by notice takes away the vendor's written approvals to use
its marks (§10.3) and the credentials to its products (§10.1) in the same transaction: nothing outlives the
membership until the next tick, and a refused change leaves them running.
"""

from __future__ import annotations

from partnerhub.benefits.services.membership import licenses_end_with_membership
from partnerhub.partners.events import PartnersEventKind
from partnerhub.partners.models import PartnerEvent

WHY: dict[str, str] = {
    PartnersEventKind.TERMINATED: "terminated",
    PartnersEventKind.DEACTIVATED: "deactivated",
    PartnersEventKind.MEMBERSHIP_ENDED: "not renewed",
}
"""The few words each ending kind gives the license's reason, the timeline and the mail."""


def licenses_on_membership_end(event: PartnerEvent) -> None:
    """Withdraw the trademark approvals and revoke the product subscriptions still running on the day the
    membership ends (the event's effective date, which may lie after the day it is recorded)."""
    assert event.effective_on is not None, f"a {event.kind} event has the day the membership ends"
    licenses_end_with_membership(
        partner=event.partner, ended_on=event.effective_on, why=WHY[event.kind], acting_user=event.actor
    )
