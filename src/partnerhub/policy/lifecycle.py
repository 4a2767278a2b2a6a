"""The partner lifecycle's transition table (§2.0, §5.1): the one place that says which action may
happen in which status, and what status follows. The Django side asks `partners.lifecycle.check_transition`,
which refuses (422, naming the rule and its section) what `transition_reason` finds not met.

    applied ──approve──▶ approved ──register──▶ registered
       │                   │  ▲                    │
     reject           deactivate│rejoin        (non-renewal at year end)
       ▼                   ▼  │                    ▼
    rejected            deactivated ◀──────────────┘
                           │
    approved / registered / deactivated ──terminate──▶ terminated

`rejected` and `terminated` are final: a rejected applicant applies again as a new application, and a
terminated partner's participation has ended altogether (§2.0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerhub.policy.decision import Reason
from partnerhub.policy.model import Policy

APPLIED = "applied"
REJECTED = "rejected"
APPROVED = "approved"
REGISTERED = "registered"
DEACTIVATED = "deactivated"
TERMINATED = "terminated"
STATUSES = (APPLIED, REJECTED, APPROVED, REGISTERED, DEACTIVATED, TERMINATED)
"""A partner's statuses, as `partners.models.PartnerStatus` stores them (a test keeps the two equal)."""

ENROLLMENT_SECTION = "2.0"
"""§2.0 Enrollment and participation: applying, approval, the qualification window, registration,
deactivation, termination and rejoining."""
CLASSIFICATIONS_SECTION = "3.0"
"""§3.0 Partner classifications: what a re-assignment changes."""
RENEWAL_SECTION = "5.1"
"""§5.1 Program fees: the renewal on 1 January and the notice of non-renewal that stops it."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None
    """The status after the action; None keeps the current status."""
    section: str
    rule: str
    """The rule in words, as a refusal quotes it."""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("approve", (APPLIED,), APPROVED, ENROLLMENT_SECTION, "only an application can be approved"),
        Transition("reject", (APPLIED,), REJECTED, ENROLLMENT_SECTION, "only an application can be rejected"),
        Transition(
            "register",
            (APPROVED,),
            REGISTERED,
            ENROLLMENT_SECTION,
            "a partner becomes a Registered Partner from its qualification window, when it meets the minimum criteria",
        ),
        Transition(
            "deactivate",
            (APPROVED,),
            DEACTIVATED,
            ENROLLMENT_SECTION,
            "only a prospective partner whose qualification window ended without registration may be deactivated",
        ),
        Transition(
            "terminate",
            (APPROVED, REGISTERED, DEACTIVATED),
            TERMINATED,
            ENROLLMENT_SECTION,
            "only a partner admitted to the program can have its participation terminated",
        ),
        Transition(
            "reassign",
            (APPROVED, REGISTERED),
            None,
            ENROLLMENT_SECTION,
            "only a partner in the program can be re-assigned to another classification",
        ),
        Transition(
            "rejoin",
            (DEACTIVATED,),
            APPROVED,
            ENROLLMENT_SECTION,
            "only a deactivated partner can rejoin the program",
        ),
        Transition(
            "change_terms",
            (APPROVED, REGISTERED),
            None,
            ENROLLMENT_SECTION,
            "only a partner in the program has terms of participation to change",
        ),
        Transition(
            "record_non_renewal_notice",
            (APPROVED, REGISTERED),
            None,
            RENEWAL_SECTION,
            "only a partner whose membership runs can give notice of non-renewal",
        ),
        Transition(
            "withdraw_non_renewal_notice",
            (APPROVED, REGISTERED),
            None,
            RENEWAL_SECTION,
            "only a partner whose membership still runs can take its notice of non-renewal back",
        ),
        Transition(
            "renew",
            (APPROVED, REGISTERED),
            None,
            RENEWAL_SECTION,
            "only a partner whose membership runs renews on 1 January",
        ),
        Transition(
            "end_membership",
            (APPROVED, REGISTERED),
            DEACTIVATED,
            RENEWAL_SECTION,
            "only a partner whose membership runs can reach its end by non-renewal",
        ),
    )
}


def transition_reason(status: str, action: str) -> Reason:
    """Whether `action` may happen to a partner in `status`: one condition, met or not, with the rule in
    words and its section. (No policy version: the table is the programme's, not a published version's.)"""
    transition = TRANSITIONS[action]
    allowed = ", ".join(transition.sources)
    return Reason(
        code="transition_not_allowed",
        section=transition.section,
        message=f"cannot {action.replace('_', ' ')} a partner whose status is {status}: "
        f"{transition.rule} (allowed from: {allowed})",
        met=status in transition.sources,
    )


def next_status(status: str, action: str) -> str:
    """The status after `action` (assumed allowed): its target, or `status` when it keeps the status."""
    target = TRANSITIONS[action].target
    return status if target is None else target


def window_ended(qualification_deadline: dt.date | None, on: dt.date) -> Reason:
    """§2.0: a prospective partner may be deactivated on `on` only after its qualification window ended
    without registration (a partner without a window has none to wait for)."""
    if qualification_deadline is None:
        return Reason("qualification_window_open", ENROLLMENT_SECTION, "no qualification window runs", True)
    return Reason(
        "qualification_window_open",
        ENROLLMENT_SECTION,
        f"the qualification window runs until {qualification_deadline.isoformat()}: a prospective partner may be "
        f"deactivated only after its window ended without registration",
        on > qualification_deadline,
    )


def notice_before_change(policy: Policy, notice_on: dt.date | None, effective_on: dt.date) -> Reason:
    """A change of classification takes effect after its notice (§8.0), never before it."""
    if notice_on is None:
        return Reason("change_before_notice", policy.calendar.section, "no notice is dated", True)
    return Reason(
        "change_before_notice",
        policy.calendar.section,
        f"a change of classification takes effect after its notice: notice of "
        f"{notice_on.isoformat()} is after {effective_on.isoformat()}",
        notice_on <= effective_on,
    )
