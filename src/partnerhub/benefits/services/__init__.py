"""Writes of the benefits app (docs/architecture.md#rule-3): keyword-only arguments, one transaction, a `PartnerEvent`
in that transaction for every change, mail after commit.

A request the policy refuses raises `PolicyViolation` (422, with each violated rule and its section) before
anything is written; a request that contradicts an object's state raises `Conflict` (409). The rules are
the policy package's (`policy.benefits`, `policy.licenses`, `policy.calendar`); nothing here re-decides them.

One module per sub-domain:
`benefit_requests`, `marketplace`, `leads`, `subscriptions`, `marketing`,
`trademark`, `demonstrations`, `membership` (licenses that end with the membership);
`common` holds what they share.
"""
