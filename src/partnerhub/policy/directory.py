"""The public partner directory (docs/policy.md#r6-3): whether a partner is listed on a day, and who is featured.

The document names no directory: it wants partners that are brand ambassadors in the marketplace (§1.0) and gives
"Featured listings on our website" as a §5.1 benefit. The policy file's `directory:` part says what is listed; this
module judges one partner from its choice, its status and its good standing on the day (R2.7), all given.
"""

from __future__ import annotations

from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.lifecycle import ENROLLMENT_SECTION
from partnerhub.policy.model import Policy


def featured_classifications(policy: Policy) -> frozenset[str]:
    """The classifications whose column of the §5.1 matrix has the featured-listing benefit (none if unset)."""
    key = policy.directory.featured_benefit
    if key is None:
        return frozenset()
    return frozenset(c for benefit in policy.benefits if benefit.key == key for c in benefit.classifications)


def directory_listing(
    policy: Policy, *, opted_in: bool, status: str, standing: Decision[bool] | None
) -> Decision[bool]:
    """Whether a partner is shown in the public directory: the directory is offered, the partner chose to be
    listed, its status is one the policy lists and, where the policy asks, it is in good standing that day.
    `standing`: its good-standing decision on the day (None where the policy does not ask for it)."""
    part = policy.directory
    reasons = [
        Reason("directory_enabled", part.section, "The policy offers a public partner directory.", part.enabled),
        Reason("chose_to_be_listed", part.section, "The partner chose to be listed in the directory.", opted_in),
        Reason(
            "status_listed",
            ENROLLMENT_SECTION,
            f"Its status ({status}) is one the directory lists ({', '.join(part.statuses)}).",
            status in part.statuses,
        ),
    ]
    if part.good_standing:
        in_standing = standing is not None and bool(standing.outcome)
        reasons.append(Reason("good_standing", ENROLLMENT_SECTION, "It is in good standing on the day.", in_standing))
    met = all(reason.met for reason in reasons)
    return Decision(outcome=met, policy_version=policy.version_date, reasons=tuple(reasons))
