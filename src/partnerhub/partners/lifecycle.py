"""The Django side of the lifecycle's transition table (`policy.lifecycle`): every service asks
`check_transition` before it writes; an action not allowed answers 422 naming the rule and its section."""

from __future__ import annotations

from partnerhub.core.errors import PolicyViolation, violations
from partnerhub.policy import lifecycle
from partnerhub.policy.decision import Reason
from partnerhub.policy.lifecycle import Transition


def refuse_unmet(*reasons: Reason) -> None:
    """PolicyViolation (422) listing every unmet reason of the lifecycle's rules, if any."""
    if any(not reason.met for reason in reasons):
        raise PolicyViolation(violations(reasons))


def check_transition(status: str, action: str) -> Transition:
    """The transition `action` from `status`, or PolicyViolation (422) naming the rule and its section."""
    refuse_unmet(lifecycle.transition_reason(status, action))
    return lifecycle.TRANSITIONS[action]


def next_status(status: str, action: str) -> str:
    check_transition(status, action)
    return lifecycle.next_status(status, action)
