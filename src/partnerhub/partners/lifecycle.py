"""The partner lifecycle's transition table (§2.0, §5.1): the one place that says which action may
happen in which status, and what status follows. Every service asks `check_transition` before it writes;
an action not allowed answers 422 naming the rule and its section.

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

from partnerhub.core.problems import PolicyViolation, Violation
from partnerhub.partners.models import PartnerStatus

S = PartnerStatus


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[PartnerStatus, ...]
    target: PartnerStatus | None
    """The status after the action; None keeps the current status."""
    section: str
    rule: str
    """The rule in words, as a refusal quotes it."""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("approve", (S.APPLIED,), S.APPROVED, "2.0", "only an application can be approved"),
        Transition("reject", (S.APPLIED,), S.REJECTED, "2.0", "only an application can be rejected"),
        Transition(
            "register",
            (S.APPROVED,),
            S.REGISTERED,
            "2.0",
            "a partner becomes a Registered Partner from its qualification window, when it meets the minimum criteria",
        ),
        Transition(
            "deactivate",
            (S.APPROVED,),
            S.DEACTIVATED,
            "2.0",
            "only a prospective partner whose qualification window ended without registration may be deactivated",
        ),
        Transition(
            "terminate",
            (S.APPROVED, S.REGISTERED, S.DEACTIVATED),
            S.TERMINATED,
            "2.0",
            "only a partner admitted to the program can have its participation terminated",
        ),
        Transition(
            "reassign",
            (S.APPROVED, S.REGISTERED),
            None,
            "2.0",
            "only a partner in the program can be re-assigned to another classification",
        ),
        Transition(
            "rejoin",
            (S.DEACTIVATED,),
            S.APPROVED,
            "2.0",
            "only a deactivated partner can rejoin the program",
        ),
        Transition(
            "change_terms",
            (S.APPROVED, S.REGISTERED),
            None,
            "2.0",
            "only a partner in the program has terms of participation to change",
        ),
        Transition(
            "record_non_renewal_notice",
            (S.APPROVED, S.REGISTERED),
            None,
            "5.1",
            "only a partner whose membership runs can give notice of non-renewal",
        ),
        Transition(
            "withdraw_non_renewal_notice",
            (S.APPROVED, S.REGISTERED),
            None,
            "5.1",
            "only a partner whose membership still runs can take its notice of non-renewal back",
        ),
        Transition(
            "renew",
            (S.APPROVED, S.REGISTERED),
            None,
            "5.1",
            "only a partner whose membership runs renews on 1 January",
        ),
        Transition(
            "end_membership",
            (S.APPROVED, S.REGISTERED),
            S.DEACTIVATED,
            "5.1",
            "only a partner whose membership runs can reach its end by non-renewal",
        ),
    )
}


def check_transition(status: str, action: str) -> Transition:
    """The transition `action` from `status`, or PolicyViolation (422) naming the rule and its section."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        allowed = ", ".join(str(source) for source in transition.sources)
        raise PolicyViolation(
            [
                Violation(
                    code="transition_not_allowed",
                    section=transition.section,
                    message=f"cannot {action.replace('_', ' ')} a partner whose status is {status}: "
                    f"{transition.rule} (allowed from: {allowed})",
                )
            ]
        )
    return transition


def next_status(status: str, action: str) -> str:
    transition = check_transition(status, action)
    return status if transition.target is None else str(transition.target)
