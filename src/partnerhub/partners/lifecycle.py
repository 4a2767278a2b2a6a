"""The Django side of the lifecycle's transition table (`policy.lifecycle`): every service asks
`check_transition` before it writes; an action not allowed answers 422 naming the rule and its section."""

from __future__ import annotations

from partnerhub.core.errors import PolicyViolation, Violation
from partnerhub.policy import lifecycle
from partnerhub.policy.lifecycle import Transition


def check_transition(status: str, action: str) -> Transition:
    """The transition `action` from `status`, or PolicyViolation (422) naming the rule and its section."""
    reason = lifecycle.transition_reason(status, action)
    if not reason.met:
        raise PolicyViolation([Violation(code=reason.code, section=reason.section, message=reason.message)])
    return lifecycle.TRANSITIONS[action]


def next_status(status: str, action: str) -> str:
    check_transition(status, action)
    return lifecycle.next_status(status, action)
