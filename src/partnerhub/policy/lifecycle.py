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

from dataclasses import dataclass

from partnerhub.policy.decision import Reason

APPLIED = "applied"
REJECTED = "rejected"
APPROVED = "approved"
REGISTERED = "registered"
DEACTIVATED = "deactivated"
TERMINATED = "terminated"
STATUSES = (APPLIED, REJECTED, APPROVED, REGISTERED, DEACTIVATED, TERMINATED)
"""A partner's statuses, as `partners.models.PartnerStatus` stores them (a test keeps the two equal)."""


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
        Transition("approve", (APPLIED,), APPROVED, "2.0", "only an application can be approved"),
        Transition("reject", (APPLIED,), REJECTED, "2.0", "only an application can be rejected"),
        Transition(
            "register",
            (APPROVED,),
            REGISTERED,
            "2.0",
            "a partner becomes a Registered Partner from its qualification window, when it meets the minimum criteria",
        ),
        Transition(
            "deactivate",
            (APPROVED,),
            DEACTIVATED,
            "2.0",
            "only a prospective partner whose qualification window ended without registration may be deactivated",
        ),
        Transition(
            "terminate",
            (APPROVED, REGISTERED, DEACTIVATED),
            TERMINATED,
            "2.0",
            "only a partner admitted to the program can have its participation terminated",
        ),
        Transition(
            "reassign",
            (APPROVED, REGISTERED),
            None,
            "2.0",
            "only a partner in the program can be re-assigned to another classification",
        ),
        Transition(
            "rejoin",
            (DEACTIVATED,),
            APPROVED,
            "2.0",
            "only a deactivated partner can rejoin the program",
        ),
        Transition(
            "change_terms",
            (APPROVED, REGISTERED),
            None,
            "2.0",
            "only a partner in the program has terms of participation to change",
        ),
        Transition(
            "record_non_renewal_notice",
            (APPROVED, REGISTERED),
            None,
            "5.1",
            "only a partner whose membership runs can give notice of non-renewal",
        ),
        Transition(
            "withdraw_non_renewal_notice",
            (APPROVED, REGISTERED),
            None,
            "5.1",
            "only a partner whose membership still runs can take its notice of non-renewal back",
        ),
        Transition(
            "renew",
            (APPROVED, REGISTERED),
            None,
            "5.1",
            "only a partner whose membership runs renews on 1 January",
        ),
        Transition(
            "end_membership",
            (APPROVED, REGISTERED),
            DEACTIVATED,
            "5.1",
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
